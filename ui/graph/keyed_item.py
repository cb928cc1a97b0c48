"""Base of every graph item: named values (keys such as z[1,1]) shown as rows."""

from collections.abc import Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from simulator.keys import MEAN_WRAP, Key
from ui.graph.graph_style import GraphStyle

# How each kind of key is named on its row when the caller gives no label ('dL/dz' -> '∂L/∂z').
ROW_NAMES = {
    "z": "z",
    "a": "a",
    "dL/da": "∂L/∂a",
    "dL/dz": "∂L/∂z",
    "W": "w",
    "dL/dW": "∂L/∂w",
    "b": "b",
    "dL/db": "∂L/∂b",
    "y": "y",
    "L": "L",
}
PLACEHOLDER = "∂L/∂a = -0.0000"  # the widest usual row, for measuring edge pills
ROW_SPACING = 1.1  # a row's height in lines of its font: room for its highlight pill
NUMBER_ROOM = "-0.0000"  # a row's room for its number until the iteration's widest is known


def default_name(key: str) -> str:
    """A row's name without the caller's labels: 'z', '∂L/∂w', 'mean ∂L/∂w' for a batch mean."""
    shape = key.translate(NO_DIGITS)  # a named kind's name never depends on the indices
    if shape in _DEFAULT_NAMES:
        return _DEFAULT_NAMES[shape]
    parsed = Key.parse(key)
    name = ROW_NAMES.get(parsed.kind, key)
    name = f"mean {name}" if parsed.wrap == MEAN_WRAP else name
    if parsed.kind in ROW_NAMES:
        _DEFAULT_NAMES[shape] = name
    return name


NO_DIGITS = str.maketrans("", "", "0123456789")
_DEFAULT_NAMES: dict[str, str] = {}  # a key's shape ('dL/dW[,,]') -> its row's default name


class KeyedItem(QGraphicsItem):
    """Shows one row per key ('z = 0.44'); a row is blank until its text is set.

    The row of the key being computed is emphasised in the theme's `current` colour and rows
    the current step reads in its `read` colour. `edit_key` / `click_key` name what a
    double-click / click on the item means to the scene (None: nothing).
    """

    def __init__(self, keys, style: GraphStyle, names=None):
        super().__init__()
        self.keys = tuple(keys)
        self.texts = dict.fromkeys(self.keys)
        self._defaults = {key: default_name(key) for key in self.keys}  # keys never change
        self._measures = {}  # sizes of the rows by what they depend on (_remembered)
        self.names = {}
        self._set_names(names)
        self.style = style
        self.current = None
        self.reads = frozenset()
        self.dimmed = False
        self.edit_key = None
        self.click_key = None
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.packed = False  # True: blank rows take no room (tags and edge pills)
        self.coming = None  # key -> the texts its row shows this iteration; None: not known
        self._bounds = QRectF()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self.keys)})"

    @property
    def mark(self) -> str | None:
        """'current' when the item holds the key being computed, 'read' when it is read."""
        return "current" if self.current else "read" if self.reads else None

    def rename(self, names) -> None:
        """Name the rows anew (another notation): `names` maps keys to row names."""
        self._set_names(names)
        self.reshape()

    def _set_names(self, names) -> None:
        self._measures.clear()
        self.names = dict(self._defaults)
        self.names.update({key: name for key, name in (names or {}).items() if key in self.texts})

    def set_text(self, key: str, text: str | None) -> None:
        """Show `text` on the row of `key` (None blanks it); repaints only on a change."""
        if self.texts[key] == text:
            return
        self.texts[key] = text
        self._measures.clear()
        self.retext()

    def retext(self) -> None:
        """Show the texts just set: the item measured and painted anew."""
        self.reshape()

    def reserve(self, coming: Mapping[str, tuple]) -> bool:
        """Keep room for every text each row shows this iteration (key -> texts; a key left
        out keeps what it shows now), so the item never grows as you step. True when the
        room changed."""
        coming = {key: coming[key] for key in self.keys if key in coming}
        if coming == self.coming:
            return False
        self.coming = coming
        self._measures.clear()
        self.reshape()
        return True

    def reserved_keys(self) -> tuple:
        """The keys given a row once the item is full: those shown now or later this
        iteration (every key while the iteration is not known: a batch mean may come)."""
        if self.coming is None:
            return self.keys
        return tuple(k for k in self.keys if k in self.coming or self.texts[k] is not None)

    def set_marks(self, current: str | None, reads: frozenset) -> None:
        """Mark `current` (one of this item's keys, or None) and the subset `reads` it reads."""
        if (current, reads) == (self.current, self.reads):
            return
        self.current, self.reads = current, reads
        self.setZValue(self.base_z() + (self.mark_raise if self.mark else 0))
        self.reshape()

    def set_dimmed(self, dimmed: bool) -> None:
        """Grey the item out (a value not computed yet)."""
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self.update()

    def set_style(self, style: GraphStyle) -> None:
        """Repaint with another theme or scale."""
        self.style = style
        self.reshape()

    def reshape(self) -> None:
        """Recompute the cached bounds (telling Qt only if they changed) and repaint."""
        bounds = self.compute_bounds()
        if bounds != self._bounds:
            self.prepareGeometryChange()  # Qt still reads the old bounds here
            self._bounds = bounds
        self.update()

    def compute_bounds(self) -> QRectF:
        """The item's bounding rectangle for its current state (overridden by each item)."""
        return QRectF()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def hoverEnterEvent(self, event) -> None:
        self.setToolTip(
            "\n".join(f"{key} = {text}" for key, text in self.texts.items() if text is not None)
        )
        self.set_hovered(True)

    def hoverLeaveEvent(self, event) -> None:
        self.set_hovered(False)

    def set_hovered(self, hovered: bool) -> None:
        """Items that open up under the pointer (edge pills, compact tags) override this."""
        self.hovered = hovered

    def focus_point(self):
        """Where a view following this item centres: the middle of what it shows."""
        return self.sceneBoundingRect().center()

    def base_z(self) -> float:
        """Stacking order when not highlighted (edges below nodes)."""
        return 1.0

    mark_raise = 2.0  # a marked item stands above its unmarked kind

    def row_text(self, key: str) -> str | None:
        """'z = 0.44', or just the number when the row has no name; None while blank."""
        text = self.texts[key]
        if text is None:
            return None
        name = self.names[key]
        return f"{name} = {text}" if name else text

    def row_height(self) -> float:
        """Height of one row, with room for its highlight pill."""
        return self.style.metrics().height() * ROW_SPACING

    def slots(self, keys: tuple | None = None) -> dict:
        """key -> (column, row) for `keys` (default `row_keys`): one column unless overridden."""
        keys = self.row_keys() if keys is None else keys
        return {key: (0, row) for row, key in enumerate(keys)}

    def column_widths(self, reserve: bool = True, keys: tuple | None = None) -> tuple:
        """Width of each column of rows (bold, as when emphasised); with `reserve`, room for
        every number the row shows this iteration (or one as wide as NUMBER_ROOM while they
        are not known), so cards keep their size as you step."""
        return self._remembered(self._measured_columns, reserve, keys)

    def _remembered(self, measure, reserve: bool, keys: tuple | None):
        """`measure(reserve, keys)`, remembered for each style's sizes until a text, name or
        coming number changes: a layout search measures every item several times at each
        style it tries."""
        style = self.style
        memo = (measure.__func__, reserve, keys, self.packed)
        memo += (style.scale, style.lettering, style.compact, style.card)
        value = self._measures.get(memo)
        if value is None:
            value = self._measures[memo] = measure(reserve, keys)
        return value

    def _measured_columns(self, reserve: bool, keys: tuple | None) -> tuple:
        widths: dict[int, float] = {}
        for key, (column, _) in self.slots(keys).items():
            texts = [self.row_text(key) or ""]
            if reserve:
                name = self.names[key]
                numbers = (NUMBER_ROOM,) if self.coming is None else self.coming.get(key, ())
                texts += [f"{name} = {number}" if name else number for number in numbers]
            width = max(self.style.text_width(text, bold=True) for text in texts)
            widths[column] = max(widths.get(column, 0.0), width + self.style.px(12))
        return tuple(widths[column] for column in sorted(widths)) or (self.style.px(12),)

    def rows_width(self, reserve: bool = True, keys: tuple | None = None) -> float:
        """Width of the rows of `keys` (default `row_keys`): their columns side by side."""
        return sum(self.column_widths(reserve, keys))

    def row_keys(self) -> tuple:
        """The keys given a row: all of them (so rows never move), or only shown ones if packed."""
        if self.packed:
            return tuple(key for key in self.keys if self.texts[key] is not None)
        return self.keys

    def rows_height(self, keys: tuple | None = None) -> float:
        """Height of the rows of `keys` (default `row_keys`), one slot per row of `slots`."""
        return self._remembered(self._measured_height, False, keys)

    def _measured_height(self, _reserve: bool, keys: tuple | None) -> float:
        rows = max((row for _, row in self.slots(keys).values()), default=0) + 1
        return self.row_height() * rows

    def paint_rows(self, painter: QPainter, rect: QRectF) -> None:
        """Draw each row centred in its slot of `rect`; the current and read rows get a pill."""
        height = self.row_height()
        widths = self.column_widths(reserve=False)  # the texts' own widths, spread to fill
        stretch = rect.width() / (sum(widths) or 1.0)
        for key, (column, row) in self.slots().items():
            text = self.row_text(key)
            if text is None:
                continue
            emphasised = key == self.current
            font = self.style.font(bold=emphasised or key in self.reads)
            width = self.style.text_width(text, bold=font.bold())
            left = rect.left() + sum(widths[:column]) * stretch
            slot = QRectF(left, rect.top() + row * height, widths[column] * stretch, height)
            if emphasised or key in self.reads:
                self._paint_pill(painter, slot, width, "current" if emphasised else "read")
            painter.setFont(font)
            painter.setPen(self.style.colour("dimmed" if self.dimmed else "text"))
            painter.drawText(slot, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_pill(self, painter: QPainter, slot: QRectF, text_width: float, mark: str) -> None:
        pad = self.style.px(6)
        pill = QRectF(0, 0, text_width + 2 * pad, slot.height() - self.style.px(2))
        pill.moveCenter(slot.center())
        painter.setPen(QPen(self.style.colour(mark), self.style.px(2)))
        painter.setBrush(self.style.colour(mark, 70))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)

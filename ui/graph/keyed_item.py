"""Base of every graph item: named values (keys such as z[1,1]) shown as rows."""

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from simulator.keys import Key
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
PLACEHOLDER = "∂L/∂a = -0.0000"  # rows reserve at least this width so cards do not jump


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
        self.names = {key: ROW_NAMES.get(Key.parse(key).kind, key) for key in self.keys}
        self.names.update({key: name for key, name in (names or {}).items() if key in self.texts})
        self.style = style
        self.current = None
        self.reads = frozenset()
        self.dimmed = False
        self.edit_key = None
        self.click_key = None
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.packed = False  # True: blank rows take no room (tags and edge pills)
        self._bounds = QRectF()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self.keys)})"

    @property
    def mark(self) -> str | None:
        """'current' when the item holds the key being computed, 'read' when it is read."""
        return "current" if self.current else "read" if self.reads else None

    def set_text(self, key: str, text: str | None) -> None:
        """Show `text` on the row of `key` (None blanks it); repaints only on a change."""
        if self.texts[key] == text:
            return
        self.texts[key] = text
        self.reshape()

    def set_marks(self, current: str | None, reads: frozenset) -> None:
        """Mark `current` (one of this item's keys, or None) and the subset `reads` it reads."""
        if (current, reads) == (self.current, self.reads):
            return
        self.current, self.reads = current, reads
        self.setZValue(self.base_z() + (2 if self.mark else 0))
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

    def base_z(self) -> float:
        """Stacking order when not highlighted (edges below nodes)."""
        return 1.0

    def row_text(self, key: str) -> str | None:
        """'z = 0.44', or just the number when the row has no name; None while blank."""
        text = self.texts[key]
        if text is None:
            return None
        name = self.names[key]
        return f"{name} = {text}" if name else text

    def row_height(self) -> float:
        """Height of one row, with room for its highlight pill."""
        return self.style.metrics().height() * 1.3

    def rows_width(self, reserve: bool = True) -> float:
        """Width of the widest row (bold, as when emphasised), at least the placeholder's."""
        metrics = self.style.metrics(bold=True)
        texts = [self.row_text(key) or "" for key in self.keys]
        if reserve:
            texts.append(PLACEHOLDER if len(self.keys) > 1 else "-0.0000")
        return max(metrics.horizontalAdvance(text) for text in texts) + self.style.px(12)

    def row_keys(self) -> tuple:
        """The keys given a row: all of them (so rows never move), or only shown ones if packed."""
        if self.packed:
            return tuple(key for key in self.keys if self.texts[key] is not None)
        return self.keys

    def rows_height(self) -> float:
        """Height of the rows, one slot per key of `row_keys`."""
        return self.row_height() * max(1, len(self.row_keys()))

    def paint_rows(self, painter: QPainter, rect: QRectF) -> None:
        """Draw each row centred in its slot of `rect`; the current and read rows get a pill."""
        height = self.row_height()
        for index, key in enumerate(self.row_keys()):
            text = self.row_text(key)
            if text is None:
                continue
            emphasised = key == self.current
            font = self.style.font(bold=emphasised or key in self.reads)
            width = self.style.metrics(bold=font.bold()).horizontalAdvance(text)
            slot = QRectF(rect.left(), rect.top() + index * height, rect.width(), height)
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

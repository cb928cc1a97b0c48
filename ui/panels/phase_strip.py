"""Forward, Loss, Backward, Update across the top, the current phase lit, and where we are."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui.panels.fitting_memory import Memory
from ui.phase_titles import PHASE_TITLES
from ui.theme import font_px

PILL_FACTOR = 1.1  # the pills' type against the window's base font
LIT_INK = "#111418"  # dark text on the amber of the lit pill reads in both themes
MIN_PILL_PX = 10  # on a narrow window the pills' type shrinks to this before the caption gives way
# (the sheets that style a strip, its font) -> its pills' sizes: measured by restyling each pill
# in both looks, once for every window opened with the same theme and scale
PILL_SIZES = Memory(64)


class PhaseStrip(QFrame):
    """Four phase pills and a two-line caption: 'step p of n' over 'iteration k'.

    The caption always shows whole ('step 12 of 31', never 'step / iterat'): on a narrow
    window the pills' type shrinks instead. Each pill keeps one size, lit or not: lighting the
    next phase moves nothing along the strip, and asks nothing above it for a new layout (a
    pill that grew bold once laid the window out again and repainted all of it at every phase
    change).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("phaseStrip")
        layout = QHBoxLayout(self)
        layout.setSpacing(4)
        layout.setContentsMargins(6, 4, 6, 4)
        self.pills, self.arrows = {}, []
        for number, (phase, title) in enumerate(PHASE_TITLES.items(), start=1):
            pill = QLabel(title.short, self)
            pill.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pill.setObjectName("pill")
            pill.setProperty("lit", False)  # unlit from the start: the first step restyles one
            layout.addWidget(pill)
            self.pills[phase] = pill
            if number < len(PHASE_TITLES):  # an arrow to the next phase
                arrow = QLabel("→", self)
                arrow.setObjectName("arrow")
                layout.addWidget(arrow)
                self.arrows.append(arrow)
        layout.addStretch(1)
        self.caption = Caption(self)
        layout.addWidget(self.caption)
        for arrow in self.arrows:  # their type shrinks to fit instead
            arrow.setMinimumWidth(1)
        # the strip's width is the window's: its pills' sizes never hold the window wider
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scale, self.phase = 1.0, None
        self._pill_px = None
        self._widest = ""  # the caption's first line at the iteration's last step

    def __repr__(self) -> str:
        return f"PhaseStrip({self.phase}, {self.caption.text()!r})"

    def show_step(self, step_view) -> None:
        """Light the phase of the step just computed and say where the cursor is."""
        phase_changed = step_view.phase != self.phase
        self.phase = step_view.phase
        place = f" · {step_view.place}" if step_view.place else ""
        self.caption.set_lines(
            f"step {step_view.position} of {step_view.total}",
            f"iteration {step_view.iteration}{place}",
        )
        # measured with the position at its widest: the caption keeps its width through the
        # iteration (step 9 to step 10 widened it, which laid out and repainted the window)
        self._widest = f"step {step_view.total} of {step_view.total}"
        self._fit_caption()
        if phase_changed:
            self._light()

    def set_style(self, theme, scale: float) -> None:
        """The scale sizes the caption and pills; the theme's colours are the window's sheet's
        (style_rules)."""
        self.scale = scale
        self._fit_caption()
        self._paint()

    def _fit_caption(self) -> None:
        """The caption's width is its text's: it is never cut."""
        font = QFont(self.caption.font())
        font.setPixelSize(font_px(self.scale))
        font.setBold(True)
        lines = self.caption.lines
        metrics = QFontMetrics(font)
        width = max(metrics.horizontalAdvance(line) for line in [*lines, self._widest]) + 8
        # fixed in both directions, a new text does not lay the window out again (and repaint
        # all of it) on every step; only a wider or narrower caption does
        # the height from the font asked for too: the label's own size hint still has the
        # last style's font until it is polished again (Ctrl+- kept Ctrl+='s height)
        height = metrics.lineSpacing() * len(lines) + 2
        if (width, height) != (self.caption.minimumWidth(), self.caption.minimumHeight()):
            self.caption.setFixedSize(width, height)

    def _pill_size(self) -> int:
        """The pills' type: the scale's, or smaller if the strip is too narrow for it."""
        size = font_px(self.scale, PILL_FACTOR)
        room = self.width() - self.caption.width() - 40
        font = QFont(self.font())
        font.setPixelSize(size)
        font.setBold(True)
        metrics = QFontMetrics(font)
        texts = [title.short for title in PHASE_TITLES.values()] + ["→"] * len(self.arrows)
        needed = sum(metrics.horizontalAdvance(text) for text in texts)
        needed += 2 * len(self.pills) * round(2 * 3 * self.scale) + 12 * len(texts)
        if room > 0 and needed > room:
            size = max(MIN_PILL_PX, int(size * room / needed))
        return size

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._pill_size() != self._pill_px:
            self._paint()

    def _paint(self) -> None:
        """The pills' type and padding, the one look that follows the strip's width (its
        colours are style_rules', in the window's sheet): the strip's own small sheet, set when
        the scale or the strip's width changes it; a step lights a pill by a property."""
        size = self._pill_size()
        self._pill_px = size
        pad = round(3 * self.scale * size / font_px(self.scale, PILL_FACTOR))
        sheet = (
            f"#arrow {{ font-size: {size}px; }} #pill {{ font-size: {size}px; "
            f"border-radius: {pad}px; padding: {pad}px {2 * pad}px; }}"
        )
        if sheet != self.styleSheet():  # a theme alone changes no size: the strip is not
            self.setStyleSheet(sheet)  # polished again
        self._fix_pill_sizes()
        self._light()

    def _fix_pill_sizes(self) -> None:
        """Each pill's size: the larger of its two looks (lit, bold; or not), in both."""
        key = (self.window().styleSheet(), self.styleSheet(), self.font().key())
        sizes = PILL_SIZES.get(key)
        if sizes is None:
            sizes = PILL_SIZES.put(key, [_largest_look(pill) for pill in self.pills.values()])
        for pill, (width, height) in zip(self.pills.values(), sizes):
            pill.setFixedSize(width, height)

    def _light(self) -> None:
        """Light the current phase's pill only: a restyle of two pills, not of the strip (their
        size stays: _fix_pill_sizes)."""
        for phase, pill in self.pills.items():
            lit = phase == self.phase
            if pill.property("lit") != lit:
                _restyle(pill, lit)


class Caption(QWidget):
    """The strip's two lines, right-aligned: 'step p of n' in bold over 'iteration k' and
    where in the batch. Painted as plain text, in the sheet's colour and type: a rich-text
    QLabel typeset a new document at every step, which, laid out while painted, asked to be
    painted a second time."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("phaseCaption")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.lines = ("", "")

    def set_lines(self, first: str, second: str) -> None:
        if (first, second) != self.lines:
            self.lines = (first, second)
            self.setAccessibleName(f"{first}, {second}")  # what a screen reader says, as a label's
            self.update()

    def text(self) -> str:
        """The two lines, one under the other."""
        return "\n".join(self.lines)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        spacing = QFontMetrics(self.font()).lineSpacing()
        top = (self.height() - spacing * len(self.lines)) // 2
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for number, line in enumerate(self.lines):
            font = QFont(self.font())
            font.setBold(number == 0)
            painter.setFont(font)
            row = QRect(0, top + number * spacing, self.width(), spacing)
            painter.drawText(row, align, line)


def _largest_look(pill: QLabel) -> tuple[int, int]:
    """The width and height of the larger of `pill`'s two looks; it is left in its own."""
    lit = pill.property("lit")
    width = height = 0
    for look in (True, False):
        _restyle(pill, look)
        hint = pill.sizeHint()
        width, height = max(width, hint.width()), max(height, hint.height())
    _restyle(pill, lit)
    return width, height


def _restyle(pill: QLabel, lit) -> None:
    """`pill` in its lit look or not, at once (the sheet's rules read the property)."""
    pill.setProperty("lit", lit)
    pill.style().unpolish(pill)
    pill.style().polish(pill)


def style_rules(theme, scale: float) -> str:
    """The strip's colours and caption, for the window's one style sheet: both looks of a pill
    (lit or not); their type size is the strip's own (_paint)."""
    return (
        f"#phaseStrip {{ background: {theme.background}; }}\n"
        f"#phaseCaption {{ color: {theme.muted}; font-size: {font_px(scale)}px; }}\n"
        f"#phaseStrip #arrow {{ color: {theme.muted}; }}\n"
        f"#phaseStrip #pill {{ background: {theme.surface}; color: {theme.muted}; "
        f"font-weight: normal; border: 1px solid {theme.grid}; }}\n"
        f"#phaseStrip #pill[lit='true'] {{ background: {theme.current}; color: {LIT_INK}; "
        "font-weight: bold; }"
    )

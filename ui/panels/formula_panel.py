"""The formula of the step just computed, in large type: symbols, numbers, result, explanation.

The text comes from the engine's Step (symbolic, substituted, value rounded by format_number);
ui/panels/typeset.py typesets it and this panel fits it: on every step, resize and restyle it
picks the largest type (down to a floor) at which every line fits the panel whole, wrapping long
formulas between terms. Its minimum size is the height the floor needs at its width (a function
of the step, the width and the scale, never of the heights it had before): where that is more
than its usual share, the window gives it that, so no line, and never the result, is clipped.

The panel paints one QTextDocument itself: a step changes its text and repaints it, without
laying out the window around it.
"""

import html

from PySide6.QtCore import QRectF, QSize, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QFrame, QSizePolicy

from simulator.names import NO_NAMES
from ui.panels.shrink_search import STEPS, bisect, search_from
from ui.panels.typeset import formula_html, rich_formula
from ui.theme import LIGHT, font_px

# each line's type size relative to the window's base font; the formula lines are the largest
# (the phase strip above says which step and phase: the panel holds the formula itself)
# the verdict says, in the engine's words, why the notes slip here or what a value inherits
LINES = {"symbolic": 1.6, "substituted": 1.75, "badge": 1.25, "verdict": 1.1, "explanation": 1.1}
MUTED = ("explanation",)
MARKS = {"match": "✓ matches", "slip": "✗ computed", "inherited": "↳ computed"}
FLOOR = 0.75  # type shrinks to this share of its size before the panel asks for more room
SECONDARY = ("badge", "verdict", "explanation")  # these shrink first, to SECONDARY_PX
SECONDARY_PX = 12
MOST_SHRINK = 2.0  # every line at its floor
MARGIN = 8  # pixels between the panel's edge and its text, at presentation scale 1
LINE_GAP = 0.15  # space after each line, in ems of that line
RESULT_INK = "#111418"  # dark text on the amber result mark reads in both themes
GRID = MOST_SHRINK / STEPS  # the shrink of one step of the search
SIZE_CLASS = 10  # lines' lengths are compared in this many characters: a step's search
MAX_SIZE_CLASSES = 64  # starts where the nearest length of the last this many ended
TYPICAL = {  # a step of usual length: the panel's usual height holds it at full size
    "symbolic": "z[1,1] = W[1,1,1]*a[0,1] + W[1,1,2]*a[0,2] + b[1,1]",
    "substituted": "= 0.2*0.5 + 0.3*0.8 + 0.1",
    "badge": "notes: 0.44  ✓ matches 0.44",
    "verdict": "",  # said only where the notes slip: then the type shrinks or the panel grows
    "explanation": "Weighted sum of neuron 1 in layer 1.",
}


def _distance(one: tuple, other: tuple) -> int:
    """How far apart two steps' size classes are: their lines' lengths, in SIZE_CLASS."""
    return sum(abs(a - b) for a, b in zip(one, other, strict=True))


class FormulaPanel(QFrame):
    """Symbolic formula, substituted formula with its result, the notes' badge (in a net with
    hand-worked values), why the notes slip here or what a value inherits, and the explanation,
    typeset to fit the panel at every step."""

    sigNeedsHeight = Signal()  # the height the smallest type needs has changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaPanel")
        self.document = QTextDocument(self)
        self.document.setDocumentMargin(0)
        self.lines = dict.fromkeys(LINES, "")  # each line's engine text ('' = not shown)
        self.result = ""  # the step's value as the engine writes it, boxed after the numbers
        self.status = None  # the notes' comparison here: 'match', 'slip', 'inherited' or None
        self.shrink = 0.0  # how far the type is shrunk to fit: 0 (not) .. MOST_SHRINK
        self._minimum = 0  # the height every line at its floor needs at the panel's width
        self._fitted_for = None
        self._shrinks = {}  # lines' lengths (in SIZE_CLASS characters) -> the step they took
        self._comfortable = (None, 0.0)  # ((scale, theme), height) of a typical step
        self.theme, self.scale = LIGHT, 1.0
        self.has_notes = True  # the usual height keeps room for the notes' badge
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.show_step(None, None)

    def __repr__(self) -> str:
        shown = [name for name, text in self.lines.items() if text]
        return f"FormulaPanel({', '.join(shown)}; type at {self.factor:.2f})"

    # -- what it shows -------------------------------------------------------------------

    def show_view(self, view) -> None:
        """Show a StepView: its step in the notation on show, the notes' value and the verdict
        on it (the phase strip above says which sample of the batch it is)."""
        self.show_step(view.current, view.comparison, view.names, view.verdict)

    def show_step(self, step, comparison, names=NO_NAMES, verdict: str = "") -> None:
        """Show `step` (the engine's Step, or None) and its Row from the notes, if any; keys
        are written by `names`; `verdict` is the engine's sentence on the notes here."""
        self.result = ""
        self.status = comparison.status if comparison is not None else None
        if step is None:
            self._set_lines(
                symbolic="Nothing computed yet.",
                explanation="Press → or Space to compute the first value.",
            )
            return
        result = step.formula().rsplit(" = ", 1)[1]
        self.result = result
        self._set_lines(
            symbolic=names.symbolic(step),
            substituted=f"= {step.substituted()}",
            badge=self._badge(comparison),
            verdict=verdict,
            explanation=step.explanation,
        )

    def _result_html(self, result: str) -> str:
        """' = result', the result marked in the theme's amber (read at each layout, so a new
        theme shows at once)."""
        return (
            f" =&nbsp;<span style='background:{self.theme.current}; color:{RESULT_INK}'>"
            f"<b>&nbsp;{rich_formula(result)}&nbsp;</b></span>"
        )

    def _badge(self, comparison) -> str:
        if comparison is None:
            return ""
        return f"notes: {comparison.notes}  {MARKS[comparison.status]} {comparison.value}"

    def _set_lines(self, **texts) -> None:
        self.lines = {name: texts.get(name, "") for name in LINES}
        self._fitted_for = None
        self._fit()
        self.update()

    def set_has_notes(self, has_notes: bool) -> bool:
        """Whether the net has the notes' hand-worked values (a badge line); True if changed."""
        changed = has_notes != self.has_notes
        self.has_notes = has_notes
        return changed

    def text(self, name: str) -> str:
        """The line called `name` as shown (plain text, typeset symbols and all)."""
        block = self._line_html(name, 0.0)
        if not block:
            return ""
        document = QTextDocument()
        document.setHtml(block)
        return document.toPlainText()

    def shows(self, name: str) -> bool:
        """True when the line called `name` ('badge', ...) is on show."""
        return bool(self.lines[name])

    # -- style ---------------------------------------------------------------------------

    def set_style(self, theme, scale: float) -> None:
        """Grow every line with the presentation scale; the formula lines are the largest."""
        self.theme, self.scale = theme, scale
        self.setStyleSheet(
            f"#formulaPanel {{ background: {theme.surface}; border-top: 1px solid {theme.grid}; }}"
        )
        self._fitted_for = None
        self._fit()
        self.update()

    def line_px(self, name: str) -> float:
        """The full (unshrunk) type size of a line, in pixels."""
        return float(font_px(self.scale, LINES[name]))

    def _line_factor(self, name: str, shrink: float) -> float:
        """A line's share of its full size at `shrink` (0..2): the badge and the explanation
        give way first (down to SECONDARY_PX), then the formula lines (down to FLOOR)."""
        if name in SECONDARY:
            floor = max(FLOOR, min(1.0, SECONDARY_PX / self.line_px(name)))
            return 1 - min(shrink, 1.0) * (1 - floor)
        return 1 - max(shrink - 1, 0.0) * (1 - FLOOR)

    @property
    def factor(self) -> float:
        """The formula lines' share of their full size, as fitted."""
        return self._line_factor("substituted", self.shrink)

    def _line_html(self, name: str, shrink: float) -> str:
        text = self.lines[name]
        if not text:
            return ""
        size = self.line_px(name) * self._line_factor(name, shrink)
        if name in ("symbolic", "substituted"):
            tail = self._result_html(self.result) if name == "substituted" and self.result else ""
            body = formula_html(text, size, tail)
        else:
            body = f"<p style='font-size:{size:.1f}px'>{html.escape(text).replace('-', '−')}</p>"
        colour = self._colour(name)
        gap = LINE_GAP * size
        return f"<div style='color:{colour}; margin-bottom:{gap:.1f}px'>{body}</div>"

    def _colour(self, name: str) -> str:
        if name in MUTED:
            return self.theme.muted
        if name == "badge":  # a match in green, the slip itself in red, an inherited value quiet
            return {"match": self.theme.match, "slip": self.theme.mismatch}.get(
                self.status, self.theme.muted
            )
        if name == "verdict":
            return self.theme.mismatch if self.status == "slip" else self.theme.muted
        return self.theme.text

    # -- fitting -------------------------------------------------------------------------

    def margin(self) -> int:
        return round(MARGIN * self.scale)

    def _room(self) -> QSize:
        """The text's room: inside the frame (its top rule) and the margins."""
        margin, inside = self.margin(), self.contentsRect()
        return QSize(max(1, inside.width() - 2 * margin), max(1, inside.height() - 2 * margin))

    def _frame(self) -> int:
        return self.height() - self.contentsRect().height()

    def _layout(self, shrink: float, width: float, anywhere: bool = False) -> tuple:
        """Lay the lines out, shrunk by `shrink`, in `width` pixels: (height, widest)."""
        self.document.setHtml("".join(self._line_html(name, shrink) for name in LINES))
        option = QTextOption()
        option.setWrapMode(
            QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
            if anywhere
            else QTextOption.WrapMode.WordWrap
        )
        self.document.setDefaultTextOption(option)
        self.document.setTextWidth(width)
        return self.document.size().height(), self.document.idealWidth()

    def _fit(self) -> None:
        """The least shrinking, between none and every line at its floor, that fits; and the
        height the floor needs at this width, the panel's minimum (whatever height it has)."""
        room = self._room()
        if self._fitted_for == (room, self.scale):
            return
        self._fitted_for = (room, self.scale)
        laid = {}  # step -> the (height, widest) it laid out at; the latest last

        def fits(step: int) -> bool:
            laid.pop(step, None)
            laid[step] = height, widest = self._layout(step * GRID, room.width())
            return height <= room.height() and widest <= room.width() + 0.5

        minimum = self._floor_height(room)  # whatever height the panel has now
        step = self._search(fits)
        if step is None:  # not even the floor fits: it, broken anywhere if need be
            self._floor_height(room)
            self.shrink = MOST_SHRINK
        else:
            if list(laid)[-1] != step:
                fits(step)  # leave the document laid out at the size chosen
            self.shrink = step * GRID
        self._set_minimum(minimum)  # last: the window may resize the panel, fitting it again

    def _search(self, fits) -> int | None:
        """The least step that `fits`, searched from the step the nearest length took."""
        size_class = tuple(len(text) // SIZE_CLASS for text in self.lines.values())
        nearest = min(self._shrinks, key=lambda seen: _distance(seen, size_class), default=None)
        if nearest is None:
            step = bisect(fits)
        else:  # a formula about as long fitted at about the same step
            step = search_from(fits, self._shrinks[nearest])
        if len(self._shrinks) >= MAX_SIZE_CLASSES:
            self._shrinks.clear()
        self._shrinks[size_class] = step
        return step

    def _floor_height(self, room: QSize) -> int:
        """The panel's height with every line at its floor in `room`'s width, breaking lines
        anywhere if need be: a function of the step, the width and the scale only."""
        height, widest = self._layout(MOST_SHRINK, room.width())
        if widest > room.width() + 0.5:
            height, _ = self._layout(MOST_SHRINK, room.width(), anywhere=True)
        return int(height) + 1 + 2 * self.margin() + self._frame()

    def _set_minimum(self, minimum: int) -> None:
        if minimum != self._minimum:
            self._minimum = minimum
            self.updateGeometry()
            self.sigNeedsHeight.emit()  # the window shares its height out again

    def comfortable_height(self) -> int:
        """The height of a typical step's five lines, one line each, at full size: the panel's
        usual share (longer formulas shrink or wrap into it)."""
        if self._comfortable[0] != (self.scale, self.theme, self.has_notes):
            sample = FormulaPanel.__new__(FormulaPanel)
            sample.lines, sample.result, sample.status = dict(TYPICAL), "0.44", "match"
            if not self.has_notes:
                sample.lines["badge"] = ""
            sample.theme, sample.scale = self.theme, self.scale
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setHtml("".join(sample._line_html(name, 0.0) for name in LINES))
            key = (self.scale, self.theme, self.has_notes)
            self._comfortable = (key, document.size().height())
        return round(self._comfortable[1] + 2 * self.margin()) + 1 + self._frame()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, max(self._minimum, round(self.line_px("substituted") * 2)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        margin, inside = self.margin(), self.contentsRect()
        painter.translate(inside.left() + margin, inside.top() + margin)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(self.theme.text))
        room = self._room()
        context.clip = QRectF(0, 0, room.width(), room.height())
        self.document.documentLayout().draw(painter, context)
        painter.end()

    def clipped(self) -> bool:
        """True when some text lies outside the panel (what the tests hold to be never)."""
        room = self._room()
        height = self.document.size().height()  # laid out at the fitted type size
        widest = self.document.idealWidth()
        return height > room.height() + 0.5 or widest > room.width() + 0.5

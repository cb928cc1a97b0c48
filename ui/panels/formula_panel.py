"""The formula of the step just computed, in large type: symbols, numbers, result, explanation.

The text comes from the engine's Step (symbolic, substituted, value rounded by format_number);
ui/panels/typeset.py typesets it and this panel fits it: on every step, resize and restyle it
picks the largest type (down to a floor) at which every line fits the panel whole, wrapping long
formulas between terms. Its minimum size is the height the iteration's tallest formula needs at
the floor at its width: where that is more than its usual share, the window gives it that, so
no line, and never the result, is clipped, and stepping does not change the panel's height. It
asks for no more than the graph's floor leaves: a formula taller than that scrolls, its result
in view (formula_scrolling.py).

The panel paints one QTextDocument itself: a step changes its text and repaints it, without
laying out the window around it. How it fits, and the height it reserves, is formula_fitting.py.
"""

import html

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QSizePolicy, QStyle, QStyleOption

from simulator.names import NO_NAMES
from ui.panels import fitting_memory as memory
from ui.panels.formula_fitting import FormulaFitting
from ui.panels.formula_scrolling import RESULT, FormulaScrolling
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
MARGIN = 8  # pixels between the panel's edge and its text, at presentation scale 1
LINE_GAP = 0.15  # space after each line, in ems of that line
RESULT_INK = "#111418"  # dark text on the amber result mark reads in both themes
TYPICAL = {  # a step of usual length: the panel's usual height holds it at full size
    "symbolic": "z[1,1] = W[1,1,1]*a[0,1] + W[1,1,2]*a[0,2] + b[1,1]",
    "substituted": "= 0.2*0.5 + 0.3*0.8 + 0.1",
    "badge": "notes: 0.44  ✓ matches 0.44",
    "verdict": "",  # said only where the notes slip: then the type shrinks or the panel grows
    "explanation": "Weighted sum of neuron 1 in layer 1.",
}
TYPICAL_VERDICT = "Inherited: right for the notes' own dL/dO, their slip at step 8."


class FormulaPanel(FormulaFitting, FormulaScrolling, QFrame):
    """Symbolic formula, substituted formula with its result, the notes' badge (in a net with
    hand-worked values), why the notes slip here or what a value inherits, and the explanation,
    typeset to fit the panel at every step."""

    sigNeedsHeight = Signal()  # the height the smallest type needs has changed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaPanel")
        self.document = QTextDocument(self)  # as laid out at the fitted size
        self.lines = dict.fromkeys(LINES, "")  # each line's engine text ('' = not shown)
        self.result = ""  # the step's value as the engine writes it, boxed after the numbers
        self.status = None  # the notes' comparison here: 'match', 'slip', 'inherited' or None
        self.shrink = 0.0  # how far the type is shrunk to fit: 0 (not) .. MOST_SHRINK
        self._init_fitting()
        self._init_scrolling()
        self.theme, self.scale = LIGHT, 1.0
        self.has_notes = True  # the usual height keeps room for the notes' badge
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
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
        self.set_content(*self.step_content(step, comparison, names, verdict))
        if self._fit():  # the same lines again (a refresh) repaint nothing
            self.update()

    def step_content(self, step, comparison, names=NO_NAMES, verdict: str = "") -> tuple:
        """(lines, result, status) the panel shows for `step`, as `show_step` takes it."""
        status = comparison.status if comparison is not None else None
        if step is None:
            texts = {
                "symbolic": "Nothing computed yet.",
                "explanation": "Press → or Space to compute the first value.",
            }
            return texts, "", status
        texts = {
            "symbolic": names.symbolic(step),
            "substituted": f"= {step.substituted()}",
            "badge": self._badge(comparison),
            "verdict": verdict,
            "explanation": step.explanation,
        }
        return texts, step.formula().rsplit(" = ", 1)[1], status

    def set_content(self, texts: dict, result: str, status: str | None) -> None:
        """Hold the lines `texts` (name -> engine text), the boxed result and the notes'
        status (fitted by `_fit`)."""
        self.lines = {name: texts.get(name, "") for name in LINES}
        self.result, self.status = result, status

    def _result_html(self, result: str) -> str:
        """' = result', the result marked in the theme's amber (read at each layout, so a new
        theme shows at once)."""
        return (
            f" =&nbsp;<a name='{RESULT}'><span style='background:{self.theme.current};"
            f" color:{RESULT_INK}'><b>&nbsp;{rich_formula(result)}&nbsp;</b></span></a>"
        )

    def _badge(self, comparison) -> str:
        if comparison is None:
            return ""
        return f"notes: {comparison.notes}  {MARKS[comparison.status]} {comparison.value}"

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

    def html(self, shrink: float) -> str:
        """Every line on show, shrunk by `shrink`, as one document's HTML."""
        return "".join(self._line_html(name, shrink) for name in LINES)

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

    # -- fitting (formula_fitting.py) ----------------------------------------------------

    def margin(self) -> int:
        return round(MARGIN * self.scale)

    def comfortable_height(self) -> int:
        """The height of a typical step's five lines, one line each, at full size: the panel's
        usual share (longer formulas shrink or wrap into it)."""
        return self._typical_height(verdict=False)

    def ample_height(self) -> int:
        """As `comfortable_height`, with a line more where the notes may slip (their verdict):
        what the window gives the panel where the graph keeps room to spare (window_room.py).
        It depends on the lines shown, not on their numbers: an edit never changes it."""
        return self._typical_height(verdict=self.has_notes)

    def _typical_height(self, verdict: bool) -> int:
        key = (self.scale, self.theme, self.has_notes, verdict)
        height = memory.COMFORTABLE.get(key)
        if height is None:
            sample = FormulaPanel.__new__(FormulaPanel)
            sample.lines, sample.result, sample.status = dict(TYPICAL), "0.44", "match"
            if not self.has_notes:
                sample.lines["badge"] = ""
            if verdict:
                sample.lines["verdict"] = TYPICAL_VERDICT
            sample.theme, sample.scale = self.theme, self.scale
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setHtml(sample.html(0.0))
            height = memory.COMFORTABLE.put(key, document.size().height())
        return round(height + 2 * self.margin()) + 1 + self._frame()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, max(self.asked_height(), round(self.line_px("substituted") * 2)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()
        if self.isVisible() and self.height() < self.asked_height():
            # squeezed by a change beside it (the status bar grown with a larger type): the
            # window gives the panel what its lines need again
            self.sigNeedsHeight.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit()  # hidden, it was not fitted

    def paintEvent(self, event) -> None:
        # opaque: the panel paints its own styled background (and top rule), so the widgets
        # behind it need not paint there first on every step
        background, option = QPainter(self), QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, background, self)
        background.end()
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        margin, inside, room = self.margin(), self.contentsRect(), self._room()
        painter.translate(inside.left() + margin, inside.top() + margin)
        scrolled = self.scroll_bar.value()
        if self.scrolls():  # a line half scrolled out is cut at the room's edge
            painter.setClipRect(0, 0, room.width(), room.height())
            painter.translate(0, -scrolled)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(self.theme.text))
        context.clip = QRectF(0, scrolled, room.width(), room.height())
        self.document.documentLayout().draw(painter, context)
        painter.end()


def style_rules(theme, scale: float) -> str:
    """The panel's frame, for the window's one style sheet (its lines paint their own type)."""
    return f"#formulaPanel {{ background: {theme.surface}; border-top: 1px solid {theme.grid}; }}"

"""Practice mode's panel, in place of the formula panel: the formula with a blank where the
result goes, the student's answer, the verdict in one large sentence, hints and the score.

It draws the PracticeState that ui/practice.py sends; every verdict, hint and count comes from
the engine (simulator/practice.py, simulator/grading.py) and the formulas are typeset by
ui/panels/typeset.py, as in the formula panel. The answer field takes the number and Enter; the
arrows and Space stay the window's, so the keyboard alone works the whole iteration.
"""

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
)

from simulator.grading import label
from simulator.notation import format_number
from ui.panels.formula_panel import RESULT_INK
from ui.panels.score_board import ScoreBoard
from ui.panels.score_board import style_rules as score_rules
from ui.panels.typeset import rich_formula, rich_text
from ui.phase_titles import PHASE_TITLES
from ui.theme import LIGHT, font_px

KEYS = {"practice": "Ctrl+P", "hint": "Ctrl+H", "reveal": "Ctrl+G"}
LEGEND = f"Enter check, then next  ·  {KEYS['hint']} hint  ·  {KEYS['reveal']} reveal  ·  ← back"
MARKS = {"correct": "✓", "coarse": "↻"}  # any other verdict is marked ✗
# the lines, named 'practice' + name: (share of the base font, theme colour)
LINE_STYLES = {
    "Heading": (0.95, "muted"),
    "Question": (1.6, "text"),
    "Hint": (1.35, "read"),
    "Key": (2.0, "text"),
    "Verdict": (1.75, "text"),
    "Legend": (0.95, "muted"),
}
# the window's navigation keys pass through the answer field to its shortcuts
PASSED_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_Home, Qt.Key.Key_End}


def _passed(event) -> bool:
    """True for the keys the answer field leaves to the window: navigation, undo and redo."""
    if event.key() in PASSED_KEYS and not event.modifiers():
        return True
    undo, redo = QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo
    return event.matches(undo) or event.matches(redo)


class AnswerField(QLineEdit):
    """A one-line answer: Enter submits; arrows, Space, Home and End stay the window's keys."""

    sigSubmitted = Signal(str)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _passed(event):
            event.ignore()  # not ours: the window's Next, Previous, Finish, Restart, Undo fire
            return False
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sigSubmitted.emit(self.text())
            event.accept()
            return
        super().keyPressEvent(event)


class PracticePanel(QFrame):
    """The question on the left, the score on the right."""

    sigSubmitted = Signal(str)  # Enter in the answer field: the text typed
    sigNeedsRoom = Signal()  # its lines no longer fit its height (a long hint or verdict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("practicePanel")
        self.heading, self.question, self.hint = QLabel(self), QLabel(self), QLabel(self)
        self.key, self.verdict, self.legend = QLabel(self), QLabel(self), QLabel(LEGEND, self)
        for text in (self.question, self.hint, self.key, self.verdict):
            text.setTextFormat(Qt.TextFormat.RichText)
        for text in (self.heading, self.question, self.hint, self.verdict, self.legend):
            text.setWordWrap(True)
        self.field = AnswerField(self)
        names = (*LINE_STYLES, "Field")
        texts = (self.heading, self.question, self.hint, self.key, self.verdict, self.legend)
        for widget, name in zip((*texts, self.field), names, strict=True):
            widget.setObjectName(f"practice{name}")
        self.field.setPlaceholderText("type a number")
        self.field.sigSubmitted.connect(self.sigSubmitted)
        self.score = ScoreBoard(self)
        self._lay_out()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.theme, self.scale, self.state, self._index = LIGHT, 1.0, None, None

    def _lay_out(self) -> None:
        answer = QHBoxLayout()
        answer.addWidget(self.key)
        answer.addWidget(self.field, 1)
        work = QVBoxLayout()
        for widget in (self.heading, self.question, self.hint):
            work.addWidget(widget)
        work.addLayout(answer)
        work.addWidget(self.verdict)
        work.addWidget(self.legend)
        work.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 0, 0)
        row.addLayout(work, 1)
        row.addWidget(self.score)  # as wide as its numbers need; the question takes the rest

    def needed_height(self) -> int:
        """The height its lines take at the panel's current width and font sizes."""
        return self.layout().totalHeightForWidth(max(self.width(), 1))

    # -- showing a state ----------------------------------------------------------------

    def show_state(self, state) -> None:
        """Draw a ui.practice.PracticeState (None: practice is off, nothing to draw)."""
        self.state = state
        if state is None:
            return
        self.score.set_score(state.score)
        step = state.step
        if step is None:
            self._show_start(state)
        else:
            self._show_step(state, step)
        self.verdict.setText(self._verdict_text(state))
        if self.isVisible() and self.needed_height() > self.height():
            self.sigNeedsRoom.emit()

    def _show_start(self, state) -> None:
        kinds = ", ".join(k.replace("_", "-") for k in state.choice.kinds) or "nothing"
        fading = ", the first neuron of each phase shown" if state.choice.fading else ""
        self.heading.setText(f"Practice · {state.total} values asked ({kinds}{fading})")
        self.question.setText(
            "Press <b>→</b> or <b>Space</b> for the first step."
            if state.total
            else "Nothing is asked: choose what to ask in the Practice menu."
        )
        self._show_answer(None, False)
        self.hint.clear()

    def _show_step(self, state, step) -> None:
        sample = f" · sample {step.sample}" if step.sample else ""
        asked = f" · question {state.number} of {state.total}" if state.asked else " · shown"
        phase = PHASE_TITLES[step.phase].short
        self.heading.setText(f"Step {step.index} · {phase}{sample}{asked}")
        formula = rich_formula(step.symbolic)
        if state.open:
            self.question.setText(f"{formula} = {self._mark('&nbsp;?&nbsp;')}")
        else:
            result = self._mark(format_number(step.value))
            self.question.setText(f"{formula}<br>= {rich_formula(step.substituted())} = {result}")
        self.hint.setText(f"Hint: {rich_text(state.hint)}" if state.hint and state.open else "")
        self.hint.setVisible(bool(self.hint.text()))
        self._show_answer(step, state.open)

    def _mark(self, text: str) -> str:
        return (
            f"<span style='background:{self.theme.current}; color:{RESULT_INK}'>"
            f"<b>&nbsp;{text}&nbsp;</b></span>"
        )

    def _show_answer(self, step, open_: bool) -> None:
        """The field: cleared for a new step, editable and focused while the value is asked."""
        index = step.index if step is not None else None
        if index != self._index:  # another step: its own last answer, or nothing
            attempts = self.state.record.attempts if self.state.record else ()
            self.field.setText(attempts[-1].verdict.typed if attempts else "")
            self._index = index
        self.key.setText(f"{rich_formula(step.key)} =" if step is not None else "")
        self.key.setVisible(step is not None)
        self.field.setReadOnly(not open_)
        self.field.setPlaceholderText("type a number" if open_ else "Enter: next step")
        if open_:
            self.field.selectAll()  # the next number typed replaces the last one
        if self.isVisible():
            self.field.setFocus()

    def _verdict_text(self, state) -> str:
        """One sentence: the message, the verdict on the last answer, or the summary."""
        colours = {"correct": self.theme.match, "coarse": self.theme.current}
        if state.message:
            return self._sentence("⚠", rich_text(state.message), self.theme.current)
        if state.finished:
            return self._sentence("■", summary_sentence(state.score), self.theme.text)
        record = state.record
        if record is None or not (record.attempts or record.revealed):
            return ""
        if record.revealed:
            value = format_number(state.step.value)
            text = f"{rich_text(label(state.step))} is {value}: revealed, so not counted right."
            return self._sentence("✗", text, self.theme.mismatch)
        verdict = record.attempts[-1].verdict
        colour = colours.get(verdict.kind, self.theme.mismatch)
        return self._sentence(MARKS.get(verdict.kind, "✗"), rich_text(verdict.reason), colour)

    @staticmethod
    def _sentence(mark: str, text: str, colour: str) -> str:
        return f"<span style='color:{colour}'><b>{mark}</b> {text}</span>"

    # -- style ------------------------------------------------------------------------------

    def set_style(self, theme, scale: float) -> None:
        """The theme's colours in the verdict and the marked result (its fonts and the rest of
        its colours are style_rules', in the window's style sheet)."""
        self.theme, self.scale = theme, scale
        self.show_state(self.state)


def style_rules(theme, scale: float) -> str:
    """The panel's look and its score board's, for the window's one style sheet; the question
    and the verdict are the largest lines."""
    rules = [
        f"#practicePanel {{ background: {theme.surface}; border-top: 1px solid {theme.grid}; }}",
        f"#practiceField {{ font-size: {font_px(scale, 2.0)}px; }}",
    ]
    rules += [
        f"#practice{name} {{ font-size: {font_px(scale, factor)}px;"
        f" color: {getattr(theme, colour)}; background: transparent; }}"
        for name, (factor, colour) in LINE_STYLES.items()
    ]
    return "\n".join([*rules, score_rules(theme, scale)])


def summary_sentence(scores) -> str:
    """'Iteration done: 31 asked, 24 right first time, 4 with hints, 3 wrong.'"""
    total = scores[-1]
    return (
        f"Iteration done: {total.asked} asked, {total.first_time} right first time, "
        f"{total.with_hints} with hints, {total.wrong} wrong. Enter: the next iteration."
    )

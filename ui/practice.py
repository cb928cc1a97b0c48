"""Practice mode's adapter: the window's practice Session kept in step with the cursor.

The Session (simulator/practice.py) decides which steps are asked and marks every answer; this
object only keeps the current one in step with the controller: a new trace (another iteration,
an edit, an undo) starts a fresh session at the iteration's first step, stepping back
un-answers (`Session.rewound`), and the controller asks it what the graph may show (`masked`)
and how far forward a move may go (`limit`). The practice panel draws the PracticeState it sends.
"""

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from simulator.grading import HINT_LEVELS, AnswerError, label
from simulator.notation import format_number
from simulator.practice import KINDS, Session, parse_kinds
from simulator.step import PHASES
from ui.snapshots import shown_step
from ui.validation import sentence

PROMPT = 1  # the panel shows the symbolic formula, the first hint level, with every question
NOT_ANSWERED = "?"  # the graph's text for an asked value not answered yet


@dataclass(frozen=True)
class PracticeChoice:
    """What the teacher asks: kinds of steps (simulator.practice.KINDS) and fading."""

    kinds: tuple = PHASES
    fading: bool = False

    @classmethod
    def read(cls, settings) -> "PracticeChoice":
        """The choice remembered in `settings` (a QSettings, or None: the default)."""
        if settings is None:
            return cls()
        kinds = settings.value("practice/kinds", ",".join(PHASES))
        try:  # an INI file may hold the comma-separated list as a list
            kinds = parse_kinds(",".join(kinds) if isinstance(kinds, list) else str(kinds))
        except ValueError:
            kinds = PHASES
        return cls(kinds, str(settings.value("practice/fading", "false")).lower() == "true")

    def write(self, settings) -> None:
        if settings is not None:
            settings.setValue("practice/kinds", ",".join(self.kinds))
            settings.setValue("practice/fading", "true" if self.fading else "false")

    def with_kind(self, kind: str, asked: bool) -> "PracticeChoice":
        """The choice with `kind` asked or not, kept in the engine's order of KINDS."""
        kinds = set(self.kinds) | {kind} if asked else set(self.kinds) - {kind}
        return replace(self, kinds=tuple(k for k in KINDS if k in kinds))


@dataclass(frozen=True)
class PracticeState:
    """What the practice panel shows: the step on show, the student's work on it, the score."""

    step: object  # the engine's Step just computed, or None before the first
    asked: bool  # whether that step is asked
    record: object  # its simulator.practice.Record (None when not asked)
    hint: str  # the hint on show ('' before the first)
    number: int  # which question this is (1-based; 0 when not asked)
    total: int  # questions in this iteration
    score: tuple  # simulator.practice.PhaseScore rows, the total last
    finished: bool  # the iteration is computed and every question answered
    choice: PracticeChoice
    message: str = ""  # one sentence for the student: not a number, answer first, ...

    @property
    def open(self) -> bool:
        """The step on show is asked and waits for its value."""
        return self.asked and not self.record.shown


class Practice(QObject):
    """The practice session over the controller's trace; None of it while practice is off."""

    sigChanged = Signal(object)  # PracticeState, after any change; None when practice stops

    def __init__(self, controller, choice: PracticeChoice | None = None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.choice = choice or PracticeChoice()
        self.session = None
        self._asked = frozenset()
        controller.sigTraceChanged.connect(self._trace_changed)
        controller.sigStepChanged.connect(self._step_changed)
        controller.sigHeld.connect(self._held)

    def __repr__(self) -> str:
        return f"Practice({self.session!r}, {self.choice})"

    @property
    def active(self) -> bool:
        return self.session is not None

    # -- turning it on and off --------------------------------------------------------------

    def start(self, choice: PracticeChoice | None = None) -> None:
        """Practise the iteration on show from its first step (again, with a new choice)."""
        self.choice = choice or self.choice
        self.controller.practice = self
        self._begin()

    def stop(self) -> None:
        """Back to stepping through: every value shows again."""
        self.session, self._asked = None, frozenset()
        self.controller.practice = None
        self.sigChanged.emit(None)
        if self.controller.cursor is not None:
            self.controller.refresh()

    def _begin(self) -> None:
        """A fresh session on the trace on show; a session always starts at step 0."""
        workspace, cursor = self.controller.workspace, self.controller.cursor
        if cursor is None:
            return
        worked = [entry.key for entry in workspace.hand_worked]
        choice = self.choice
        self.session = Session.start(
            cursor.trace, choice.kinds, worked, choice.fading, prompt=PROMPT
        )
        self._asked = frozenset(self.session.asked)
        if cursor.position:
            self.controller.restart()  # sends the step view that un-answers and publishes
        else:
            self.controller.refresh()

    def _trace_changed(self, _trace_view) -> None:
        if self.active:
            self._begin()

    def _step_changed(self, view) -> None:
        if self.active:
            self.session = self.session.rewound(view.position)
            self._publish()

    # -- the student's keys -------------------------------------------------------------------

    def submit(self, text: str) -> None:
        """Enter: mark `text` when the step on show waits for its value, else step forward."""
        state = self.state()
        if state is None:
            return
        if not state.open:
            self.controller.step_forward()
            return
        try:
            self.session = self.session.answer(state.step.index, text)
        except AnswerError as error:
            text = sentence(error)
            self._publish(text[:1].upper() + text[1:])
            return
        self.controller.refresh({state.step.key})

    def take_hint(self) -> None:
        """The next hint for the step on show (the last one shows the value)."""
        state = self.state()
        if state is None or not state.open:
            self._publish("No hint here: this value is not asked, or already on show.")
        elif self.session.record(state.step.index).hints >= HINT_LEVELS:
            self._publish("That was the last hint: it shows the value.")
        else:
            self.session = self.session.take_hint(state.step.index)
            self._publish()

    def reveal(self) -> None:
        """Give up on the step on show: its value is shown and it counts as not right."""
        state = self.state()
        if state is None or not state.open:
            self._publish("Nothing to reveal: this value is not asked, or already on show.")
            return
        self.session = self.session.reveal(state.step.index)
        self.controller.refresh({state.step.key})

    def _held(self) -> None:
        state = self.state()
        if state is not None and state.open:
            name = label(state.step)
            self._publish(f"{name} is asked: type your answer and press Enter, or reveal it.")

    # -- what the controller asks ---------------------------------------------------------

    def limit(self) -> int | None:
        """The furthest position a forward move may reach: the first question not answered."""
        return self.session.next_open() if self.active else None

    def hides(self, step) -> bool:
        """True while the student has not got the value of `step`."""
        return (
            self.active and step.index in self._asked and not self.session.record(step.index).shown
        )

    def masked(self, view):
        """`view` (a StepView) with every asked value the student has not got hidden: a '?'
        or their own answer, marked; a weight keeps its old value until its update is got."""
        if not self.active:
            return view
        session, trace = self.session.rewound(view.position), self.session.trace
        hidden = {}
        for key in view.texts:
            step = shown_step(trace, view.position, key)
            if step is not None and step.index in self._asked:
                record = session.record(step.index)
                if not record.shown:
                    hidden[key] = hidden_text(record, trace.parameters.get(key))
        if not hidden:
            return view
        weights = {k: trace.parameters[k] if k in hidden else w for k, w in view.weights.items()}
        return replace(view, texts={**view.texts, **hidden}, weights=weights)

    # -- what the panel shows -------------------------------------------------------------

    def state(self, message: str = "") -> PracticeState | None:
        """The PracticeState now (None while practice is off)."""
        if not self.active:
            return None
        session, cursor = self.session, self.controller.cursor
        step = cursor.current
        asked = step is not None and step.index in self._asked
        return PracticeState(
            step,
            asked,
            session.record(step.index) if asked else None,
            session.hint_text(step.index) if asked else "",
            session.asked.index(step.index) + 1 if asked else 0,
            len(session.asked),
            session.score(),
            cursor.at_end and session.next_open() is None,
            self.choice,
            message,
        )

    def _publish(self, message: str = "") -> None:
        self.sigChanged.emit(self.state(message))


def hidden_text(record, old_value) -> str:
    """The graph's text for an asked value not got yet: '?' or the student's own last answer
    marked '✗'; a parameter's update shows its old value before it ('0.5 → ?')."""
    graded = record.graded
    mark = f"✗{graded[-1].verdict.typed}" if graded else NOT_ANSWERED
    return mark if old_value is None else f"{format_number(old_value)} → {mark}"

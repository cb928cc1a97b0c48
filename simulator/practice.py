"""Practice mode: which steps a student is asked, their answers so far, and a score per phase.

Everything here is a pure function or a frozen dataclass: answering, taking a hint or stepping
back returns a new Session, so the window can keep old ones for undo and stepping back
un-answers (`rewound`). The verdicts themselves come from grading.py.
"""

from dataclasses import dataclass, replace

from simulator.grading import HINT_LEVELS, Verdict, grade, hint, label
from simulator.notation import DEFAULT_DIGITS
from simulator.step import PHASES

HAND_WORKED = "hand_worked"
KINDS = (*PHASES, HAND_WORKED)
OUTCOMES = ("first_time", "with_hints", "wrong", "open")


def parse_kinds(text: str) -> tuple[str, ...]:
    """'forward,backward' -> ('forward', 'backward'); ValueError names the choices."""
    kinds = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise ValueError(
            f"--kinds should list some of {', '.join(KINDS)} (comma-separated), got '{text}'."
        )
    return kinds


def asked_steps(trace, kinds=PHASES, hand_worked=(), fading=False) -> tuple[int, ...]:
    """Indices of the steps to ask: those of the phases in `kinds`, plus (for 'hand_worked') the
    steps whose keys the notes worked by hand; with `fading`, each phase's first neuron is shown
    as a worked example and only the rest are asked."""
    shown = _first_neurons(trace) if fading else set()
    worked = set(hand_worked) if HAND_WORKED in kinds else set()
    return tuple(
        step.index
        for step in trace.steps
        if (step.phase in kinds or (step.key in worked and step.sample in (None, 1)))
        and step.index not in shown
    )


def _first_neurons(trace) -> set[int]:
    """Indices of the steps of the first neuron of each phase (a phase without neurons, like the
    loss, has none: it is asked whole)."""
    first, shown = {}, set()
    for step in trace.steps:
        if step.neuron is None:
            continue
        group = (step.sample, step.layer, step.neuron)
        if first.setdefault(step.phase, group) == group:
            shown.add(step.index)
    return shown


@dataclass(frozen=True)
class Attempt:
    """One typed answer, its verdict and how many hints had been shown before it."""

    verdict: Verdict
    hints: int


@dataclass(frozen=True)
class Record:
    """A student's work on one asked step: attempts in order, hints taken, revealed or not."""

    index: int
    attempts: tuple[Attempt, ...] = ()
    hints: int = 0
    revealed: bool = False

    @property
    def graded(self) -> tuple[Attempt, ...]:
        """Attempts that count: a too-coarse answer is asked again, not marked."""
        return tuple(a for a in self.attempts if a.verdict.kind != "coarse")

    @property
    def last_kind(self) -> str | None:
        """The verdict of the last marked attempt, or None."""
        return self.graded[-1].verdict.kind if self.graded else None

    @property
    def outcome(self) -> str:
        """'first_time' (right, no hint, first try), 'with_hints' (right after a hint or another
        try), 'wrong' (never right, or given up with `reveal`) or 'open' (not answered yet)."""
        graded = self.graded
        if self.revealed:
            return "wrong"
        if any(a.verdict.right for a in graded):
            first = graded[0]
            return "first_time" if first.verdict.right and first.hints == 0 else "with_hints"
        return "wrong" if graded else "open"

    @property
    def shown(self) -> bool:
        """True once the student has the true value in front of them: answered right, or
        revealed (until then the window shows a blank, or their own answer)."""
        return self.revealed or any(a.verdict.right for a in self.graded)

    @property
    def carried(self) -> str | None:
        """The answer the student works on with: the last one marked, unless the value was
        shown (revealed, or the last hint), after which they have the true value."""
        if self.revealed or self.hints >= HINT_LEVELS or not self.graded:
            return None
        return self.graded[-1].verdict.typed


@dataclass(frozen=True)
class PhaseScore:
    """One row of the score: a phase (or 'total') and how its asked steps went."""

    phase: str
    asked: int
    first_time: int
    with_hints: int
    wrong: int
    inherited: int  # of the wrong ones, how many carry on the student's own earlier mistake

    @property
    def open(self) -> int:
        return self.asked - self.first_time - self.with_hints - self.wrong


@dataclass(frozen=True)
class Session:
    """One iteration's practice: the trace, the steps asked, and the records so far."""

    trace: object
    asked: tuple[int, ...]
    records: tuple[Record, ...] = ()
    digits: int = DEFAULT_DIGITS
    prompt: int = 0  # hint levels the question itself shows (the window shows the formula: 1)

    @classmethod
    def start(
        cls, trace, kinds=PHASES, hand_worked=(), fading=False, digits=DEFAULT_DIGITS, prompt=0
    ):
        """A fresh session over `trace` asking the steps `asked_steps` picks; `prompt` hint
        levels are on show with every question, so the first hint taken is the next one."""
        asked = asked_steps(trace, kinds, hand_worked, fading)
        return cls(trace, asked, (), digits, min(max(prompt, 0), HINT_LEVELS - 1))

    def __repr__(self) -> str:
        return f"Session({len(self.records)} of {len(self.asked)} asked steps worked)"

    def is_asked(self, index: int) -> bool:
        return index in self.asked

    def record(self, index: int) -> Record:
        """The record of step `index` (an empty one before any work)."""
        return next((r for r in self.records if r.index == index), Record(index))

    def verdict(self, index: int) -> Verdict | None:
        """The verdict on the last answer typed for step `index`, or None."""
        attempts = self.record(index).attempts
        return attempts[-1].verdict if attempts else None

    def answer(self, index: int, typed: str) -> "Session":
        """Mark `typed` for step `index`; AnswerError if it is not a number."""
        step = self._asked_step(index)
        record = self.record(index)
        verdict = grade(self.trace, step, typed, self.earlier_answers(index))
        attempts = (*record.attempts, Attempt(verdict, record.hints))
        return self._with(replace(record, attempts=attempts))

    def take_hint(self, index: int) -> "Session":
        """Show the next hint of step `index` (up to the third, which shows the value); levels
        the question shows itself (`prompt`) are passed over."""
        record = self.record(self._asked_step(index).index)
        level = max(record.hints, self.prompt) + 1
        return self._with(replace(record, hints=min(level, HINT_LEVELS)))

    def hint_text(self, index: int) -> str:
        """The hint shown now for step `index`, or '' before the first."""
        level = self.record(index).hints
        return hint(self.trace.steps[index - 1], level, self.digits) if level else ""

    def reveal(self, index: int) -> "Session":
        """Give up on step `index`: the value is shown and the step counts as wrong."""
        return self._with(replace(self.record(self._asked_step(index).index), revealed=True))

    def rewound(self, position: int) -> "Session":
        """The session with steps after `position` un-answered (the cursor stepped back)."""
        kept = tuple(r for r in self.records if r.index <= position)
        return self if kept == self.records else replace(self, records=kept)

    def next_open(self) -> int | None:
        """The first asked step not answered yet (nor revealed), or None when all are: the
        window steps forward no further than it."""
        answered = {r.index for r in self.records if r.outcome != "open"}
        return next((i for i in self.asked if i not in answered), None)

    def earlier_answers(self, index: int) -> dict:
        """label -> the answer the student carries on, for the steps before `index`."""
        answers = {}
        for record in self.records:
            if record.index < index and record.carried is not None:
                answers[label(self.trace.steps[record.index - 1])] = record.carried
        return answers

    def score(self) -> tuple[PhaseScore, ...]:
        """A row per phase that asks anything, then the total."""
        rows = [self._phase_score(phase) for phase in PHASES]
        rows = [row for row in rows if row.asked]
        total = PhaseScore("total", *(sum(getattr(r, f) for r in rows) for f in _COUNTS))
        return (*rows, total)

    def _phase_score(self, phase: str) -> PhaseScore:
        steps = [i for i in self.asked if self.trace.steps[i - 1].phase == phase]
        records = [self.record(i) for i in steps]
        outcomes = [r.outcome for r in records]
        inherited = sum(r.outcome == "wrong" and r.last_kind == "inherited" for r in records)
        counts = [outcomes.count(name) for name in OUTCOMES[:3]]
        return PhaseScore(phase, len(steps), *counts, inherited)

    def _asked_step(self, index: int):
        if index not in self.asked:
            raise ValueError(f"step {index} is not asked in this practice")
        return self.trace.steps[index - 1]

    def _with(self, record: Record) -> "Session":
        others = tuple(r for r in self.records if r.index != record.index)
        return replace(self, records=tuple(sorted((*others, record), key=lambda r: r.index)))


def steps_named(trace, keys) -> tuple[int, ...]:
    """Indices of the steps whose labels are `keys` (a worksheet's `asks`), in trace order."""
    wanted = set(keys)
    return tuple(step.index for step in trace.steps if label(step) in wanted)


def mark_answers(session: Session, answers) -> Session:
    """Mark a whole answer sheet (label -> typed) in step order, one attempt per step, each
    graded with the student's own earlier answers: the `grade` command's verdicts."""
    for index in session.asked:
        name = label(session.trace.steps[index - 1])
        if name in answers:
            session = session.answer(index, answers[name])
    return session


_COUNTS = ("asked", "first_time", "with_hints", "wrong", "inherited")
SUMMARY_COLUMNS = ("phase", *_COUNTS, "open")


def summary_rows(scores) -> list[tuple]:
    """The score as rows of SUMMARY_COLUMNS."""
    return [(s.phase, *(getattr(s, name) for name in SUMMARY_COLUMNS[1:])) for s in scores]


def summary_csv(scores) -> str:
    """The score as CSV, one row per phase and a total."""
    lines = [",".join(SUMMARY_COLUMNS)]
    lines += [",".join(map(str, row)) for row in summary_rows(scores)]
    return "\n".join(lines) + "\n"


def summary_markdown(scores) -> str:
    """The score as a Markdown table."""
    titles = ("phase", "asked", "right first time", "with hints", "wrong", "of which inherited")
    lines = ["| " + " | ".join((*titles, "open")) + " |", "|---" * len(SUMMARY_COLUMNS) + "|"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in summary_rows(scores)]
    return "\n".join(lines) + "\n"

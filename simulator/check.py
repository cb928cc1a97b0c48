"""The notes' hand-worked values against what the engine computes, value by value.

A written value agrees with a number when the number lies within one unit of its last written
digit: '0.738' allows 0.001, '-0.00490' allows 0.00001. Each comparison is one of STATUSES:
- match: the computed value agrees (or the notes' own rounded numbers give the written one,
  with nothing wrong among them);
- slip: wrong given the notes' own earlier numbers (the step recomputed with the values the
  notes wrote for what it reads, simulator/formula.py);
- inherited: right given the notes' earlier numbers, wrong only because one of them carries a
  slip; `inherits` names that slip's key.
The engine's numbers are never bent toward the notes.
"""

from dataclasses import dataclass
from decimal import Decimal

from simulator.formula import recompute

# Float arithmetic may put a difference of exactly one unit a hair above it.
ROUNDING_ALLOWANCE = 1e-9
STATUSES = ("match", "slip", "inherited")


@dataclass(frozen=True)
class Comparison:
    """One hand-worked value beside the computed one: notes = float(written).

    `own` is what the step gives from the notes' own earlier numbers; `carried` the keys of
    those numbers that were not right (what an inherited value carries on).
    """

    key: str
    label: str
    notes: float
    written: str
    computed: float
    status: str = "match"
    inherits: str | None = None  # the key of the slip an inherited value carries on
    why: str = ""  # the notes' own working, from the preset
    own: float | None = None
    carried: tuple = ()
    step: int = 0  # the index of the step it is compared with

    @property
    def match(self) -> bool:
        return self.status == "match"

    def to_dict(self) -> dict:
        """The JSON form of a row of `backprop-sim check --json`."""
        return {
            "key": self.key,
            "label": self.label,
            "notes": self.notes,
            "computed": self.computed,
            "match": self.match,
            "status": self.status,
            "inherits": self.inherits,
            "why": self.why or None,
        }


def match_slack(written: str) -> float:
    """One unit of the last written digit: '0.738' -> 0.001, '1.151' -> 0.001, '12' -> 1."""
    return 10.0 ** Decimal(written.strip()).as_tuple().exponent


def agrees(written: str, value: float) -> bool:
    """True when `value` lies within one unit of the last digit of `written`."""
    slack = match_slack(written) * (1.0 + ROUNDING_ALLOWANCE)
    return abs(value - float(written)) <= slack


def compare(hand_worked, trace) -> list[Comparison]:
    """Each hand-worked value against the first step with its key in `trace` (one iteration),
    in the order given; a value is judged after those of the earlier steps it reads."""
    steps = {}
    for entry in hand_worked:
        steps[entry.key] = trace.find(entry.key)
        if steps[entry.key] is None:
            raise KeyError(f"no step of this iteration computes '{entry.key}' ({entry.label})")
    done: dict = {}
    for entry in sorted(hand_worked, key=lambda e: steps[e.key].index):
        done[entry.key] = _judge(entry, steps[entry.key], done)
    return [done[entry.key] for entry in hand_worked]


def _judge(entry, step, earlier: dict) -> Comparison:
    """One value: match, slip or inherited, given the comparisons of the steps before it."""
    used = {read: earlier[read] for read in step.reads if read in earlier and read != step.key}
    own = recompute(step, given={read: c.notes for read, c in used.items()})
    carried = tuple(read for read, c in used.items() if not c.match)
    status, inherits = "slip", None
    if agrees(entry.written, step.value):
        status = "match"
    elif agrees(entry.written, own) and not carried:
        status = "match"  # right from the notes' own rounded numbers, none of them wrong
    elif agrees(entry.written, own):
        status = "inherited"
        slips = [used[read].inherits or read for read in carried]
        inherits = min(slips, key=lambda key: earlier[key].step)  # the earliest slip
    found = (status, inherits, entry.why, own, carried if inherits else (), step.index)
    return Comparison(entry.key, entry.label, entry.value, entry.written, step.value, *found)


def check_summary(rows, what: str = "hand-worked values") -> str:
    """'7 of 24 hand-worked values match; 1 is a slip and 16 inherit it.'"""
    counts = {status: sum(r.status == status for r in rows) for status in STATUSES}
    text = f"{counts['match']} of {len(rows)} {what} match"
    slips, inherited = counts["slip"], counts["inherited"]
    if not slips and not inherited:
        return text + "."
    text += f"; {slips} {'is a slip' if slips == 1 else 'are slips'}"
    if inherited:
        verb = "inherits" if inherited == 1 else "inherit"
        text += f" and {inherited} {verb} {'it' if slips == 1 else 'one'}"
    return text + "."


def shown_digits(written: str, digits: int) -> int:
    """Significant digits to show a computed value beside the notes' `written` one: at least one
    more than the notes wrote, so 0.51129 is set beside 0.511305, not beside 0.5113."""
    significant = written.lstrip("+-").replace(".", "").lstrip("0").split("e")[0].split("E")[0]
    return max(digits, len(significant) + 1)

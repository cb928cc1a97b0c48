"""The notes' hand-worked values against what the engine computes, value by value.

A written value matches when the computed one lies within one unit of its last written digit:
'0.738' allows 0.001, '-0.00490' allows 0.00001. So a value the notes rounded correctly matches,
and a slip (or a number inherited from one) shows as a mismatch. The engine's numbers are never
bent toward the notes.
"""

from dataclasses import dataclass
from decimal import Decimal

# Float arithmetic may put a difference of exactly one unit a hair above it.
ROUNDING_ALLOWANCE = 1e-9


@dataclass(frozen=True)
class Comparison:
    """One hand-worked value beside the computed one: notes = float(written)."""

    key: str
    label: str
    notes: float
    written: str
    computed: float
    match: bool


def match_slack(written: str) -> float:
    """One unit of the last written digit: '0.738' -> 0.001, '1.151' -> 0.001, '12' -> 1."""
    return 10.0 ** Decimal(written.strip()).as_tuple().exponent


def compare(hand_worked, trace) -> list[Comparison]:
    """Each hand-worked value against the first step with its key in `trace` (one iteration)."""
    rows = []
    for entry in hand_worked:
        step = trace.find(entry.key)
        if step is None:
            raise KeyError(f"no step of this iteration computes '{entry.key}' ({entry.label})")
        slack = match_slack(entry.written) * (1.0 + ROUNDING_ALLOWANCE)
        match = abs(step.value - entry.value) <= slack
        rows.append(
            Comparison(entry.key, entry.label, entry.value, entry.written, step.value, match)
        )
    return rows


def shown_digits(written: str, digits: int) -> int:
    """Significant digits to show a computed value beside the notes' `written` one: at least one
    more than the notes wrote, so 0.51129 is set beside 0.511305, not beside 0.5113."""
    significant = written.lstrip("+-").replace(".", "").lstrip("0").split("e")[0].split("E")[0]
    return max(digits, len(significant) + 1)

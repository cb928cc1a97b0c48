"""Which keys a step view has computed, and which sample of a batch is on show: read from the
trace (never changed) by the graph's dimming and the step views of ui/snapshots.py."""

from collections.abc import Set
from dataclasses import dataclass

MAX_CHANGED = 64  # steps: a jump further than this re-dims every node


@dataclass(frozen=True, eq=False)
class ComputedKeys(Set):
    """Keys computed by the first `position` steps for the sample on show (the rest dim).

    Asked key by key from the trace's index, so a step far into a big net's iteration costs
    what an early one does (a set of every key done so far would grow with the position).
    """

    trace: object
    position: int
    sample: int

    def __contains__(self, key) -> bool:
        indices = self.trace.positions.get(key, ())
        if len(self.trace.rows) == 1:  # one sample: each key is computed once, by its own step
            return bool(indices) and indices[0] <= self.position
        for index in indices:
            if index > self.position:
                return False
            if self.trace.steps[index - 1].sample in (None, self.sample):
                return True
        return False

    def changed_since(self, before) -> list[str] | None:
        """The keys whose state may differ from `before`'s: those of the steps between the two
        positions (a few, for a key press). None when any key may: `before` is of another
        trace or sample, or too far away to be worth listing."""
        if not isinstance(before, ComputedKeys) or before.trace is not self.trace:
            return None
        if before.sample != self.sample or abs(self.position - before.position) > MAX_CHANGED:
            return None
        return stepped_keys(self.trace, before.position, self.position)

    def __iter__(self):
        return (key for key in self.trace.positions if key in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def computed_keys(trace, position: int) -> ComputedKeys:
    """Keys computed by the first `position` steps for the sample on show (the rest dim)."""
    return ComputedKeys(trace, position, sample_on_show(trace, position))


def sample_on_show(trace, position: int) -> int:
    """The 1-based sample on show: the current step's, or the batch's last in the update."""
    step = trace.steps[max(position, 1) - 1]
    return step.sample if step.sample is not None else len(trace.rows)


def stepped_keys(trace, before: int, after: int) -> list[str]:
    """The keys of the steps a cursor moving from `before` to `after` steps passes (either way)."""
    low, high = sorted((before, after))
    return [step.key for step in trace.steps[low:high]]

"""The steps of a trace, in order; long runs are kept as recipes and built only when read.

A big trace (8 layers of 32 neurons) has tens of thousands of steps, most of them dL/dW and
update steps that nobody reads until the cursor gets there. A run stores how to build its k-th
Step and how to name all its keys at once; reading a step builds it (once), so a trace is cheap
to make.
"""

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple


class Run(NamedTuple):
    """`count` steps whose k-th Step is make(k) and whose keys, in order, keys() gives."""

    count: int
    make: object
    keys: object


class StepList(Sequence):
    """A read-only sequence of Steps (index 0 holds the step numbered 1)."""

    def __init__(self):
        self._starts = []  # index of each entry's first step
        self._entries = []  # a Step, or a Run of several
        self._length = 0
        self._built = {}  # index -> Step built from a Run

    def __repr__(self) -> str:
        return f"StepList({self._length} steps)"

    def __len__(self) -> int:
        return self._length

    def append(self, step) -> None:
        """Add one ready-made Step."""
        self._starts.append(self._length)
        self._entries.append(step)
        self._length += 1

    def extend_run(self, count: int, make, keys) -> None:
        """Add `count` steps built on demand by make(k), k = 0..count-1, whose keys keys() gives
        in order (all at once: a big trace names tens of thousands)."""
        if count:
            self._starts.append(self._length)
            self._entries.append(Run(count, make, keys))
            self._length += count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"step {index} is outside 0..{self._length - 1}")
        entry_index = bisect_right(self._starts, index) - 1
        entry = self._entries[entry_index]
        if not isinstance(entry, Run):
            return entry
        step = self._built.get(index)
        if step is None:
            step = self._built[index] = entry.make(index - self._starts[entry_index])
        return step

    def __iter__(self):
        for start, entry in zip(self._starts, self._entries):
            if isinstance(entry, Run):
                for k in range(entry.count):
                    yield self[start + k]
            else:
                yield entry

    def keys(self):
        """Every step's key in order, without building the steps."""
        for entry in self._entries:
            if isinstance(entry, Run):
                yield from entry.keys()
            else:
                yield entry.key

"""RecordColumns: a run's per-epoch figures as arrays that grow as the engine's records arrive.

While a run trains, the plots are shown the whole History once a frame; reading every record
again each time costs more with every epoch (a run of 100,000 epochs would read 100,000 records
a frame). The columns read only the records added since the last frame and keep the figures in
float arrays, which the curves take as they are.
"""

import numpy as np

INITIAL_ROWS = 256  # rows held before the first growth; each growth doubles them


class RecordColumns:
    """The epochs and `width` figures (`read(record)` gives them, None where not recorded) of
    every record of one history, read once each."""

    def __init__(self, read, width: int):
        self.read, self.width = read, width
        self.history, self.count = None, 0
        self._epochs = np.empty(INITIAL_ROWS, dtype=np.int64)
        self._figures = np.empty((width, INITIAL_ROWS))
        self.recorded = [True] * width  # figure -> every record so far holds it (no None)

    def __repr__(self) -> str:
        return f"RecordColumns({self.count} records, {self.width} figures)"

    def follow(self, history) -> None:
        """Take the records of `history` not read yet; another history (or a shorter one, a
        run started afresh) is read from its start."""
        if history is not self.history or len(history) < self.count:
            self.history, self.count = history, 0
            self.recorded = [True] * self.width
        new = history[self.count :]
        if not new:
            return
        end = self.count + len(new)
        if end > len(self._epochs):
            self._grow(end)
        self._epochs[self.count : end] = [record.epoch for record in new]
        rows = [self.read(record) for record in new]
        for index in range(self.width):
            column = [row[index] for row in rows]
            if None in column:
                self.recorded[index] = False
            else:
                self._figures[index, self.count : end] = column
        self.count = end

    def _grow(self, rows: int) -> None:
        size = max(rows, 2 * len(self._epochs))
        epochs, figures = np.empty(size, dtype=np.int64), np.empty((self.width, size))
        epochs[: self.count], figures[:, : self.count] = self.epochs, self._figures[:, : self.count]
        self._epochs, self._figures = epochs, figures

    @property
    def epochs(self) -> np.ndarray:
        """The records' epochs, in order (a view: rows already read never change)."""
        return self._epochs[: self.count]

    def figure(self, index: int) -> np.ndarray | None:
        """The index-th figure of every record, or None when some record does not hold it."""
        return self._figures[index, : self.count] if self.recorded[index] else None

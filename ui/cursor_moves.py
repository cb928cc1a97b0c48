"""Moving through the iteration: the keys and buttons of the step-through call these.

A mixin of the Controller (ui/controller.py): it moves the Workspace's cursor and sends the
views only the texts the move changed; in practice a forward move waits at an asked step.
"""

from simulator.cursor import GRANULARITIES
from ui.snapshots import moved_keys
from ui.validation import guarded


class CursorMoves:
    """Step forward and back, jump, finish, restart, reset; the step's granularity."""

    @guarded
    def step_forward(self) -> None:
        self._move(lambda: self.cursor.step_forward(self.granularity), forward=True)

    @guarded
    def step_back(self) -> None:
        self._move(lambda: self.cursor.step_back(self.granularity))

    @guarded
    def go_to(self, position: int) -> None:
        self._move(lambda: self.cursor.go_to(position), forward=position > self.cursor.position)

    def finish(self) -> None:
        self.go_to(len(self.cursor.trace))

    def restart(self) -> None:
        self.go_to(0)

    @guarded
    def reset(self) -> None:
        self._move(self.cursor.reset)

    @guarded
    def set_granularity(self, granularity: str) -> None:
        if granularity not in GRANULARITIES:
            raise ValueError(f"granularity should be one of {', '.join(GRANULARITIES)}.")
        self.granularity = granularity
        self.sigStatus.emit(f"Step by {granularity}")

    @property
    def at_end(self) -> bool:
        return self.cursor is not None and self.cursor.at_end

    def _move(self, action, forward: bool = False) -> None:
        """Move the cursor, then send only the display texts that the move changed. In practice
        a forward move stops at the first asked step not answered yet."""
        trace, position = self.cursor.trace, self.cursor.position
        limit = self.practice.limit() if forward and self.practice is not None else None
        if limit is not None and position >= limit:
            self.sigHeld.emit()
            return
        action()
        if self.cursor.trace is trace:
            if limit is not None and self.cursor.position > limit:
                self.cursor.go_to(limit)
            keys = moved_keys(trace, position, self.cursor.position)
            self.sigStepChanged.emit(self.step_view(keys))
            return
        # another iteration: the work has moved on, and every number changes
        self.workspace = self.workspace.with_progress(self.cursor.network)
        self.sigTraceChanged.emit(self.trace_view())
        self.sigStepChanged.emit(self.step_view())

"""Undoable edits: each swaps one Workspace for another.

A command keeps the work as it was and as it will be (Workspaces never change), so undo and redo
restore the user's numbers exactly; the controller installs them and tells the views.
"""

import weakref

from PySide6.QtGui import QUndoCommand


class ReplaceWorkspace(QUndoCommand):
    """Swap in an edited Workspace ("Set W[1,1,1] to 0.25"), restarting the iteration.

    It holds its controller weakly: the controller's undo stack owns the command, and a strong
    reference back made a cycle that only the garbage collector could free, from wherever it
    happened to run (once inside Qt's teardown of the stack, a crash)."""

    def __init__(self, controller, text: str, before, after):
        super().__init__(text)
        self._controller = weakref.ref(controller)
        self.before, self.after = before, after

    def __repr__(self) -> str:
        return f"ReplaceWorkspace({self.text()!r})"

    def redo(self) -> None:
        self._controller().install(self.after)

    def undo(self) -> None:
        self._controller().install(self.before)

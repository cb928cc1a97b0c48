"""Undoable edits: each swaps one Workspace for another.

A command keeps the work as it was and as it will be (Workspaces never change), so undo and redo
restore the user's numbers exactly; the controller installs them and tells the views.
"""

from PySide6.QtGui import QUndoCommand


class ReplaceWorkspace(QUndoCommand):
    """Swap in an edited Workspace ("Set W[1,1,1] to 0.25"), restarting the iteration."""

    def __init__(self, controller, text: str, before, after):
        super().__init__(text)
        self.controller = controller
        self.before, self.after = before, after

    def __repr__(self) -> str:
        return f"ReplaceWorkspace({self.text()!r})"

    def redo(self) -> None:
        self.controller.install(self.after)

    def undo(self) -> None:
        self.controller.install(self.before)

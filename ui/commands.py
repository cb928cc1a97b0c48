"""Undoable edits: each replaces the network (and data) the cursor steps through.

A command keeps the network as it was and as it will be, so undo and redo restore the
user's numbers exactly; the controller does the installing and tells the views.
"""

from PySide6.QtGui import QUndoCommand


class ReplaceNetwork(QUndoCommand):
    """Swap in an edited network or data set ("Set W[1,1,1] to 0.25"), restarting the iteration."""

    def __init__(self, controller, text: str, network, data):
        super().__init__(text)
        self.controller = controller
        self.before = controller.snapshot()
        self.after = (network, data)

    def __repr__(self) -> str:
        return f"ReplaceNetwork({self.text()!r})"

    def redo(self) -> None:
        self.controller.install(*self.after)

    def undo(self) -> None:
        self.controller.install(*self.before)

"""The window's one adapter to the engine: a Workspace, its cursor and the undo stack.

The user's work is the engine's Workspace; every edit is a Workspace function that returns a new
one, and the undo stack holds the one before and the one after. Views never touch engine objects:
they receive frozen snapshots (ui/snapshots.py) through the signals below and send requests back
through the methods. A slot never lets an exception out: it reports one sentence through
`sigError` and the work stays as it was.
"""

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from simulator.names import NO_NAMES, NOTATIONS, in_notation
from simulator.notation import format_number
from simulator.rules import parse_value
from simulator.settings import SETTING_NAMES
from simulator.workspace import Workspace
from ui import commands
from ui.computed_keys import sample_on_show
from ui.cursor_moves import CursorMoves
from ui.snapshots import network_view, notes_by_step, step_view, trace_view
from ui.validation import guarded


class Controller(CursorMoves, QObject):
    """Owns the Workspace, its cursor and the undo stack; the only ui code that edits work."""

    sigNetworkChanged = Signal(object)  # NetworkView: the side panel, the title, the scene
    sigTraceChanged = Signal(object)  # TraceView: a new iteration or a rebuilt trace
    sigStepChanged = Signal(object)  # StepView: incremental update after any move
    sigWorkspaceChanged = Signal(object)  # Workspace: opened, edited, undone or restored
    sigError = Signal(str)  # one sentence for the user
    sigStatus = Signal(str)  # a short confirmation for the status bar
    sigHeld = Signal()  # practice: a forward move waits for the answer to an asked step

    def __init__(self, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.workspace = None
        self.cursor = None
        self.granularity = "value"
        self.notation = "notes"  # keys written by the notes' names, or in layer notation
        self._notes = (None, {})  # (trace, its comparisons with the notes), computed once
        self.practice = None  # practice mode (ui.practice.Practice): hides answers, holds moves

    def __repr__(self) -> str:
        return f"Controller({self.workspace!r}, {self.cursor!r})"

    # -- the work ----------------------------------------------------------------------

    @guarded
    def open_preset(self, name_or_path: str) -> bool:
        """Open a bundled preset or a JSON file whole; on a bad one, say why, keep the work."""
        self.load(Workspace.open(name_or_path))
        return True

    def load(self, workspace: Workspace) -> None:
        """Start on `workspace` with an empty undo history."""
        self.undo_stack.clear()
        self.install(workspace)

    def install(self, workspace: Workspace) -> None:
        """Put `workspace` in place and step from the start of its iteration (commands call
        this for undo and redo)."""
        self.workspace, self.cursor = workspace, workspace.cursor()
        self._publish_network()
        self.sigWorkspaceChanged.emit(workspace)

    def saved(self, path) -> None:
        """The work now lives in the file at `path` (not an edit: nothing to undo)."""
        self.workspace = self.workspace.saved_as(path)
        self.undo_stack.setClean()
        self.sigNetworkChanged.emit(self.network_view())

    @property
    def settings(self):
        return self.workspace.settings

    @property
    def names(self):
        """The keys' names in the notation on show (none in layer notation)."""
        return in_notation(self.workspace.names if self.workspace else NO_NAMES, self.notation)

    # -- snapshots ---------------------------------------------------------------------

    def network_view(self):
        return network_view(self.workspace, self.cursor, self.notation)

    def trace_view(self):
        return trace_view(self.cursor, self._comparisons(), self.names)

    def step_view(self, changed=None):
        shown = {"names": self.names, "dropped": self.workspace.notes_dropped}
        view = step_view(self.cursor, self._comparisons(), self.granularity, changed, **shown)
        return view if self.practice is None else self.practice.masked(view)

    def refresh(self, keys=None) -> None:
        """Send the step view again without moving (an answer was marked, practice turned on or
        off): only `keys` changed (None: every key)."""
        self.sigStepChanged.emit(self.step_view(keys))

    # -- naming ------------------------------------------------------------------------

    @guarded
    def set_notation(self, notation: str) -> None:
        """Write keys by the notes' names or in layer notation, in every view."""
        if notation not in NOTATIONS:
            raise ValueError(f"notation should be one of {', '.join(NOTATIONS)}.")
        if notation != self.notation:
            self.notation = notation
            if self.workspace is not None:
                self._publish_network()

    @guarded
    def describe_key(self, key: str) -> None:
        """Say how `key` was last computed (clicking a value on the graph), without moving."""
        step = self.cursor.trace.latest(key, self.cursor.position)
        if step is None:
            self.sigStatus.emit(f"{self.names.label(key)} is not computed yet at this step")
        elif self.practice is not None and self.practice.hides(step):
            self.sigStatus.emit(f"{self.names.label(key)} is asked: type your answer")
        else:
            self.sigStatus.emit(f"step {step.index}: {self.names.formula(step)}")

    # -- edits (through the undo stack) --------------------------------------------------

    def edit_text(self, key: str) -> str:
        """The full-precision value of an editable key, as the edit box starts with it."""
        try:
            return repr(self.workspace.value_of(key, self._row()))
        except ValueError:
            return ""

    @guarded
    def edit_value(self, key: str, text: str) -> bool:
        """Set a weight, bias, input or target from typed text; refuse bad text with a reason."""
        value, row = parse_value(text, key), self._row()
        if value == self.workspace.value_of(key, row):
            return False
        edited = self.workspace.with_value(key, value, row)
        return self._push(f"Set {self.names.label(key)} to {format_number(value)}", edited)

    @guarded
    def change_settings(self, settings) -> bool:
        """Rebuild the network for new settings (new sizes get fresh seeded weights); undoable."""
        changed = settings.changed(self.workspace.settings)
        if not changed:
            return False
        edited = self.workspace.with_settings(settings)
        return self._push("Change " + ", ".join(SETTING_NAMES[f] for f in changed), edited)

    @guarded
    def use_parameters(self, parameters: dict, text: str = "Use trained weights") -> bool:
        """Step through with other weights, biases and alphas (trained ones); undoable."""
        return self._push(text, self.workspace.with_parameters(parameters))

    @guarded
    def use_data(self, data, spec=None, text: str = "Use other data") -> bool:
        """Step through and train on other data that fits the layers; undoable."""
        return self._push(text, self.workspace.with_data(data, spec))

    @guarded
    def use_data_fitted(self, data, spec=None) -> bool:
        """Train on other data with the network made to take it (input and output sizes from
        the data, hidden layers kept, the engine's output and loss): one undoable edit."""
        edited = self.workspace.with_data_fitted(data, spec)
        sizes = "-".join(map(str, edited.network.sizes))
        return self._push(f"Fit the network to {data.name} ({sizes})", edited)

    @guarded
    def rename(self, title: str) -> bool:
        """Give the work a new title (undoable)."""
        if title.strip() == self.workspace.title:
            return False
        return self._push(f"Rename to {title.strip()}", self.workspace.renamed(title))

    def _push(self, text: str, workspace: Workspace) -> bool:
        self.undo_stack.push(commands.ReplaceWorkspace(self, text, self.workspace, workspace))
        return True

    # -- publishing -------------------------------------------------------------------

    def _publish_network(self) -> None:
        self.sigNetworkChanged.emit(self.network_view())
        self.sigTraceChanged.emit(self.trace_view())
        self.sigStepChanged.emit(self.step_view())

    def _row(self) -> int:
        """The data row (0-based) of the sample on show."""
        sample = sample_on_show(self.cursor.trace, self.cursor.position)
        return int(self.cursor.trace.rows[sample - 1])

    def _comparisons(self) -> dict:
        """(key, sample) -> the Comparison with the notes, computed once per trace."""
        trace = self.cursor.trace
        if self._notes[0] is not trace:
            rows = self.workspace.comparisons(trace, self.cursor.network.step_count)
            self._notes = (trace, notes_by_step(rows, trace))
        return self._notes[1]

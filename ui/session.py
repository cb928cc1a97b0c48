"""Saved work: the user's network in the preset format (File > Save), the worked-solution
handout of it, and the autosave that brings a killed session back on the next start.

This is the controller's saving half: like ui/controller.py it calls the simulator (presets),
and the window only asks it to save, export or restore.
"""

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QSaveFile, QStandardPaths, QTimer, Signal

from simulator.presets import Preset
from simulator.workspace import Workspace
from ui.worked_export import Worked, write_worked

AUTOSAVE_NAME = "autosave.json"
AUTOSAVE_DELAY_MS = 3000  # quiet time after a change before the autosave is written
SESSION_FORMAT = 1


def save_network(controller, path) -> None:
    """Write the whole work to `path` (a CSV named from its folder); the undo stack marks this
    point as saved."""
    controller.workspace.saved_as(path).to_preset().save(path)
    controller.saved(path)
    controller.sigStatus.emit(f"Saved to {Path(path).name}")


def export_worked(controller, path) -> None:
    """The worked solution of the iteration on show, with the notes' values while they apply."""
    write_worked(Worked.of(controller.workspace), path)
    controller.sigStatus.emit(f"Worked solution written to {Path(path).name}")


def default_folder() -> str:
    """Where the autosave lives: the application's data folder."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)


class Autosave(QObject):
    """Writes the session a few seconds after each change and at each new iteration; a clean
    close removes the file, so a file found at start-up means the last session was killed."""

    sigWritten = Signal(str)  # the autosave file's path, after each write

    def __init__(self, controller, folder: str | None = None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.path = Path(folder or default_folder()) / AUTOSAVE_NAME
        self.iteration = None  # the iteration last written
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write)

    def __repr__(self) -> str:
        return f"Autosave({str(self.path)!r})"

    def schedule(self) -> None:
        """Write once the user has paused for a moment."""
        if self.controller.cursor is not None:
            self.timer.start()

    def note_trace(self) -> None:
        """A new trace: a new iteration is written at once, an edit a moment later."""
        cursor = self.controller.cursor
        if cursor is not None and cursor.iteration != self.iteration:
            self.write()
        else:
            self.schedule()

    def state(self) -> dict:
        """The session: the network as a preset, where it came from, and the cursor."""
        workspace, cursor = self.controller.workspace, self.controller.cursor
        return {
            "session": SESSION_FORMAT,
            "preset": workspace.to_preset().to_dict(),
            "origin": workspace.origin,
            "file": str(workspace.path or ""),
            "notes_dropped": workspace.notes_dropped,
            "iteration": cursor.iteration,
            "position": cursor.position,
        }

    def write(self) -> None:
        """Replace the autosave file atomically (QSaveFile: a kill never leaves half a file)."""
        self.timer.stop()
        if self.controller.cursor is None:
            return
        try:
            state = self.state()
        except ValueError:  # weights gone inf or NaN: keep the last autosave that was sound
            return
        file = QSaveFile(str(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if file.open(QSaveFile.OpenModeFlag.WriteOnly):
            file.write(json.dumps(state, allow_nan=False).encode("utf-8"))
            if file.commit():
                self.iteration = state["iteration"]
                self.sigWritten.emit(str(self.path))

    def discard(self) -> None:
        """A clean close: nothing to restore next time."""
        self.timer.stop()
        self.path.unlink(missing_ok=True)

    def pending(self) -> dict | None:
        """The state a killed session left behind, or None."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state if isinstance(state, dict) and state.get("session") else None

    def restore(self, state: dict) -> None:
        """Put a killed session's work and cursor back; it counts as unsaved work."""
        preset = Preset.from_dict(state["preset"], "the autosaved session")
        workspace = Workspace.from_preset(preset, str(state.get("origin", "")))
        file = state.get("file") or None
        workspace = replace(
            workspace,
            path=Path(file) if file else None,
            notes_dropped=bool(state.get("notes_dropped")),
        )
        self.controller.load(workspace)
        self.controller.go_to(int(state.get("position", 0)))
        self.controller.undo_stack.resetClean()
        self.iteration = self.controller.cursor.iteration

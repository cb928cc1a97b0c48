"""Saved work: the user's network in the preset format (File > Save), the worked-solution
handout of it, and the autosave that brings a killed session back on the next start.

This is the controller's saving half: like ui/controller.py it calls the simulator (presets),
and the window only asks it to save, export or restore.
"""

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QSaveFile, QStandardPaths, QTimer, Signal

from simulator.presets import Preset, PresetError, load_preset
from ui.worked_export import Worked, write_worked

AUTOSAVE_NAME = "autosave.json"
AUTOSAVE_DELAY_MS = 3000  # quiet time after a change before the autosave is written
SESSION_FORMAT = 1


def current_preset(controller) -> Preset:
    """The network as it stands at the start of this iteration (weights, optimizer state,
    progress, settings) with its data, as a preset: a generated data set stays a short spec
    while it is unedited, any other data is written inline."""
    cursor, base = controller.cursor, controller.base
    unedited = base is not None and cursor.data is controller.base_data
    data = base.data if unedited and "dataset" in base.data else cursor.data
    preset = Preset.from_network(cursor.network, data, base)
    return preset if base is not None else replace(preset, name=controller.title)


def save_network(controller, path) -> None:
    """Write the whole network state to `path`; the undo stack marks this point as saved."""
    current_preset(controller).save(path)
    controller.file_path = str(path)
    controller.undo_stack.setClean()
    controller.sigStatus.emit(f"Saved to {Path(path).name}")


def export_worked(controller, path) -> None:
    """The worked solution of the iteration on show: the preset itself (with the notes'
    hand-worked values) while unedited, else the user's network with the user's numbers."""
    cursor, base = controller.cursor, controller.base
    stack = controller.undo_stack
    unedited = base is not None and stack.index() == 0 and stack.isClean()
    unedited = unedited and cursor.iteration == 1
    preset = base if unedited else current_preset(controller)
    write_worked(Worked.of(preset, cursor.network.copy(), cursor.data), path)
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
        controller, cursor = self.controller, self.controller.cursor
        return {
            "session": SESSION_FORMAT,
            "preset": current_preset(controller).to_dict(),
            "origin": str(controller.preset_name),
            "file": controller.file_path,
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
        """Put a killed session's network, data and cursor back; it counts as unsaved work."""
        controller = self.controller
        preset = Preset.from_dict(state["preset"], "the autosaved session")
        origin = state.get("origin", "")
        try:  # the notes' hand-worked values, which a saved network leaves out
            preset = replace(preset, hand_worked=load_preset(origin).hand_worked)
        except PresetError:
            origin = ""
        network, data = preset.build_network(), preset.load_data()
        controller.load(network, data, preset.name, preset.hand_worked, origin, preset.description)
        controller.base, controller.file_path = preset, state.get("file", "")
        controller.go_to(int(state.get("position", 0)))
        controller.undo_stack.resetClean()
        self.iteration = controller.cursor.iteration

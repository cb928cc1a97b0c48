"""Saved work: the user's network in the preset format (File > Save) and the worked-solution
handout of it, each file replaced whole or not at all.

This is the controller's saving half: like ui/controller.py it calls the simulator (presets),
and the window only asks it to save or export; every file is written by the engine's
simulator.files.replace_file (temporary file, sync, rename). The autosave is in ui/autosave.py.
"""

from pathlib import Path

from simulator.files import replace_file
from ui.worked_export import Worked, write_worked


def save_network(controller, path) -> None:
    """Write the whole work to `path` (a CSV named from its folder); the undo stack marks this
    point as saved."""
    preset = controller.workspace.saved_as(path).to_preset()
    replace_file(path, preset.to_json().encode("utf-8"))
    controller.saved(path)
    controller.sigStatus.emit(f"Saved to {Path(path).name}")


def export_worked(controller, path) -> None:
    """The worked solution of the iteration on show, with the notes' values while they apply."""
    write_worked(Worked.of(controller.workspace, controller.notation), path)
    controller.sigStatus.emit(f"Worked solution written to {Path(path).name}")

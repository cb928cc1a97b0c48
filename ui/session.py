"""Saved work: the user's network in the preset format (File > Save) and the worked-solution
handout of it, each file replaced whole or not at all.

This is the controller's saving half: like ui/controller.py it calls the simulator (presets),
and the window only asks it to save or export. The autosave is in ui/autosave.py.
"""

import os
from pathlib import Path

from PySide6.QtCore import QSaveFile

from ui.worked_export import Worked, write_worked

# unbuffered: a write that fails (a full disk) fails at once, with the system's reason
WRITE_UNBUFFERED = QSaveFile.OpenModeFlag.WriteOnly | QSaveFile.OpenModeFlag.Unbuffered


def save_network(controller, path) -> None:
    """Write the whole work to `path`; the undo stack marks this point as saved."""
    write_file(path, controller.workspace.to_preset().to_json().encode("utf-8"))
    controller.saved(path)
    controller.sigStatus.emit(f"Saved to {Path(path).name}")


def export_worked(controller, path) -> None:
    """The worked solution of the iteration on show, with the notes' values while they apply."""
    write_worked(Worked.of(controller.workspace), path)
    controller.sigStatus.emit(f"Worked solution written to {Path(path).name}")


def write_file(path, content: bytes) -> None:
    """Replace the file at `path` with `content`, or leave it exactly as it was.

    QSaveFile writes a temporary file in the same folder, syncs it to the disk and only then
    renames it over the old one, so a full disk or a kill never leaves half a file; the folder
    is synced after the rename so the new name survives a power cut too. OSError names why not.
    """
    file = QSaveFile(str(path))
    file.setDirectWriteFallback(False)  # never write into the old file itself
    if not (file.open(WRITE_UNBUFFERED) and _write_all(file, content) and file.commit()):
        reason = file.errorString() or "the disk refused it"
        if file.isOpen():
            file.cancelWriting()  # the temporary file goes; the old file was never touched
        kept = "; the file already there is unchanged" if Path(path).exists() else ""
        raise OSError(f"{reason[0].lower()}{reason[1:]}{kept}")
    _sync_folder(Path(path).parent)


def _write_all(file: QSaveFile, content: bytes) -> bool:
    """Write every byte; a short write is retried, so a failure comes with its reason."""
    while content:
        count = file.write(content)
        if count <= 0:
            return False
        content = content[count:]
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a folder's entries reach the disk with its fsync)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems cannot sync a folder; the data itself is synced
        pass
    finally:
        os.close(descriptor)

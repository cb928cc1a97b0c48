"""The autosave: every running window keeps its work in a session file of its own, written at
most AUTOSAVE_DELAY_MS after the first change that is not in it yet, however busy the user is.

Each session file has a lock file beside it (QLockFile) held while its window runs, so a file
whose lock no running program holds belongs to a session that was killed: the next start finds
it and offers it back (ui/restore.py). A clean close removes the window's own file only.
Trouble writing (a folder that cannot be made, a read-only folder, a full disk) is said once,
and the window goes on.
"""

import json
import uuid
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, Qt, QTimer, Signal

from simulator.files import replace_file

AUTOSAVE_DELAY_MS = 2000  # the longest a change waits before it is on the disk
SESSION_FORMAT = 1
SESSION_GLOB = "autosave*.json"  # every window's file, and the one file of earlier versions


def default_folder() -> Path:
    """Where the autosaves live: the application's data folder."""
    location = QStandardPaths.StandardLocation.AppDataLocation
    return Path(QStandardPaths.writableLocation(location))


def lock_for(path: Path) -> QLockFile:
    """The lock of a session file; held by its window for as long as it runs (no time limit)."""
    lock = QLockFile(str(path.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # stale only when the process that took it is gone
    return lock


class Autosave(QObject):
    """Writes one window's session a moment after the first unsaved change and at each new
    iteration; `discard` on a clean close removes the file, and only this window's."""

    sigWritten = Signal(str)  # the session file's path, after each write
    sigTrouble = Signal(str)  # one sentence, the first time a write fails after a good one

    def __init__(self, controller, folder=None, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.folder = Path(folder) if folder else default_folder()
        self.path = self.folder / f"autosave-{uuid.uuid4().hex[:12]}.json"
        self.lock = None  # taken with the first write
        self.iteration = None  # the iteration last written
        self.troubled = False  # a write failed and the user has been told
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may wait 5% longer
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write)

    def __repr__(self) -> str:
        return f"Autosave({str(self.path)!r})"

    def note_change(self, *_) -> None:
        """Something changed: write within the delay, counted from the first unwritten change
        (later changes do not push the write back)."""
        if self.controller.cursor is not None and not self.timer.isActive():
            self.timer.start()

    def note_trace(self, *_) -> None:
        """A new trace: a new iteration is written at once, an edit within the delay."""
        cursor = self.controller.cursor
        if cursor is not None and cursor.iteration != self.iteration:
            self.write()
        else:
            self.note_change()

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
        """Replace the session file whole (simulator.files); say so once if it fails."""
        self.timer.stop()
        if self.controller.cursor is None:
            return
        try:
            state = self.state()
            content = json.dumps(state, allow_nan=False).encode("utf-8")
        except ValueError:  # weights gone inf or NaN: keep the last autosave that was sound
            return
        try:
            self._hold_lock()
            replace_file(self.path, content)
        except OSError as error:
            self._report(error)
            return
        self.troubled = False
        self.iteration = state["iteration"]
        self.sigWritten.emit(str(self.path))

    def adopt(self, path: Path, lock: QLockFile) -> None:
        """Write to a killed session's file from now on (its lock is already held): its work
        stays on the disk until this window writes the same work back."""
        self.timer.stop()
        if self.lock is not None:  # a file of this window's own, with nothing else in it
            self.discard()
        self.path, self.lock = path, lock

    def discard(self) -> None:
        """A clean close: this window's file goes (before its lock, so no other start takes
        it for a killed session), and nothing of this window is offered next time."""
        self.timer.stop()
        if self.lock is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # nothing to be done at close; the next start offers the file back
        self.lock.unlock()
        self.lock = None

    def _hold_lock(self) -> None:
        """Make the folder and take this window's lock, once."""
        if self.lock is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = lock_for(self.path)
        if not lock.tryLock(0):
            raise OSError(f"its lock file could not be made ({lock.error().name})")
        self.lock = lock

    def _report(self, error: OSError) -> None:
        if self.troubled:
            return
        self.troubled = True
        reason = (error.strerror or str(error)).rstrip(".")
        self.sigTrouble.emit(
            f"Autosave could not write to {self.folder}: {reason[:1].lower()}{reason[1:]}. "
            "Your work goes on, but save "
            "it with File > Save; the autosave tries again with each change."
        )

"""Bringing killed sessions back at start-up.

Every session file whose lock no running program holds (ui/autosave.py) is offered: each one
comes back in a window of its own, its work marked unsaved, so closing that window asks to save
or discard it as any unsaved work does. A damaged file (empty, cut short, binary, tampered,
huge) is read no further than MAX_SESSION_BYTES, moved aside into the `damaged` folder and named
in one sentence; it never stops the program from starting.
"""

import json
import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QLockFile

from simulator import limits
from simulator.presets import Preset
from simulator.workspace import Workspace
from ui.autosave import SESSION_FORMAT, SESSION_GLOB, Autosave, lock_for
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.validation import sentence

MAX_SESSION_BYTES = limits.MAX_PRESET_BYTES + 2**20  # a preset at its limit, and the cursor
MAX_WINDOWS = 4  # sessions restored at one start; the others wait for the next
ASIDE_FOLDER = "damaged"
RESTORED = "Restored a session that was interrupted; its changes are not saved yet."


@dataclass
class Orphan:
    """A killed session's file, locked for this program while it is looked at."""

    path: Path
    lock: QLockFile


@dataclass(frozen=True)
class Session:
    """What a session file brings back: the work and the step it was at."""

    workspace: Workspace
    position: int


def restore_sessions(window, fill_window: bool, new_window=None) -> list:
    """Offer every killed session found in `window`'s autosave folder: the newest in `window`
    itself when `fill_window` (it has no work yet), each other in a window from `new_window`
    (a MainWindow like `window` by default). Returns the windows given a session."""
    if window.autosave is None:
        return []
    sound, damaged = [], []
    for orphan in claim_orphans(window.autosave.folder):
        try:
            sound.append((orphan, read_session(orphan.path)))
        except Exception as error:  # noqa: BLE001 - a damaged autosave must not stop the start
            damaged.append(move_aside(orphan, sentence(error)))
    windows = []
    for orphan, session in sound[:MAX_WINDOWS]:
        target = window if fill_window and not windows else (new_window or _like)(window)
        restore_into(target, orphan, session)
        windows.append(target)
    for orphan, _ in sound[MAX_WINDOWS:]:
        orphan.lock.unlock()
    waiting = len(sound) - len(windows)
    if waiting:
        damaged.append(f"{waiting} more interrupted sessions open at the next start.")
    if damaged:
        window.show_error(" ".join(damaged))
    return windows


def claim_orphans(folder: Path) -> list:
    """The session files in `folder` that no running program holds, newest first; each is
    locked for this program, so two starts never take the same one."""
    try:
        paths = sorted(folder.glob(SESSION_GLOB), key=_modified, reverse=True)
    except OSError:
        return []
    orphans = []
    for path in paths:
        lock = lock_for(path)
        if lock.tryLock(0):
            orphans.append(Orphan(path, lock))
    return orphans


def read_session(path: Path) -> Session:
    """The work in a session file; ValueError (or the preset's own error) says what is wrong."""
    state = _parse(_read(path))
    if not isinstance(state, dict) or state.get("session") != SESSION_FORMAT:
        raise ValueError("it is not a backprop-sim session")
    preset = state.get("preset")
    if not isinstance(preset, dict) or "csv" in (preset.get("data") or {}):
        raise ValueError("its network is missing or names a file to read")
    origin = state.get("origin")
    preset = Preset.from_dict(preset, f"the autosave {path.name}")
    workspace = Workspace.from_preset(preset, origin if isinstance(origin, str) else "")
    workspace = replace(
        workspace,
        path=_saved_file(state.get("file")),
        notes_dropped=bool(state.get("notes_dropped")),
    )
    position = state.get("position")
    return Session(workspace, position if isinstance(position, int) else 0)


def restore_into(window, orphan: Orphan, session: Session) -> None:
    """Put a killed session's work and step back in `window`; it counts as unsaved work, and
    the window goes on writing to the session's own file."""
    window.autosave.adopt(orphan.path, orphan.lock)
    controller = window.controller
    controller.load(session.workspace)
    controller.go_to(min(max(session.position, 0), len(controller.cursor.trace)))
    controller.undo_stack.resetClean()
    window.statusBar().showMessage(RESTORED, 15000)


def move_aside(orphan: Orphan, reason: str) -> str:
    """Move a damaged session file into the `damaged` folder beside it; one sentence says so."""
    aside = orphan.path.parent / ASIDE_FOLDER
    target = aside / orphan.path.name
    try:
        aside.mkdir(exist_ok=True)
        for number in range(1, 1000):
            if not target.exists() and not target.is_symlink():
                break
            target = aside / f"{orphan.path.stem}-{number}{orphan.path.suffix}"
        os.replace(orphan.path, target)
    except OSError as error:
        where = f"stays where it is ({error.strerror or error})"
    else:
        where = f"was moved to {target}"
    orphan.lock.unlock()
    return f"The autosave {orphan.path.name} {where}: it could not be restored, {reason}"


def _read(path: Path) -> bytes:
    """At most MAX_SESSION_BYTES of a regular file; never follows a link, never waits on a
    pipe or a device."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ValueError(f"it could not be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("it is not a regular file")
        content = b"" if status.st_size > MAX_SESSION_BYTES else stream.read(MAX_SESSION_BYTES + 1)
    if status.st_size > MAX_SESSION_BYTES or len(content) > MAX_SESSION_BYTES:
        raise ValueError(f"it is larger than {MAX_SESSION_BYTES // 2**20} MiB")
    if not content.strip():
        raise ValueError("it is empty")
    return content


def _parse(content: bytes):
    try:
        return json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("it is not text (a binary file?)") from None
    except RecursionError:
        raise ValueError("its lists are nested far too deep") from None
    except ValueError:
        raise ValueError("it is not complete JSON (cut short?)") from None


def _saved_file(file) -> Path | None:
    """The preset file the work was last saved to: only an absolute path to a .json file."""
    if not isinstance(file, str) or not file or len(file) > 4096:
        return None
    path = Path(file)
    return path if path.is_absolute() and path.suffix == ".json" else None


def _modified(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def _like(window):
    """Another window like `window`: its own controller and autosave, the same settings."""
    controller = Controller()
    other = MainWindow(controller, window.settings, Autosave(controller, window.autosave.folder))
    other.resize(window.size())
    return other

"""Writing a file whole or not at all: the one way the program replaces a file with new content.

The content goes to a temporary file in the same folder, every byte is checked, the file is
synced to the disk and only then renamed over the old one, and the folder is synced so the new
name survives a power cut. A full disk, a read-only folder or a kill at any moment leaves the old
file exactly as it was. Saving a network (window or `train --save`), the autosave and the curves
all come through here.
"""

import os
import secrets
import stat
from pathlib import Path


def replace_file(path, content: bytes) -> None:
    """Replace the file at `path` with `content`, or leave it as it was; OSError says why."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # the new file gets the old one's permissions, or the usual ones (umask applies)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:
        raise OSError(_reason(error, path)) from None
    try:
        try:
            _write_all(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(_reason(error, path)) from None
    _sync_folder(path.parent)


def replace_text(path, text: str) -> None:
    """replace_file for text, as UTF-8."""
    replace_file(path, text.encode("utf-8"))


def _write_all(descriptor: int, content: bytes) -> None:
    """Every byte, however the disk takes them; a short write is retried, a failure raised."""
    view = memoryview(content)
    while view:
        written = os.write(descriptor, view)
        if written <= 0:
            raise OSError("the disk took no more bytes")
        view = view[written:]


def _reason(error: OSError, path: Path) -> str:
    """'no space left on device; the file already there is unchanged' (no traceback words)."""
    reason = (error.strerror or str(error) or "the disk refused it").rstrip(".")
    reason = reason[0].lower() + reason[1:]
    kept = "; the file already there is unchanged" if path.exists() else ""
    return f"{reason}{kept}"


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

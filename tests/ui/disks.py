"""Disks that refuse a write, for the tests of saving and autosave: a real tiny tmpfs where the
machine lets a test mount one, and a file size limit (RLIMIT_FSIZE) everywhere on Linux, under
which the system refuses a write past the limit the way it refuses one on a full disk."""

import contextlib
import resource
import signal
import subprocess

import pytest


@contextlib.contextmanager
def file_size_limit(size: int):
    """Writes past `size` bytes of any file fail with EFBIG while inside."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


@contextlib.contextmanager
def tiny_disk(folder, size: str = "64k", read_only: bool = False):
    """A tmpfs of `size` mounted on `folder` (skips the test where mounting is not allowed)."""
    folder.mkdir(exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("this machine does not let a test mount a tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder) -> None:
    """Fill the disk under `folder` to the last byte."""
    with open(folder / "filler", "wb", buffering=0) as stream:
        with contextlib.suppress(OSError):
            while True:
                stream.write(b"\0" * 4096)

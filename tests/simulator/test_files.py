"""Files are replaced whole or not at all: a failed write leaves the old file as it was."""

import errno
import os
import stat

import pytest

from simulator import files
from simulator.checker import PresetError
from simulator.files import replace_file, replace_text
from simulator.presets import load_preset


def test_a_file_is_replaced_whole_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text("old")
    os.chmod(path, 0o640)
    replace_text(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"]  # no temporary file left


def test_a_full_disk_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "mine.json"
    path.write_bytes(b"the old work")
    calls = []

    def full_disk(descriptor, data):
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return 4096  # the first block goes in, then the disk is full

    monkeypatch.setattr(files.os, "write", full_disk)
    with pytest.raises(OSError) as caught:
        replace_file(path, b"x" * 10_000)
    assert str(caught.value) == "no space left on device; the file already there is unchanged"
    assert path.read_bytes() == b"the old work"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"]


def test_a_folder_that_cannot_be_written_says_why(tmp_path):
    with pytest.raises(OSError, match="^no such file or directory$"):
        replace_file(tmp_path / "missing" / "mine.json", b"x")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "preset.json"
    os.mkfifo(pipe)
    with pytest.raises(PresetError, match="not a regular file"):
        load_preset(str(pipe))

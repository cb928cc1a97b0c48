"""The autosave: written soon after the first unsaved change however busy the user is, one
file per running window, every killed session offered back at the next start, a damaged file
moved aside with a sentence, and trouble writing said once while the window goes on."""

import json
from pathlib import Path

import pytest
from disks import file_size_limit, fill, tiny_disk
from PySide6.QtWidgets import QMessageBox

from ui.autosave import AUTOSAVE_DELAY_MS, Autosave
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.restore import MAX_SESSION_BYTES, restore_sessions

Answer = QMessageBox.StandardButton


def make_window(qtbot, folder, preset="notes-2-2-1-sigmoid-bce"):
    controller = Controller()
    window = MainWindow(controller, None, Autosave(controller, str(folder)))
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: Answer.Discard  # pytest-qt closes it after the test
    if preset:
        controller.open_preset(preset)
    return window


def restore(qtbot, folder, fill_window=True, preset=None):
    """Start as the program does: a window, then every killed session found in `folder`."""
    window = make_window(qtbot, folder, preset)
    others = []

    def new_window(_):
        others.append(make_window(qtbot, folder, preset=None))
        return others[-1]

    restored = restore_sessions(window, fill_window, new_window)
    return window, restored


def sessions(folder: Path) -> list:
    return sorted(folder.glob("autosave*.json"))


def weight(window) -> float:
    return float(window.controller.cursor.network.weight(1)[0, 0])


def test_an_edit_waits_no_longer_than_the_delay_however_many_follow(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    autosave, controller = window.autosave, window.controller
    autosave.write()
    controller.edit_value("W[1,1,1]", "0.25")
    first = autosave.timer.remainingTime()
    qtbot.wait(300)
    controller.edit_value("W[1,1,1]", "0.5")  # a later change does not push the write back
    assert 0 <= autosave.timer.remainingTime() < first <= AUTOSAVE_DELAY_MS


def test_steady_work_is_written_while_it_goes_on(qtbot, tmp_path):
    """An edit every 100 ms for three delays: written at least twice while still editing
    (waiting for a pause wrote nothing at all, and a kill lost every edit)."""
    window = make_window(qtbot, tmp_path)
    delay = AUTOSAVE_DELAY_MS // 8  # the rule at an eighth of the time: edits 100 ms apart
    window.autosave.timer.setInterval(delay)
    written = []
    window.autosave.sigWritten.connect(written.append)
    edits = 3 * delay // 100
    for number in range(1, edits + 1):
        window.controller.edit_value("W[1,1,1]", str(number))
        qtbot.wait(100)
    assert len(written) >= 2
    state = json.loads(Path(written[-1]).read_text())
    assert state["preset"]["weights"][0][0][0] > 1  # an edit made while the work went on


def test_each_window_writes_its_own_file_and_a_clean_close_removes_only_that(qtbot, tmp_path):
    first, second = make_window(qtbot, tmp_path), make_window(qtbot, tmp_path, "xor")
    first.autosave.write()
    second.autosave.write()
    assert len(sessions(tmp_path)) == 2 and first.autosave.path != second.autosave.path
    first.close()
    assert sessions(tmp_path) == [second.autosave.path]
    # a start while the second window runs offers nothing: that file is held, not killed
    window, restored = restore(qtbot, tmp_path)
    assert restored == [] and sessions(tmp_path) == [second.autosave.path]


def test_a_clean_close_leaves_nothing_to_restore(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.autosave.write()
    window.close()
    assert sessions(tmp_path) == [] and list(tmp_path.glob("*.lock")) == []
    assert restore(qtbot, tmp_path)[1] == []


def killed(window) -> None:
    """What a kill leaves behind: the file, and a lock no running program holds."""
    window.autosave.timer.stop()
    window.autosave.lock.unlock()
    window.autosave.lock = None


def test_every_killed_session_is_offered_in_a_window_of_its_own(qtbot, tmp_path):
    first, second = make_window(qtbot, tmp_path), make_window(qtbot, tmp_path, "xor")
    first.controller.edit_value("W[1,1,1]", "0.25")
    second.controller.edit_value("W[1,1,1]", "-2")
    for window in (first, second):
        window.autosave.write()
        killed(window)
    window, restored = restore(qtbot, tmp_path)
    assert len(restored) == 2 and restored[0] is window
    assert sorted(weight(w) for w in restored) == [-2.0, 0.25]
    assert all(w.windowTitle().startswith("*") for w in restored)
    assert {w.autosave.path for w in restored} == set(sessions(tmp_path))


def test_a_preset_argument_still_offers_the_killed_session(qtbot, tmp_path):
    lost = make_window(qtbot, tmp_path)
    lost.controller.edit_value("W[1,1,1]", "0.25")
    lost.autosave.write()
    killed(lost)
    window, restored = restore(qtbot, tmp_path, fill_window=False, preset="xor")
    assert window.controller.cursor.network.sizes == (2, 4, 1)  # the preset asked for
    assert len(restored) == 1 and restored[0] is not window and weight(restored[0]) == 0.25


def test_a_restored_session_goes_on_in_its_file_until_closed(qtbot, tmp_path):
    lost = make_window(qtbot, tmp_path)
    lost.autosave.write()
    killed(lost)
    path = lost.autosave.path
    window = restore(qtbot, tmp_path)[0]
    assert window.autosave.path == path  # adopted: the work is on the disk all along
    window.controller.edit_value("W[1,1,1]", "0.75")
    window.autosave.write()
    assert json.loads(path.read_text())["preset"]["weights"][0][0][0] == 0.75
    window.close()
    assert sessions(tmp_path) == []


def test_a_restored_session_goes_on_at_its_own_iteration(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    controller = window.controller
    for _ in range(2):
        controller.finish()
        controller.step_forward()
    controller.step_forward()
    assert (controller.cursor.iteration, controller.cursor.position) == (3, 1)
    window.autosave.write()
    killed(window)
    cursor = restore(qtbot, tmp_path)[0].controller.cursor
    assert (cursor.iteration, cursor.position) == (3, 1)
    assert cursor.network.step_count == 2


def session_text(qtbot, tmp_path, **changes) -> str:
    """A sound session file's text with some fields replaced."""
    window = make_window(qtbot, tmp_path / "made")
    state = window.autosave.state() | changes
    return json.dumps(state)


DEEP = "[" * 500 + "]" * 500
DAMAGED = {
    "empty": lambda sound: b"",
    "cut short": lambda sound: sound.encode()[: len(sound) // 2],
    "binary": lambda sound: bytes(range(256)) * 64,
    "deep nesting": lambda sound: b"[" * 100_000 + b"]" * 100_000,
    "nested weights": lambda sound: sound.replace('"weights": ', f'"weights": {DEEP}, "x": '),
    "not a session": lambda sound: b'{"format": 1}',
    "data read from a file": lambda sound: sound.replace('"data": {', '"data": {"csv": "z", '),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_autosave_is_moved_aside_with_a_sentence(qtbot, tmp_path, kind):
    path = tmp_path / "autosave-damaged.json"
    damaged = DAMAGED[kind](session_text(qtbot, tmp_path))
    path.write_bytes(damaged.encode() if isinstance(damaged, str) else damaged)
    content = path.read_bytes()
    window, restored = restore(qtbot, tmp_path)
    aside = tmp_path / "damaged" / path.name
    assert restored == [] and not path.exists() and aside.read_bytes() == content
    assert window.message.text().startswith(
        f"⚠ The autosave autosave-damaged.json was moved to {aside}: it could not be restored, "
    )
    assert window.controller.open_preset("xor")  # the program goes on


def test_a_huge_autosave_is_never_read(qtbot, tmp_path):
    path = tmp_path / "autosave-huge.json"
    with open(path, "wb") as stream:
        stream.truncate(8 * MAX_SESSION_BYTES)  # sparse: no disk, and reading it would take GBs
    window, restored = restore(qtbot, tmp_path)
    assert restored == [] and (tmp_path / "damaged" / path.name).exists()
    assert f"larger than {MAX_SESSION_BYTES // 2**20} MiB" in window.message.text()


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_an_autosave_that_is_a_device_or_a_pipe_is_never_read(qtbot, tmp_path, target):
    import os

    path = tmp_path / "autosave-odd.json"
    if target == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
    else:
        path.symlink_to(target)
    window, restored = restore(qtbot, tmp_path)
    assert restored == [] and not path.exists() and "could not be restored" in window.message.text()


def test_an_origin_or_file_that_names_a_device_is_only_a_label(qtbot, tmp_path):
    text = session_text(qtbot, tmp_path, origin="/dev/zero", file="/dev/zero")
    (tmp_path / "autosave-tampered.json").write_text(text)
    window = restore(qtbot, tmp_path)[1][0]
    assert window.controller.workspace.origin == "/dev/zero"
    assert window.controller.workspace.path is None  # Save asks for a name, never writes there


def test_a_folder_that_cannot_be_made_is_said_once_and_the_work_goes_on(qtbot, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    window = make_window(qtbot, tmp_path / "file" / "autosave", preset=None)
    told = []
    window.autosave.sigTrouble.connect(told.append)
    window.controller.open_preset("notes-2-2-1-sigmoid-bce")  # written at once: a new iteration
    for number in range(5):
        window.controller.edit_value("W[1,1,1]", str(number))
        window.autosave.write()
    assert len(told) == 1 and "Autosave could not write to" in told[0]
    assert "File > Save" in window.message.text() and weight(window) == 4.0


def test_a_full_disk_is_said_once_and_writing_resumes_when_there_is_room(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    told = []
    window.autosave.sigTrouble.connect(told.append)
    with file_size_limit(256):
        for number in range(3):
            window.controller.edit_value("W[1,1,1]", str(number))
            window.autosave.write()
    assert len(told) == 1 and "file too large" in told[0]
    window.autosave.write()
    assert json.loads(window.autosave.path.read_text())["preset"]["weights"][0][0][0] == 2.0


def test_a_read_only_or_full_autosave_disk_is_said_once(qtbot, tmp_path):
    with tiny_disk(tmp_path / "disk", "64k") as disk:
        window = make_window(qtbot, disk)
        window.autosave.write()
        fill(disk)
        told = []
        window.autosave.sigTrouble.connect(told.append)
        for number in range(3):
            window.controller.edit_value("W[1,1,1]", str(number))
            window.autosave.write()
        assert len(told) == 1 and "no space left on device" in told[0]
    with tiny_disk(tmp_path / "read-only", read_only=True) as disk:
        window = make_window(qtbot, disk, preset=None)
        told = []
        window.autosave.sigTrouble.connect(told.append)
        window.controller.open_preset("notes-2-2-1-sigmoid-bce")
        for number in range(3):
            window.controller.edit_value("W[1,1,1]", str(number))
            window.autosave.write()
        assert len(told) == 1 and "read-only" in told[0].lower()

"""Saved work: Save then Open restores the network exactly, unsaved edits are never lost
silently, and a save that fails leaves the file on disk as it was. (The autosave and a killed
session's return are tested in test_autosave.py.)"""

import json
from dataclasses import replace

import numpy as np
import pytest
from disks import file_size_limit, fill, tiny_disk
from PySide6.QtWidgets import QFileDialog, QMessageBox

from simulator.workspace import Workspace
from ui.autosave import Autosave
from ui.controller import Controller
from ui.main_window import MainWindow

Answer = QMessageBox.StandardButton


def make_window(qtbot, autosave_folder=None, preset="notes-2-2-1-sigmoid-bce"):
    controller = Controller()
    autosave = Autosave(controller, str(autosave_folder)) if autosave_folder else None
    window = MainWindow(controller, None, autosave)
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: Answer.Discard  # pytest-qt closes it after the test
    if preset:
        controller.open_preset(preset)
    return window


def save_dialog(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_save_then_open_restores_every_number(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, preset="xor")
    controller = window.controller
    controller.change_settings(replace(controller.settings, optimizer="adam", batch_size=2))
    for _ in range(3):
        controller.finish()
        controller.step_forward()  # commits the update: adam's moments and t move on
    saved = controller.cursor.network
    assert saved.step_count == 3 and saved.optimizer_state
    save_dialog(monkeypatch, tmp_path / "mine.json")
    assert window.save_as()
    assert not window.windowTitle().startswith("*") and "mine.json" in window.windowTitle()

    opened = make_window(qtbot, preset=str(tmp_path / "mine.json")).controller
    network = opened.cursor.network
    assert network.parameters.keys() == saved.parameters.keys()
    for name, value in saved.parameters.items():
        assert np.array_equal(network.parameters[name], value)
    for name, state in saved.optimizer_state.items():
        for kind, value in state.items():
            assert np.array_equal(network.optimizer_state[name][kind], value)
    progress = ("step_count", "epoch", "batch_in_epoch", "batch_size", "seed", "optimizer")
    assert [getattr(network, n) for n in progress] == [getattr(saved, n) for n in progress]
    expected = controller.cursor.trace.steps
    assert [(s.key, s.value) for s in opened.cursor.trace.steps] == [
        (s.key, s.value) for s in expected
    ]


def test_a_bad_file_is_one_sentence_and_the_network_stays(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot)
    window.controller.edit_value("W[1,1,1]", "0.25")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "name": "x", "layers": [2, "two", 1]}')
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    window.open_file()  # Discard answers the prompt; the file then fails to load
    assert not window.message.isHidden() and "broken.json" in window.message.text()
    assert window.controller.cursor.network.weight(1)[0, 0] == 0.25
    assert window.controller.undo_stack.count() == 1


def test_an_edit_marks_the_title_and_undo_clears_it(qtbot):
    window = make_window(qtbot)
    assert not window.windowTitle().startswith("*")
    window.controller.edit_value("b[1,1]", "0.5")
    assert window.windowTitle().startswith("*")
    window.controller.undo_stack.undo()
    assert not window.windowTitle().startswith("*")


@pytest.mark.parametrize("answer, closed", [(Answer.Cancel, False), (Answer.Discard, True)])
def test_closing_with_unsaved_changes_asks(qtbot, answer, closed):
    window = make_window(qtbot)
    window.show()
    window.controller.edit_value("W[1,1,1]", "0.25")
    asked = []
    window._ask_unsaved = lambda: asked.append(True) or answer
    window.close()
    assert asked and window.isVisible() != closed
    assert window.controller.cursor.network.weight(1)[0, 0] == 0.25


@pytest.mark.parametrize("answer, sizes", [(Answer.Cancel, (2, 2, 1)), (Answer.Discard, (2, 4, 1))])
def test_switching_preset_with_unsaved_changes_asks(qtbot, answer, sizes):
    window = make_window(qtbot)
    window.controller.edit_value("W[1,1,1]", "0.25")
    window._ask_unsaved = lambda: answer
    window.network_panel.preset.setCurrentText("xor")
    window.network_panel.sigPresetRequested.emit("xor")
    assert window.controller.cursor.network.sizes == sizes
    assert window.network_panel.sizes.text() == "-".join(map(str, sizes))
    if answer == Answer.Cancel:
        assert window.network_panel.preset.currentText() == "notes-2-2-1-sigmoid-bce"
        assert window.controller.cursor.network.weight(1)[0, 0] == 0.25


def test_answering_save_writes_the_file_before_switching(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot)
    window.controller.edit_value("W[1,1,1]", "0.25")
    window._ask_unsaved = lambda: Answer.Save
    save_dialog(monkeypatch, tmp_path / "edited.json")
    window.switch_preset("xor")
    assert json.loads((tmp_path / "edited.json").read_text())["weights"][0][0][0] == 0.25
    assert window.controller.cursor.network.sizes == (2, 4, 1)


def test_open_with_unsaved_changes_and_cancel_shows_no_file_dialog(qtbot, monkeypatch):
    window = make_window(qtbot)
    window.controller.edit_value("W[1,1,1]", "0.25")
    window._ask_unsaved = lambda: Answer.Cancel
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: pytest.fail("asked"))
    window.open_file()
    assert window.controller.cursor.network.weight(1)[0, 0] == 0.25


def saved_then_grown(qtbot, folder, monkeypatch):
    """A window whose work was saved to folder/mine.json, then grew (unsaved) to 2-16-1."""
    window = make_window(qtbot)
    save_dialog(monkeypatch, folder / "mine.json")
    assert window.save_as()
    controller = window.controller
    controller.change_settings(replace(controller.settings, sizes=(2, 16, 1)))
    return window, (folder / "mine.json").read_bytes()


def assert_not_written(window, folder, before: bytes, reason: str) -> None:
    """The save failed with one sentence, the old file is byte-identical, nothing is left over,
    and the work is still unsaved."""
    assert not window.save()
    assert (folder / "mine.json").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir() if p.name != "filler") == ["mine.json"]
    assert window.message.text() == (
        f"⚠ mine.json was not written: {reason}; the file already there is unchanged."
    )
    assert window.windowTitle().startswith("*") and not window.controller.undo_stack.isClean()
    assert window.controller.cursor.network.sizes == (2, 16, 1)


def test_a_save_the_disk_refuses_leaves_the_old_file_as_it_was(qtbot, tmp_path, monkeypatch):
    window, before = saved_then_grown(qtbot, tmp_path, monkeypatch)
    with file_size_limit(1024):  # a preset file takes more
        assert_not_written(window, tmp_path, before, "file too large")
    assert window.save() and b"16" in (tmp_path / "mine.json").read_bytes()


def test_a_save_to_a_full_disk_leaves_the_old_file_as_it_was(qtbot, tmp_path, monkeypatch):
    with tiny_disk(tmp_path / "disk") as disk:
        window, before = saved_then_grown(qtbot, disk, monkeypatch)
        fill(disk)
        assert_not_written(window, disk, before, "no space left on device")
        (disk / "filler").unlink()
        assert window.save() and not window.windowTitle().startswith("*")


def test_saving_iris_elsewhere_keeps_its_rows_and_its_standardisation(qtbot, tmp_path):
    from ui.controller import Controller
    from ui.session import save_network

    controller = Controller()
    controller.open_preset("iris")
    path = tmp_path / "work" / "iris-copy.json"
    path.parent.mkdir()
    save_network(controller, path)
    data = json.loads(path.read_text())["data"]
    assert len(data["inputs"]) == 150 and len(data["standardize"]["mean"]) == 4
    again = Workspace.open(str(path))
    np.testing.assert_array_equal(again.data.inputs, controller.workspace.data.inputs)

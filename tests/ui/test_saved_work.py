"""Saved work: Save then Open restores the network exactly, unsaved edits are never lost
silently, and a session killed mid-edit comes back on the next start."""

import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from simulator.workspace import Workspace
from ui.app import restore_session
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.session import Autosave

ROOT = Path(__file__).resolve().parents[2]
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


def test_a_clean_close_leaves_nothing_to_restore(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    window.autosave.write()
    assert (tmp_path / "autosave.json").exists()
    window.close()
    assert not (tmp_path / "autosave.json").exists()
    assert not restore_session(make_window(qtbot, tmp_path, preset=None))


KILLED_SESSION = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
import ui.session
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.session import Autosave
ui.session.AUTOSAVE_DELAY_MS = 50  # a user gets 3 s of quiet before a write; the test need not
controller = Controller()
window = MainWindow(controller, None, Autosave(controller, sys.argv[1]))
controller.open_preset("notes-2-2-1-sigmoid-bce")
for _ in range(4):
    controller.step_forward()
controller.edit_value("W[1,2,1]", "-0.75")
controller.step_forward()
controller.step_forward()
app.exec()
"""


def autosaved_weight(path: Path):
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return state["preset"]["weights"][0][1][0], state["position"]


def test_a_killed_session_is_restored_on_the_next_start(qtbot, tmp_path):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_SESSION, str(tmp_path)], env=environment, cwd=ROOT
    )
    try:
        path = tmp_path / "autosave.json"
        qtbot.waitUntil(lambda: autosaved_weight(path) == (-0.75, 2), timeout=60_000)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    window = make_window(qtbot, tmp_path, preset=None)
    assert restore_session(window)
    cursor = window.controller.cursor
    assert cursor.network.weight(1)[1, 0] == -0.75 and cursor.position == 2
    assert window.scene.item_for("W[1,2,1]").texts["W[1,2,1]"] == "-0.75"
    assert "Restored" in window.statusBar().currentMessage()
    assert window.windowTitle().startswith("*")  # restored work is not saved in a file yet
    # the edited network is no longer the notes' example: their values no longer apply, and the
    # restored work still knows it came from the notes' preset
    workspace = window.controller.workspace
    assert workspace.notes_dropped and not workspace.hand_worked
    assert workspace.origin == "notes-2-2-1-sigmoid-bce"


def test_a_restored_session_goes_on_at_its_own_iteration(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    controller = window.controller
    for _ in range(2):
        controller.finish()
        controller.step_forward()
    controller.step_forward()
    assert (controller.cursor.iteration, controller.cursor.position) == (3, 1)
    window.autosave.write()
    restored = make_window(qtbot, tmp_path, preset=None)
    assert restore_session(restored)
    cursor = restored.controller.cursor
    assert (cursor.iteration, cursor.position) == (3, 1)
    assert cursor.network.step_count == 2


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

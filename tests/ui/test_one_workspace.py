"""Issue 9's failures, driven through the real window and command line: the user's work has one
home (the engine's Workspace), so an edit is checked once and every view follows it."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from simulator.presets import load_preset
from ui.cli import main
from ui.session import export_worked

NOTES = "notes-2-2-1-sigmoid-bce"


def type_into(field, text):
    field.setText(text)
    field.editingFinished.emit()


def choose(combo, text):
    combo.setCurrentText(text)
    combo.activated.emit(combo.currentIndex())


def right(qtbot, window, times=1):
    for _ in range(times):
        qtbot.keyClick(window, Qt.Key.Key_Right)


def test_narrowing_the_notes_network_works_and_undo_brings_the_notes_back(qtbot, window):
    errors = []
    window.controller.sigError.connect(errors.append)
    type_into(window.network_panel.sizes, "2-1-1")
    assert errors == [] and window.controller.workspace.network.sizes == (2, 1, 1)
    trace = window.controller.cursor.trace
    assert len(window.steps_table.steps.trace) == len(trace)
    right(qtbot, window, len(trace))  # every step of the new network, nothing fails
    assert window.controller.cursor.at_end and errors == []
    assert not window.formula.shows("badge")  # the notes' 2-2-1 values are not compared
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.network_panel.sizes.text() == "2-2-1"
    right(qtbot, window)
    assert window.formula.shows("badge") and "0.44" in window.formula.text("badge")


def test_a_preset_that_fails_while_loading_leaves_the_window_as_it_was(qtbot, window, tmp_path):
    data = load_preset("xor").to_dict() | {"batch_in_epoch": 9}
    path = tmp_path / "late.json"
    path.write_text(json.dumps(data))
    errors = []
    window.controller.sigError.connect(errors.append)
    window.controller.open_preset(str(path))
    assert len(errors) == 1 and "batch_in_epoch" in errors[0]
    assert window.message.isVisible() and "late.json" in window.message.text()
    assert window.controller.workspace.origin == NOTES
    right(qtbot, window, 3)  # the views and the engine still agree: stepping goes on
    assert window.controller.cursor.position == 3 and len(window.steps_table.steps.trace) == 31


@pytest.mark.parametrize(
    "change, words",
    [
        (("loss", "cce"), "cce needs softmax"),
        (("output", "softmax"), "not be softmax for one output neuron"),
    ],
)
def test_settings_the_file_format_refuses_are_refused_and_saving_still_works(
    qtbot, window, tmp_path, monkeypatch, change, words
):
    panel = window.network_panel
    errors = []
    window.controller.sigError.connect(errors.append)
    combo = panel.loss if change[0] == "loss" else panel.activations[-1]
    choose(combo, change[1])
    assert len(errors) == 1 and words in errors[0]
    assert window.controller.workspace.settings.loss == "bce"
    assert window.controller.undo_stack.count() == 0
    path = tmp_path / "still.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.save_as() and load_preset(str(path)).loss == "bce"


def test_a_new_architecture_is_not_compared_with_the_notes_in_the_handout(window, tmp_path):
    type_into(window.network_panel.sizes, "2-3-1")
    path = tmp_path / "wider.md"
    assert window._write(export_worked, str(path))
    text = path.read_text()
    assert "does not match" not in text and "notes' hand-worked values" not in text
    assert "**slip**" not in text and "inherits the slip" not in text and "from-to" not in text
    assert "z[1,3]" in text


def test_the_iteration_shown_follows_a_settings_change(qtbot, window):
    for _ in range(2):
        window.controller.finish()
        window.controller.step_forward()
    assert "iteration 3" in window.phase_strip.caption.text()
    type_into(window.network_panel.learning_rate, "0.5")  # same network: training goes on
    assert window.controller.cursor.iteration == 3
    assert "iteration 3" in window.phase_strip.caption.text()
    type_into(window.network_panel.sizes, "2-3-1")  # a new network starts afresh
    assert window.controller.cursor.iteration == 1
    assert "iteration 1" in window.phase_strip.caption.text()


def test_the_command_line_opens_the_same_workspace(capsys, tmp_path):
    data = load_preset("xor").to_dict() | {"batch_in_epoch": 9}
    path = tmp_path / "late.json"
    path.write_text(json.dumps(data))
    assert main(["trace", str(path)]) == 2
    assert "field 'batch_in_epoch' should be below" in capsys.readouterr().err


def test_the_settings_panel_has_one_activation_row_a_layer_whatever_the_depth(window):
    """Every edit shows the network in the settings panel again: a net of the same depth keeps
    its rows; a deeper or shallower one gains or loses rows, in layer order."""
    panel = window.network_panel

    def rows():
        form = panel.form
        labels = [form.labelForField(combo).text() for combo in panel.activations]
        return labels, [combo.currentText() for combo in panel.activations]

    first = list(panel.activations)
    assert rows() == (["Layer 1", "Layer 2"], ["sigmoid", "sigmoid"])
    type_into(panel.sizes, "2-3-1")
    assert panel.activations == first  # the same depth: the same rows
    type_into(panel.sizes, "2-3-3-1")
    assert rows() == (["Layer 1", "Layer 2", "Layer 3"], ["sigmoid"] * 3)
    assert panel.activations[:2] == first
    choose(panel.activations[0], "tanh")
    type_into(panel.sizes, "2-1")
    assert rows() == (["Layer 1"], ["sigmoid"])
    window.controller.undo_stack.undo()
    assert rows() == (["Layer 1", "Layer 2", "Layer 3"], ["tanh", "sigmoid", "sigmoid"])

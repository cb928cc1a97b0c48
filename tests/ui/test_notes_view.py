"""The notes beside the window: their names in every view, their slip explained where it happens,
what merely inherits it, and a mini-batch whose every number says which data row it belongs to.

The tests that only step and read share one window, brought back to a fresh window's start
before each; a test that edits, changes the notation or the settings makes its own."""

from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from room import at_the_start, shared, shown_window

from simulator.keys import mean_key
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.session import export_worked

NOTES = "notes-2-2-1-sigmoid-bce"


def open_window(qtbot, settings=None, preset=NOTES):
    controller = Controller()
    window = MainWindow(controller, settings)
    qtbot.addWidget(window)
    controller.open_preset(preset)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    return window


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    return open_window(qtbot, settings)


def window_with_settings(path: str):
    """The notes' window at 1280x800 with settings of its own in the file `path` (its closing
    is the caller's)."""
    return shown_window(settings=QSettings(path, QSettings.Format.IniFormat), preset=NOTES)


looked_at = shared(window_with_settings)


@pytest.fixture
def read(qtbot, looked_at, tmp_path_factory):
    """The window shared by the tests that only step and read (with a settings file of its
    own, as a fresh window has), back at its start."""
    path = tmp_path_factory.getbasetemp() / "notes-view-settings.ini"
    return at_the_start(qtbot, looked_at(str(path)))


def go_to(window, key, sample=None):
    """Step the window to the step computing `key` (for `sample`, in a batch)."""
    step = window.controller.cursor.trace.find(key, sample)
    window.controller.go_to(step.index)
    return step


def edit_prompt(window, monkeypatch, key) -> str:
    asked = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda _, __, label, **k: (asked.append(label), ("", False))[1]
    )
    window._edit(key)
    return asked[0]


def chain_rule(window, key):
    titles = [window.tabs.tabText(index) for index in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Chain rule"))
    paths = window.view_tabs.lessons["Chain rule"]
    paths.set_selected(key)
    window.tabs.setCurrentIndex(0)
    return paths


def handout(window, tmp_path) -> str:
    path = tmp_path / "handout.md"
    assert window._write(export_worked, str(path))
    return path.read_text()


def test_every_view_writes_the_notes_names(read, monkeypatch, tmp_path):
    window = read
    scene = window.scene
    assert scene.item_for("W[1,1,2]").row_text("W[1,1,2]") == "w21 = 0.3"
    assert scene.item_for("a[1,1]").title == "H1" and scene.item_for("a[2,1]").title == "O"
    assert scene.item_for("b[2,1]").row_text("b[2,1]") == "b0 = 0.3"
    go_to(window, "dL/dW[1,1,2]")
    assert scene.item_for("dL/dW[1,1,2]").row_text("dL/dW[1,1,2]") == "∂L/∂w21 = -0.02493"
    symbolic = window.formula.lines["symbolic"]  # the engine text, in the notes' names
    assert symbolic.startswith("dL/dw21 = dL/dz1") and "x2" in symbolic
    model = window.steps_table.steps
    assert [model.row(i).key for i in range(7)] == ["Z1", "H1", "Z2", "H2", "Z0", "O", "L"]
    assert model.row(17).key == "dL/dw21" and model.row(17).formula.startswith("dL/dw21 = ")
    assert edit_prompt(window, monkeypatch, "W[1,1,2]") == "New value for w21 (W[1,1,2]):"
    paths = chain_rule(window, "W[1,1,2]")
    assert paths._target.currentText() == "w21"
    assert "∂L/∂O · ∂O/∂Z0 · ∂Z0/∂H1" in paths._formulas.toPlainText()
    assert "L → O → H1 → w21" in paths._formulas.toPlainText()
    assert "Z1 = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44" in handout(window, tmp_path)
    said = []
    window.controller.sigStatus.connect(said.append)
    try:
        window.controller.go_to(3)
        window.controller.describe_key("a[1,1]")
        window.controller.describe_key("z[2,1]")
    finally:
        window.controller.sigStatus.disconnect(said.append)
    assert said == ["step 2: H1 = 1/(1+e^(-0.44)) = 0.6083", "Z0 is not computed yet at this step"]


def test_layer_notation_everywhere_and_remembered(qtbot, window, settings, monkeypatch, tmp_path):
    items, edge = window.scene.item_count(), window.scene.item_for("W[1,1,2]")
    window.notation.choose("layer")
    assert window.scene.item_count() == items and window.scene.item_for("W[1,1,2]") is edge
    assert (
        edge.row_text("W[1,1,2]") == "w = 0.3" and window.scene.item_for("a[1,1]").title == "a[1,1]"
    )
    go_to(window, "dL/dW[1,1,2]")
    assert "dL/dW[1,1,2]" not in window.formula.text("symbolic")  # typeset: ∂L/∂w^[1]_1,2
    assert "<sup>[1]</sup><sub>1,2</sub>" in window.formula._line_html("symbolic", 0.0)
    assert window.steps_table.steps.row(0).key == "z[1,1]"
    assert edit_prompt(window, monkeypatch, "W[1,1,2]") == "New value for W[1,1,2]:"
    assert chain_rule(window, "W[1,1,2]")._target.currentText() == "W[1,1,2]"
    assert "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44" in handout(window, tmp_path)
    assert settings.value("notation") == "layer"
    again = open_window(qtbot, settings)
    assert again.controller.notation == "layer"
    assert again.steps_table.steps.trace.names == {}
    assert [a.isChecked() for a in again.notation.group.actions()] == [False, True]


def test_the_about_text_says_once_that_the_notes_number_weights_from_to(read):
    window = read
    about = window.network_panel.description.text()
    assert about.count("from-to") == 1
    assert "w21 is the weight from x2 to H1, which the engine writes W[1,1,2]" in about


def test_a_match_a_slip_explained_and_what_inherits_it(read):
    window = read
    formula, model = window.formula, window.steps_table.steps
    go_to(window, "L")
    assert "✓ matches" in formula.text("badge") and not formula.shows("verdict")
    step = go_to(window, "dL/da[2,1]")
    assert step.index == 8
    assert "✗" in formula.lines["badge"] and "-0.262" in formula.lines["badge"]
    assert formula.shows("verdict")
    verdict = formula.lines["verdict"]
    assert "Slip: The notes write dL/dO = -1/O = -1/0.738 but box -0.262" in verdict
    assert "O - y" in verdict and formula._colour("verdict") == window.theme.mismatch
    go_to(window, "dL/dz[2,1]")
    assert "↳ computed -0.2615" in formula.lines["badge"]
    verdict = formula.lines["verdict"]
    assert "Inherited: right for the notes' own dL/dO = -0.262, their slip at step 8." in verdict
    assert formula._colour("verdict") == window.theme.muted
    go_to(window, "dL/dW[1,1,2]")
    assert (
        "own dL/dz1 = -0.00607, which carries their slip in dL/dO (step 8)"
        in (formula.lines["verdict"])
    )
    marks = [model.data(model.index(i, model.headers().index("notes"))) for i in (6, 7, 8)]
    assert marks == ["✓ 0.303", "✗ -0.262", "↳ -0.051"]
    colours = [model.data(model.index(i, 3), Qt.ItemDataRole.ForegroundRole) for i in (6, 7, 8)]
    theme = window.theme
    assert [c.name() for c in colours] == [theme.match, theme.mismatch, theme.muted]


def test_after_an_edit_the_notes_no_longer_apply_and_undo_brings_them_back(window):
    controller, formula = window.controller, window.formula
    controller.edit_value("W[1,1,1]", "0.25")
    go_to(window, "dL/da[2,1]")
    assert not formula.shows("badge")
    assert (
        "no longer apply" in formula.lines["verdict"]
        and "Undo brings them back" in (formula.lines["verdict"])
    )
    assert formula._colour("verdict") != window.theme.mismatch
    assert "notes" not in window.steps_table.steps.headers()
    assert window.scene.item_for("W[1,1,2]").row_text("W[1,1,2]") == "w21 = 0.3"  # names stay
    controller.undo_stack.undo()
    go_to(window, "dL/da[2,1]")
    assert "✗" in formula.text("badge") and formula.lines["verdict"].count("Slip") == 1


@pytest.fixture
def batch(qtbot):
    window = open_window(qtbot, preset="xor")
    controller = window.controller
    controller.change_settings(replace(controller.settings, batch_size=4))
    return window


def test_a_mini_batch_says_which_sample_and_data_row_every_number_belongs_to(batch):
    trace = batch.controller.cursor.trace
    rows = [r + 1 for r in trace.rows]
    table = batch.batch_table
    assert table.isVisible() and table.table.rowCount() == 4
    assert [table.table.item(n, 0).text() for n in range(4)] == [str(r) for r in rows]
    step = go_to(batch, "a[1,2]", sample=2)
    assert f"sample 2 of 4 (row {rows[1]})" in batch.phase_strip.caption.text()
    assert table.lit == 2 and table.table.item(1, 0).background().color().name() == (
        batch.theme.current
    )
    model = batch.steps_table.steps
    assert model.headers()[:2] == ("#", "sample")
    assert model.data(model.index(step.index - 1, 1)) == f"2 (row {rows[1]})"
    assert model.data(model.index(0, 1)) == f"1 (row {rows[0]})"


def test_batch_means_have_keys_of_their_own_and_light_their_edge(batch):
    trace, scene = batch.controller.cursor.trace, batch.scene
    mean = go_to(batch, mean_key("dL/dW[2,1,1]"))
    caption = batch.phase_strip.caption.text()  # the strip above the formula says where
    assert mean.kind == "mean" and "mean over the batch" in caption and "sample" not in caption
    edge = scene.item_for("W[2,1,1]")
    assert scene.item_for(mean.key) is edge and edge.current == mean.key
    assert edge.row_text(mean.key).startswith("mean ∂L/∂w = ")
    per_sample = [s for s in trace.steps if s.key == "dL/dW[2,1,1]"]
    assert [s.sample for s in per_sample] == [1, 2, 3, 4]  # never the mean's key
    assert batch.batch_table.lit is None
    update = go_to(batch, "W[2,1,1]")
    assert mean.key in update.reads and edge.mark == "current"
    caption = batch.phase_strip.caption.text()
    assert "batch of 4" in caption and "sample" not in caption
    batch.controller.change_settings(replace(batch.controller.settings, batch_size=1))
    assert edge.texts[mean.key] is None and not batch.batch_table.isVisible()


def test_optimizer_state_lights_the_edge_of_its_weight(batch):
    controller = batch.controller
    controller.change_settings(replace(controller.settings, optimizer="momentum"))
    go_to(batch, "v(W[2,1,1])")
    assert batch.scene.item_for("W[2,1,1]").mark == "current"

"""The training view and the lessons as tabs of the window: each gets a copy of the user's
network, edits reach them, graph clicks select in them, and the worked handout is exported."""

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow

TABS = (
    "Step through",
    "Train",
    "Chain rule",
    "Activations",
    "Vanishing gradient",
    "Linear collapse",
    "Learning rate",
)


@pytest.fixture
def window(qtbot):
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    controller.open_preset("notes-2-2-1-sigmoid-bce")
    return window


def show_tab(window, title):
    window.tabs.setCurrentIndex(
        [window.tabs.tabText(i) for i in range(window.tabs.count())].index(title)
    )


def test_every_view_is_a_tab_and_gets_a_copy_of_the_network(window, monkeypatch):
    assert tuple(window.tabs.tabText(i) for i in range(window.tabs.count())) == TABS
    received = {}
    for title, view in window.view_tabs.views.items():
        monkeypatch.setattr(view, "set_network", lambda n, d, t=title: received.update({t: (n, d)}))
    for title in TABS[1:]:
        show_tab(window, title)
    assert received.keys() == set(TABS[1:])
    ours = window.controller.cursor.network
    for network, data in received.values():
        assert network is not ours and np.array_equal(network.weight(1), ours.weight(1))
        assert np.array_equal(data.inputs, window.controller.cursor.data.inputs)


def test_a_weight_edit_reaches_the_training_tab(window):
    show_tab(window, "Train")
    window.controller.edit_value("W[1,1,1]", "0.25")
    assert window.view_tabs.training.network.weight(1)[0, 0] == 0.25
    window.controller.undo_stack.undo()
    assert window.view_tabs.training.network.weight(1)[0, 0] == 0.2


def test_stepping_does_not_retrain_and_training_does_not_step(qtbot, window):
    show_tab(window, "Train")
    training = window.view_tabs.training
    training.controls.step_button.click()
    qtbot.waitUntil(lambda: not training.running and len(training.history) == 1)
    assert window.controller.cursor.network.weight(1)[0, 0] == 0.2
    window.controller.finish()
    window.controller.step_forward()  # a new iteration of the step-through
    assert len(training.history) == 1


def test_trained_weights_come_back_as_one_undoable_edit(qtbot, window):
    show_tab(window, "Train")
    training = window.view_tabs.training
    training.controls.epochs.setValue(5)
    training.controls.train_button.click()
    qtbot.waitUntil(lambda: not training.running and len(training.history) == 5)
    window.view_tabs.use_trained()
    ours = window.controller.cursor.network
    assert np.array_equal(ours.weight(2), training.network.weight(2))
    assert len(training.history) == 5  # the training tab keeps its run
    assert window.windowTitle().startswith("*")
    window.controller.undo_stack.undo()
    assert window.controller.cursor.network.weight(1)[0, 0] == 0.2


def test_graph_clicks_select_in_the_lessons_and_paths_light_up(window):
    show_tab(window, "Chain rule")
    window.scene.sigKeyClicked.emit("W[1,2,1]")
    paths = window.view_tabs.lessons["Chain rule"]
    assert paths.path_sum.target == "W[1,2,1]"
    assert window.scene.item_for("W[1,2,1]").current == "W[1,2,1]"


def test_worked_export_holds_every_formula_of_the_users_network(window, tmp_path, monkeypatch):
    window.controller.edit_value("W[1,1,1]", "0.25")
    path = tmp_path / "worked.md"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "Markdown (*.md)")
    )
    window.export_worked()
    text = path.read_text(encoding="utf-8")
    trace = window.controller.cursor.trace
    names = window.controller.names  # written in the notation the window shows
    assert all(names.formula(step) in text for step in trace.steps)
    assert "Z1 = 0.25*0.5 + 0.3*0.8 + 0.1" in text
    assert path.with_suffix(".png").exists()

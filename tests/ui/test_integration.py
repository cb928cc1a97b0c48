"""The training view and the lessons as tabs of the window: each is built when first shown and
gets a copy of the user's network, edits reach them, graph clicks select in them, and the
worked handout is exported."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.plots.themed_plot import ThemedPlot
from ui.theme import DARK, font_px
from ui.view_tabs import VIEWS, view_class

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


def test_every_view_is_a_tab_built_when_shown_and_gets_a_copy_of_the_network(window, monkeypatch):
    assert tuple(window.tabs.tabText(i) for i in range(window.tabs.count())) == TABS
    assert window.view_tabs.views == {}  # nothing is built before its tab is shown
    for index in range(1, len(TABS)):  # nor its scroll area: one widget a tab, for the restyles
        assert window.tabs.widget(index).findChildren(QWidget) == []
    received = {}
    for title, *_ in VIEWS:
        kind = view_class(title)
        monkeypatch.setattr(kind, "set_workspace", lambda _, w, t=title: received.update({t: w}))
    for title in TABS[1:]:
        show_tab(window, title)
        assert title in window.view_tabs.views
    assert received.keys() == set(TABS[1:])
    ours = window.controller.cursor.network
    for workspace in received.values():
        # the views get the user's work itself, frozen: its arrays cannot be written
        assert workspace is window.controller.workspace
        assert workspace.network is not ours and np.array_equal(
            workspace.network.weight(1), ours.weight(1)
        )
        assert not workspace.network.weight(1).flags.writeable
        assert np.array_equal(workspace.data.inputs, window.controller.cursor.data.inputs)


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
    assert path.with_name("worked-network.png").exists()  # named after the handout


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.ControlModifier):
    """A key press on the window, shown and active so that its shortcuts work."""
    if not window.isActiveWindow():
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, modifier)


def test_tabs_never_shown_take_the_theme_the_selection_and_a_refusal(qtbot, window):
    press(qtbot, window, Qt.Key.Key_T)  # dark
    press(qtbot, window, Qt.Key.Key_Equal)  # larger
    window.scene.sigKeyClicked.emit("a[1,2]")
    window.view_tabs.use_trained()
    assert "not trained yet" in window.message.text()
    assert window.controller.undo_stack.count() == 0
    show_tab(window, "Activations")
    explorer = window.view_tabs.lessons["Activations"]
    assert explorer.value_plot.theme is DARK and explorer.value_plot.presentation_scale > 1
    z = window.controller.cursor.trace.find("z[1,2]").value
    assert explorer.marker_z == pytest.approx(z)  # the neuron clicked before the tab was built


def test_a_theme_and_scale_change_restyle_every_plot_of_every_tab(qtbot, window):
    for title in TABS[1:]:
        show_tab(window, title)
    plots, training = window.findChildren(ThemedPlot), window.view_tabs.training
    assert len(plots) == 9  # loss, accuracy, boundary, gradient; f, f'; the chain; the rates,
    # the loss against one weight
    press(qtbot, window, Qt.Key.Key_T)
    press(qtbot, window, Qt.Key.Key_Equal)
    for plot in plots:
        assert plot.backgroundBrush().color().name() == DARK.background
        assert plot.getAxis("bottom").style["tickFont"].pixelSize() == font_px(window.scale)
        assert plot.getPlotItem().titleLabel.opts["color"] == DARK.text
    for plot in training.plots.values():  # pyqtgraph's right-click menu: the window's, themed
        menu = plot.getViewBox().getMenu(None)
        menu.popup(QPoint(0, 0))
        assert menu.window() is menu and not window.isAncestorOf(menu)  # restyled when shown
        assert menu.palette().color(QPalette.ColorRole.Window).name() == DARK.background
        menu.close()


def test_after_ctrl_plus_the_train_tabs_axes_keep_their_units(qtbot, window):
    show_tab(window, "Train")
    training = window.view_tabs.training
    training.controls.epochs.setValue(20)
    training.controls.train_button.click()
    qtbot.waitUntil(lambda: not training.running and len(training.history) == 20)
    left = training.plots["loss"].getAxis("left")
    press(qtbot, window, Qt.Key.Key_Equal)
    qtbot.waitUntil(lambda: 0 < left.range[1] < 1)  # the losses: where pyqtgraph says 'milli'
    press(qtbot, window, Qt.Key.Key_Equal)
    for plot in training.plots.values():
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            assert axis.autoSIPrefixScale == 1.0, (plot, side)  # 0.3 reads 0.3, never 300
    low, high = left.range
    (spacing, values), *_ = left.tickValues(low, high, 200)
    shown = [float(text) for text in left.tickStrings(values, left.autoSIPrefixScale, spacing)]
    assert all(low - 1e-9 <= value <= high + 1e-9 for value in shown)


def test_closing_the_window_stops_every_training_thread(qtbot, window):
    show_tab(window, "Train")
    training = window.view_tabs.training
    training.controls.epochs.setValue(1_000_000)
    training.controls.train_button.click()
    show_tab(window, "Learning rate")
    rates = window.view_tabs.lessons["Learning rate"]
    rates.epochs.setValue(100_000)
    rates.start()
    threads = [training.worker.thread] + [worker.thread for worker in rates.workers]
    assert len(threads) == 1 + len(rates.rates) == 4  # the Train tab and the 3 default rates
    assert all(thread.isRunning() for thread in threads)
    window.close()
    assert not any(thread.isRunning() for thread in threads)

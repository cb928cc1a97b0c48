"""The plot wrappers hold exactly the engine's figures, update in place, and export them."""

import csv
import json

import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from room import drawn_ticks
from shiboken6 import isValid

from simulator.datasets import generate
from simulator.presets import load_preset
from simulator.training import train
from ui.lessons.style import lesson_plot
from ui.plots.accuracy_plot import AccuracyPlot
from ui.plots.boundary_plot import GRID_SIZE, BoundaryPlot
from ui.plots.export import (
    export_history_csv,
    export_history_json,
    export_plot_png,
    export_plot_svg,
)
from ui.plots.gradient_plot import GradientPlot
from ui.plots.loss_plot import LossPlot
from ui.plots.themed_plot import CURVE_WIDTH, ThemedPlot
from ui.theme import DARK, LIGHT, font_px, stylesheet


@pytest.fixture(scope="module")
def moons():
    """A moons network trained 20 epochs with a test set: (network, train, test, history)."""
    preset = load_preset("moons")
    network = preset.build_network()
    data = preset.load_data()
    history = train(network, data, 20, test=generate("moons", 50, 0.1, 1))
    return network, data, history


def legend_labels(plot):
    return [label.text for _, label in plot.legend.items]


def tick_labels(axis) -> list:
    """The numbers the axis writes beside its major ticks, as it would paint them."""
    low, high = axis.range
    (spacing, values), *_ = axis.tickValues(low, high, 200)
    return axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)


def test_loss_plot_holds_the_engines_losses(qtbot, moons):
    _, _, history = moons
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show_history(history)
    epochs, losses = plot.curves["loss"].getData()
    assert list(epochs) == [r.epoch for r in history]
    assert list(losses) == [r.loss for r in history]
    assert list(plot.curves["test_loss"].getData()[1]) == [r.test_loss for r in history]
    assert legend_labels(plot) == ["train loss", "test loss"]


def test_curves_without_figures_stay_empty_and_out_of_the_legend(qtbot):
    preset = load_preset("xor")
    history = train(preset.build_network(), preset.load_data(), 5)  # no test set
    plot = AccuracyPlot()
    qtbot.addWidget(plot)
    plot.show_history(history)
    assert list(plot.curves["accuracy"].getData()[1]) == [r.accuracy for r in history]
    assert plot.curves["test_accuracy"].getData()[1] is None
    assert legend_labels(plot) == ["train accuracy"]


def test_updates_happen_in_place(qtbot, moons):
    _, _, history = moons
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show_history(history[:5])
    items = len(plot.getPlotItem().items)
    curve = plot.curves["loss"]
    plot.show_history(history)
    assert len(plot.getPlotItem().items) == items
    assert plot.curves["loss"] is curve and len(curve.getData()[0]) == len(history)


def test_gradient_plot_shows_each_layers_mean_gradient_on_a_log_scale(qtbot, moons):
    network, _, history = moons
    plot = GradientPlot()
    qtbot.addWidget(plot)
    plot.set_layers(network.depth)
    plot.show_history(history)
    assert plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert len(plot.layer_curves) == network.depth == 3
    for index, curve in enumerate(plot.layer_curves):
        assert list(curve.yData) == [r.gradient_means[index] for r in history]
    assert legend_labels(plot) == ["layer 1", "layer 2", "layer 3"]


def test_a_theme_and_scale_restyle_axes_curves_and_legend_in_place(qtbot, moons):
    _, _, history = moons
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show_history(history)
    plot.show()
    qtbot.waitUntil(lambda: 0 < plot.getAxis("left").range[1] < 1)  # a milli prefix's range
    curve = plot.curves["loss"]
    plot.apply_theme(DARK, 2.0)
    assert plot.curves["loss"] is curve
    assert curve.opts["pen"].color().name() == DARK.positive
    assert curve.opts["pen"].widthF() == CURVE_WIDTH * 2.0
    assert plot.backgroundBrush().color().name() == DARK.background
    assert all(label.opts["color"] == DARK.text for _, label in plot.legend.items)
    for _, label in plot.legend.items:  # as shown, not only as noted for the next text
        shown = label.item.toHtml()
        assert DARK.text[1:] in shown and f"{font_px(2.0)}px" in shown
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        assert axis.style["tickFont"].pixelSize() == font_px(2.0)
        assert axis.textPen().color().name() == DARK.text
    left = plot.getAxis("left")
    low, high = left.range
    shown = [float(text) for text in tick_labels(left)]
    assert shown and all(low - 1e-9 <= value <= high + 1e-9 for value in shown)  # 0.3, not 300
    assert "x0.001" not in left.labelString() and "(m" not in left.labelString()


def right_click(qtbot, plot):
    """Right-click the middle of the plot's data, as a user asking for its menu; the menu."""
    view_box = plot.getViewBox()
    centre = plot.mapFromScene(view_box.sceneBoundingRect().center())
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=centre)
    return view_box.menu


def background(menu) -> str:
    return menu.palette().color(QPalette.ColorRole.Window).name()


def test_the_right_click_menus_wear_their_windows_theme_and_go_with_the_plot(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    plot = ThemedPlot("Loss", "loss", "epoch")
    QVBoxLayout(window).addWidget(plot)
    window.setStyleSheet(stylesheet(DARK))
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    menu, options = right_click(qtbot, plot), plot.getPlotItem().ctrlMenu
    assert menu.isVisible() and options.menuAction() in menu.actions()  # 'Plot Options'
    options.popup(menu.geometry().topRight())  # as when the pointer rests on it
    for popup in (menu, options):
        assert popup.isVisible() and background(popup) == DARK.background
        assert not window.isAncestorOf(popup)  # a restyle of the window passes them by
        popup.close()
    window.setStyleSheet(stylesheet(LIGHT))
    assert right_click(qtbot, plot) is menu and background(menu) == LIGHT.background
    menu.close()
    plot.deleteLater()
    for _ in range(2):  # the plot, then the menus it leaves behind
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(menu) and not isValid(options)  # no closed window's menus live on


def test_a_plot_makes_its_view_menu_only_when_asked_and_a_lesson_plot_never(qtbot):
    plot, lesson = ThemedPlot("Loss"), lesson_plot("f(z)", "f", "z", LIGHT, 1.0)
    for each in (plot, lesson):
        qtbot.addWidget(each)
        each.resize(320, 240)
        each.show()
    assert plot.getViewBox().menu is None  # most plots are never right-clicked
    assert right_click(qtbot, lesson) is None and QApplication.activePopupWidget() is None
    right_click(qtbot, plot).close()


def test_every_plot_is_a_themed_plot():
    for kind in (LossPlot, AccuracyPlot, GradientPlot, BoundaryPlot):
        assert issubclass(kind, ThemedPlot)


def test_divergence_line_marks_the_epoch(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.mark_divergence(7)
    assert plot.divergence_line.isVisible() and plot.divergence_line.value() == 7
    plot.mark_divergence(None)
    assert not plot.divergence_line.isVisible()


def test_boundary_paints_the_engines_predictions_under_the_data(qtbot, moons):
    network, data, _ = moons
    plot = BoundaryPlot()
    qtbot.addWidget(plot)
    plot.set_data(data)
    assert plot.grid.shape == (GRID_SIZE * GRID_SIZE, 2)
    assert np.all(plot.grid.min(axis=0) < data.inputs.min(axis=0))
    assert np.all(plot.grid.max(axis=0) > data.inputs.max(axis=0))
    outputs = network.predict(plot.grid)
    plot.show_outputs(outputs)
    assert np.array_equal(plot.image.image, outputs[:, 0].reshape(GRID_SIZE, GRID_SIZE))
    assert np.array_equal(plot.points.getData()[0], data.inputs[:, 0])
    corner = plot.image.mapToParent(plot.image.boundingRect()).boundingRect()
    assert corner.left() < data.inputs[:, 0].min() and corner.right() > data.inputs[:, 0].max()


def test_boundary_of_several_classes_shows_the_winning_output(qtbot):
    preset = load_preset("blobs")
    network, data = preset.build_network(), preset.load_data()
    plot = BoundaryPlot()
    qtbot.addWidget(plot)
    plot.set_data(data)
    outputs = network.predict(plot.grid)
    plot.show_outputs(outputs)
    winners = outputs.argmax(axis=1).reshape(GRID_SIZE, GRID_SIZE)
    assert np.array_equal(plot.image.image, winners)


def test_boundary_needs_two_inputs(qtbot):
    plot = BoundaryPlot()
    qtbot.addWidget(plot)
    plot.set_data(load_preset("notes-3-2-1-sigmoid").load_data())
    assert plot.grid is None and not plot.image.isVisible()
    assert "needs 2 inputs" in plot.getPlotItem().titleLabel.text


def test_history_exports_are_the_engines_figures(moons, tmp_path):
    _, _, history = moons
    export_history_csv(history, tmp_path / "curves.csv")
    with open(tmp_path / "curves.csv", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == history.columns
    assert [float(row[1]) for row in rows[1:]] == [r.loss for r in history]
    export_history_json(history, tmp_path / "curves.json")
    saved = json.loads((tmp_path / "curves.json").read_text())
    assert [e["test_accuracy"] for e in saved["epochs"]] == [r.test_accuracy for r in history]


def test_plot_pictures(qtbot, moons, tmp_path):
    _, _, history = moons
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(640, 400)
    plot.show_history(history)
    export_plot_png(plot, tmp_path / "loss.png")
    assert QImage(str(tmp_path / "loss.png")).width() == 640
    export_plot_svg(plot, tmp_path / "loss.svg")
    svg = (tmp_path / "loss.svg").read_text()
    assert svg.startswith("<?xml") and "<title>Loss</title>" in svg and "<path" in svg


def shown_plot(qtbot, plot, scale: float):
    """`plot` shown on its own, 400 x 300 px at presentation scale 1 (larger with `scale`)."""
    qtbot.addWidget(plot)
    plot.resize(round(400 * scale), round(300 * scale))
    plot.show()
    qtbot.waitExposed(plot)
    return plot


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_first_figures_do_not_move_the_plot(qtbot, moons, scale):
    """The legend keeps a row's room before it lists anything: as training starts, the data
    area stays where it was (moving it would paint every plot twice more on the first frame)."""
    _, _, history = moons
    plot = shown_plot(qtbot, LossPlot(scale=scale), scale)
    view = plot.getViewBox()
    before = view.sceneBoundingRect()
    plot.show_history(history[:1])
    qtbot.wait(1)
    assert legend_labels(plot) == ["train loss", "test loss"]
    assert view.sceneBoundingRect() == before


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_accuracy_axis_labels_0_and_1_before_and_after_training(qtbot, moons, scale):
    """An accuracy reaches 1.0 at the top of the plot: the end labels stay on the axis (a
    label closer to the end than half its height is left out by pyqtgraph)."""
    _, _, history = moons
    plot = shown_plot(qtbot, AccuracyPlot(scale=scale), scale)
    for shown in ([], history):
        plot.show_history(shown)
        qtbot.wait(1)
        _, texts = drawn_ticks(plot.getAxis("left"))
        assert {"0", "1.0"} <= {text for _, text in texts}, f"{texts} after {len(shown)} epochs"


@pytest.mark.parametrize("decades", [(0.0, 1.0), (-0.5, 0.5), (-3.2, 0.3)])
def test_a_log_axis_labels_decades_or_1_2_5_apart(qtbot, decades):
    """Within a decade pyqtgraph labelled every unit from 2 to 9, a crowded column (the
    learning-rate lesson's loss plot before its first run); over several decades, the decades."""
    plot = shown_plot(qtbot, ThemedPlot("Loss", "loss", "epoch", scale=2.0), 2.0)
    plot.setLogMode(x=False, y=True)
    plot.setYRange(*decades, padding=0)
    qtbot.wait(1)
    axis = plot.getAxis("left")
    _, texts = drawn_ticks(axis)
    labels = [text for _, text in texts]
    assert 2 <= len(labels) <= 5, labels
    assert set(labels) <= {"0.001", "0.01", "0.1", "0.2", "0.5", "1", "2", "5", "10"}, labels
    gaps = [b[0] - a[0] for a, b in zip(texts, texts[1:])]
    assert min(gaps) >= 1.5 * QFontMetricsF(axis.style["tickFont"]).height(), labels

"""Lesson views show the engine's own figures: path sums, curves, factors, collapse, runs."""

import re

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt

from simulator.activations import ACTIVATIONS, get_activation
from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.notation import format_number
from simulator.optimizers import Optimizer
from simulator.paths import chain_paths, vanishing_factors
from simulator.presets import load_preset
from simulator.trace import build_trace
from simulator.workspace import Workspace
from ui.lessons import (
    ActivationExplorer,
    CollapseView,
    LearningRateView,
    PathsView,
    VanishingView,
)
from ui.theme import DARK

NUMBER = r"-?[\d.]+(?:e[-+]\d+)?"


def preset(name):
    loaded = load_preset(name)
    return loaded.build_network(), loaded.load_data()


def wide_network():
    """2-3-9-9-1: 81 routes from the loss to W[1,1,1], more than the 64 spelled out."""
    sizes = [2, 3, 9, 9, 1]
    layers = [LayerActivation.of(name) for name in ("tanh", "sigmoid", "relu", "sigmoid")]
    parameters = initial_parameters(sizes, layers, "uniform", np.random.default_rng(3))
    network = Network(sizes, layers, "mse", Optimizer("sgd", 0.1), parameters)
    return network, Dataset([[0.4, -0.7]], [[0.3]])


def exploding_linear_network():
    """A linear 1-1 net on big inputs: 0.0001 converges, 10 overflows within 20 epochs."""
    layers = [LayerActivation.of("linear")]
    parameters = {"W1": np.array([[0.5]]), "b1": np.array([0.0])}
    network = Network([1, 1], layers, "mse", Optimizer("sgd", 0.01), parameters)
    return network, Dataset([[30.0], [-20.0]], [[1.0], [0.5]])


def view(qtbot, widget_class, network, dataset):
    widget = widget_class()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.set_workspace(Workspace(network, dataset, "lesson"))
    widget.show()
    return widget


def summary_numbers(paths_view):
    """The path sum and backprop's gradient as the summary line prints them."""
    text = re.sub(r"<[^>]+>", "", paths_view._summary.text())
    total = re.search(rf"paths = ({NUMBER})", text).group(1)
    gradient = re.search(rf"\] = ({NUMBER})", text).group(1)
    return total, gradient, text


@pytest.mark.parametrize("key", ["W[1,1,1]", "W[1,2,2]", "W[2,1,1]", "b[1,2]", "b[2,1]"])
def test_paths_sum_shown_equals_the_trace_gradient(qtbot, key):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    paths = view(qtbot, PathsView, network, dataset)
    paths.set_selected(key)
    trace = build_trace(network, dataset.inputs[:1], dataset.targets[:1])
    expected = format_number(trace.find(f"dL/d{key}").value)
    total, gradient, text = summary_numbers(paths)
    assert (total, gradient) == (expected, expected)
    assert "✓ equal" in text
    assert paths.path_sum.total == pytest.approx(trace.find(f"dL/d{key}").value, abs=1e-15)


def test_each_path_is_written_with_its_factors_and_product(qtbot):
    network, dataset = preset("notes-3-2-1-sigmoid")
    paths = view(qtbot, PathsView, network, dataset)
    paths.set_selected("a[1,1]")
    html = paths._formulas.toPlainText()
    for path in paths.path_sum.paths:
        assert f"= {format_number(path.product)}" in html
        assert "∂L/∂a[2,1] · ∂a[2,1]/∂z[2,1]" in html
    assert paths._routes.count() == 1 + paths.path_sum.path_count


def test_more_than_64_paths_says_how_many_are_shown_and_sums_them_all(qtbot):
    network, dataset = wide_network()
    paths = view(qtbot, PathsView, network, dataset)
    paths.set_selected("W[1,1,1]")
    assert "Showing 64 of 81 paths" in paths._formulas.toPlainText()
    total, gradient, _ = summary_numbers(paths)
    engine = chain_paths(network, dataset.inputs[0], dataset.targets[0], "W[1,1,1]")
    assert total == gradient == format_number(engine.gradient)


def test_choosing_a_path_highlights_its_neurons_and_the_weight(qtbot):
    network, dataset = preset("notes-3-2-1-sigmoid")
    paths = view(qtbot, PathsView, network, dataset)
    paths.set_selected("W[1,2,3]")
    with qtbot.waitSignal(paths.sigHighlight) as one:
        paths._routes.setCurrentRow(1)
    first = paths.path_sum.paths[0]
    assert one.args[0] == (*first.neurons, "W[1,2,3]")
    with qtbot.waitSignal(paths.sigHighlight) as every:
        paths._routes.setCurrentRow(0)
    assert set(every.args[0]) == {k for p in paths.path_sum.paths for k in p.neurons} | {"W[1,2,3]"}


def test_an_unknown_selection_changes_nothing(qtbot):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    paths = view(qtbot, PathsView, network, dataset)
    paths.set_selected("W[1,1,1]")
    before = paths.path_sum
    paths.set_selected("a[0,1]")
    assert paths.path_sum is before
    assert "no paths" in paths._summary.text()


def table_rows(table):
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_explorer_table_lists_all_nine_activations_like_the_notes(qtbot):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    explorer = view(qtbot, ActivationExplorer, network, dataset)
    rows = {row[0]: row for row in table_rows(explorer.table)}
    assert list(rows) == list(ACTIVATIONS) and len(rows) == 9
    assert rows["sigmoid"][4] == "0.25"
    assert rows["tanh"][4] == "1"
    assert rows["tanh"][5] == "yes" and rows["sigmoid"][5] == "no"


def test_explorer_marks_the_selected_neurons_z_from_the_forward_pass(qtbot):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    explorer = view(qtbot, ActivationExplorer, network, dataset)
    explorer.set_selected("a[1,2]")
    forward = network.forward(dataset.inputs[:1])
    z, a = forward.weighted_sums[0][0, 1], forward.activations[1][0, 1]
    assert explorer.activation.name == "sigmoid"
    assert explorer.value_marker.getData()[0][0] == z
    assert explorer.value_marker.getData()[1][0] == pytest.approx(a, abs=1e-15)
    slope = get_activation("sigmoid").derivative(np.array([[z]]), np.array([[a]]), 0.0)
    assert explorer.slope_marker.getData()[1][0] == pytest.approx(slope[0, 0], abs=1e-15)
    assert f"z[1,2] = {format_number(z)}" in explorer._caption.text()


def test_explorer_curves_are_the_engines_for_the_chosen_activation(qtbot):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    explorer = view(qtbot, ActivationExplorer, network, dataset)
    explorer.table.selectRow(list(ACTIVATIONS).index("tanh"))
    z, value = explorer.value_curve.getData()
    _, slope = explorer.slope_curve.getData()
    assert z[0] == -6 and z[-1] == 6
    np.testing.assert_allclose(value, np.tanh(z))
    assert slope.max() == pytest.approx(1.0, abs=1e-4)
    explorer.table.selectRow(list(ACTIVATIONS).index("softmax"))
    assert "other 2 z's at 0" in explorer._caption.text()


def test_vanishing_table_holds_the_engines_factors(qtbot):
    network, dataset = preset("notes-deep-chain-vanishing")
    vanishing = view(qtbot, VanishingView, network, dataset)
    expected = vanishing_factors(network, dataset.inputs[0])
    rows = table_rows(vanishing.tables["left"])
    assert [row[0] for row in rows] == [str(f.layer) for f in expected]
    assert [row[2] for row in rows] == [format_number(f.derivative) for f in expected]
    assert [row[4] for row in rows] == [format_number(f.running_product) for f in expected]
    relu, relu_data = preset("notes-deep-chain-relu")
    relu_rows = table_rows(vanishing.tables["right"])
    relu_expected = vanishing_factors(relu, relu_data.inputs[0])
    assert [row[4] for row in relu_rows] == [
        format_number(f.running_product) for f in relu_expected
    ]


def test_vanishing_offers_the_chain_presets_for_a_network_that_is_no_chain(qtbot):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    vanishing = view(qtbot, VanishingView, network, dataset)
    assert "needs a chain" in vanishing._note.text()
    with qtbot.waitSignal(vanishing.sigPresetRequested) as requested:
        qtbot.mouseClick(vanishing._offers[1], Qt.MouseButton.LeftButton)
    assert requested.args == ["notes-deep-chain-relu"]


def type_input(collapse, column, text):
    collapse.input_row.item(0, column).setText(text)


def output_cells(collapse):
    return [(row[1], row[2]) for row in table_rows(collapse.outputs)]


def test_collapsed_layer_gives_the_networks_outputs_for_typed_inputs(qtbot):
    network, dataset = preset("notes-linear-collapse")
    collapse = view(qtbot, CollapseView, network, dataset)
    for column, text in enumerate(("0.25", "-3", "7.5")):
        type_input(collapse, column, text)
    expected = format_number(network.predict(np.array([[0.25, -3.0, 7.5]]))[0, 0])
    assert output_cells(collapse) == [(expected, expected)]
    assert table_rows(collapse.outputs)[0][3] == "✓"


def test_a_bad_entry_is_refused_with_a_sentence_and_changes_nothing(qtbot):
    network, dataset = preset("notes-linear-collapse")
    collapse = view(qtbot, CollapseView, network, dataset)
    before, outputs = list(collapse.inputs), output_cells(collapse)
    type_input(collapse, 1, "abc")
    assert "x2 must be a finite number" in collapse.message.text()
    assert collapse.inputs == before
    assert output_cells(collapse) == outputs
    assert collapse.input_row.item(0, 1).text() == format_number(before[1])


def test_a_nonlinear_network_explains_why_it_does_not_collapse(qtbot):
    network, dataset = preset("notes-2-2-1-sigmoid-bce")
    collapse = view(qtbot, CollapseView, network, dataset)
    text = collapse._layers.toPlainText()
    assert "does not collapse" in text and "layer 1 uses sigmoid" in text
    assert "(W2 W1) x + (W2 b1 + b2)" in text


def yours(rates):
    """The lesson on the user's network rather than its own example."""
    rates.source.setCurrentText("your network")
    return rates


def test_one_curve_per_learning_rate_and_the_divergent_one_is_marked(qtbot):
    network, dataset = exploding_linear_network()
    rates = yours(view(qtbot, LearningRateView, network, dataset))
    rates.rates_edit.setText("0.0001, 10")
    rates.epochs.setValue(30)
    with qtbot.waitSignal(rates.sigFinished, timeout=60_000):
        rates.start()
    assert len(rates.curves) == 2
    assert rates.outcomes[0] == "finished"
    assert len(rates.curves[0].getData()[0]) == 30
    assert rates.outcomes[1].startswith("diverged at epoch ")
    diverged_at = int(rates.outcomes[1].split()[-1])
    assert len(rates.curves[1].getData()[0]) == diverged_at - 1
    assert rates.legend.getLabel(rates.curves[1]).text.endswith(f"diverged at epoch {diverged_at}")
    assert network.optimizer.learning_rate == 0.01  # copies were trained, not the network


def test_a_bad_learning_rate_list_is_refused(qtbot):
    network, dataset = exploding_linear_network()
    rates = yours(view(qtbot, LearningRateView, network, dataset))
    rates.rates_edit.setText("0.1, fast")
    rates.start()
    assert "'fast' is not a learning rate" in rates.message.text()
    assert rates.curves == [] and rates.train_button.isEnabled()


def test_stop_ends_every_run_after_its_current_epoch(qtbot):
    network, dataset = exploding_linear_network()
    rates = yours(view(qtbot, LearningRateView, network, dataset))
    rates.rates_edit.setText("0.0001, 0.00001")
    rates.epochs.setValue(100_000)
    with qtbot.waitSignal(rates.sigFinished, timeout=60_000):
        rates.start()
        qtbot.mouseClick(rates.stop_button, Qt.MouseButton.LeftButton)
    assert rates.outcomes == ["stopped", "stopped"]
    assert all(len(curve.getData()[0]) < 100_000 for curve in rates.curves)
    assert rates.train_button.isEnabled() and not rates.stop_button.isEnabled()


def test_quitting_the_application_stops_every_run(qtbot):
    network, dataset = exploding_linear_network()
    rates = yours(view(qtbot, LearningRateView, network, dataset))
    rates.rates_edit.setText("0.0001, 0.00001")
    rates.epochs.setValue(100_000)
    rates.start()
    qtbot.waitUntil(lambda: all(epochs for epochs, _ in rates.losses), timeout=30_000)
    assert all(worker.thread.isRunning() for worker in rates.workers)
    QCoreApplication.instance().aboutToQuit.emit()
    assert not any(worker.thread.isRunning() for worker in rates.workers)


def test_the_default_rates_on_the_example_are_slow_converging_and_failing(qtbot):
    network, dataset = exploding_linear_network()
    rates = view(qtbot, LearningRateView, network, dataset)  # the lesson's own example
    assert rates.network.sizes == (2, 4, 1) and rates.source.currentIndex() == 0
    with qtbot.waitSignal(rates.sigFinished, timeout=120_000):
        rates.start()
    assert rates.rates == [0.01, 0.5, 10.0]
    kinds = [verdict.kind for verdict in rates.verdicts]
    assert kinds[:2] == ["slow", "converging"] and rates.verdicts[2].trouble
    for row, verdict in enumerate(rates.verdicts):
        assert rates.table.item(row, 3).text() == verdict.sentence
    label = rates.legend.getLabel(rates.curves[2]).text
    assert label.startswith("η = 10: stalled from epoch ")
    assert "finished" not in label


def test_the_weight_slice_holds_the_engines_numbers(qtbot):
    from simulator.weight_slice import default_key, descent, weight_slice

    network, dataset = exploding_linear_network()
    rates = view(qtbot, LearningRateView, network, dataset)
    panel = rates.slice
    xor = rates.example
    key = default_key(xor.network)
    assert panel.weight.currentText() == key
    steps = [descent(xor.network, xor.data, key, eta) for eta in (0.01, 0.5, 10)]
    cut = weight_slice(xor.network, xor.data, key, steps)
    ws, losses = panel.curve.getData()
    np.testing.assert_array_equal(ws, cut.weights)
    np.testing.assert_array_equal(losses, cut.losses)
    for (line, _), one in zip(panel.paths, steps):
        assert list(line.getData()[0]) == list(one.weights)
    assert [one.outcome for one in panel.descents] == ["descending", "converged", "overshooting"]
    tangent_ws, tangent_losses = panel.tangent.getData()
    slope = (tangent_losses[1] - tangent_losses[0]) / (tangent_ws[1] - tangent_ws[0])
    assert slope == pytest.approx(cut.slope)
    assert format_number(cut.slope) in panel.slope_text.text()
    assert "w_new = w_old - eta*(-ve) > w_old" in panel.slope_text.text()
    panel.weight.setCurrentText("W[2,1,4]")
    assert panel.cut.key == "W[2,1,4]" and panel.plot.title_text.startswith("Loss against W[2,1,4]")
    rates.apply_theme(DARK, 1.3)  # Ctrl+T and Ctrl+=: the weight cut along is still named
    assert panel.plot.getAxis("bottom").labelText == "w = W[2,1,4]"

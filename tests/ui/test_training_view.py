"""The training view drives the engine's training off the GUI thread and shows its figures.

Tests that only read a view trained the same way (the same preset and epochs) share one; a test
that trains, pauses, steps, resets, loads data or listens to the training makes its own."""

import csv
import time

import numpy as np
import pytest
from PySide6.QtTest import QTest
from room import shared

from simulator.datasets import generate
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.presets import load_preset
from simulator.training import train
from simulator.workspace import Workspace
from ui.plots.boundary_plot import GRID_SIZE
from ui.training.training_view import TrainingView
from ui.training.training_worker import Snapshot, latest_snapshot, training_slice


def make_view(qtbot, preset_name="xor", **settings):
    preset = load_preset(preset_name)
    view = TrainingView()
    qtbot.addWidget(view)
    view.set_workspace(Workspace.from_preset(preset))
    for name, value in settings.items():
        getattr(view.controls, name).setValue(value)
    return view, preset


def run_epochs(qtbot, view, epochs):
    """Press Train for `epochs` epochs and wait for the worker to finish."""
    view.controls.epochs.setValue(epochs)
    view.controls.train_button.click()
    qtbot.waitUntil(lambda: not view.running, timeout=60_000)


def trained_view(preset_name, epochs):
    """A view on `preset_name` trained by Train for `epochs` epochs (its closing is the
    caller's)."""
    view = TrainingView()
    view.set_workspace(Workspace.from_preset(load_preset(preset_name)))
    view.controls.epochs.setValue(epochs)
    view.controls.train_button.click()
    deadline = time.monotonic() + 60
    while view.running:
        assert time.monotonic() < deadline, f"{preset_name} still training after 60 s"
        QTest.qWait(5)
    return view


trained = shared(trained_view)  # `trained(preset, epochs)`, for the tests that only read it


def test_training_xor_reaches_accuracy_one(trained):
    view = trained("xor", 100)  # seeded: 1.0 from epoch 39 on
    assert len(view.history) == 100
    assert view.history[-1].accuracy == 1.0
    assert view.controls.progress.value() == 100


def test_view_curve_equals_the_engines_training(qtbot):
    view, preset = make_view(qtbot)
    run_epochs(qtbot, view, 60)
    expected = train(preset.build_network(), preset.load_data(), 60)
    assert [r.loss for r in view.history] == [r.loss for r in expected]
    assert [r.gradient_means for r in view.history] == [r.gradient_means for r in expected]


def test_pause_stops_the_epoch_count(qtbot):
    view, _ = make_view(qtbot, "moons")
    view.controls.epochs.setValue(1_000_000)
    view.controls.train_button.click()
    qtbot.waitUntil(lambda: len(view.history) >= 3, timeout=30_000)
    view.controls.pause_button.click()
    qtbot.waitUntil(lambda: not view.running, timeout=30_000)
    assert "Paused" in view.controls.message.text()
    stopped_at = len(view.history)
    assert stopped_at < 1_000_000
    assert view.network.epoch == stopped_at
    qtbot.wait(200)  # the count must stay put with the event loop running
    assert len(view.history) == stopped_at
    assert view.history[-1].epoch == view.network.epoch


def test_step_one_epoch_and_learning_rate_while_paused(qtbot):
    view, _ = make_view(qtbot)
    view.controls.step_button.click()
    qtbot.waitUntil(lambda: not view.running)
    assert [r.epoch for r in view.history] == [1]
    view.controls.learning_rate.setValue(0.25)
    assert view.network.optimizer.learning_rate == 0.25


def test_same_settings_give_the_same_curve_after_reset(qtbot):
    view, _ = make_view(qtbot, "moons")
    run_epochs(qtbot, view, 15)
    first = [r.loss for r in view.history]
    with qtbot.waitSignal(view.sigNetworkReset):
        view.controls.reset_button.click()
    assert len(view.history) == 0 and view.network.epoch == 0
    run_epochs(qtbot, view, 15)
    assert [r.loss for r in view.history] == first


def relu_regression_view(qtbot, learning_rate):
    """A relu/linear mse network on moons: nothing bounds its outputs, so a large eta diverges."""
    activations = [LayerActivation.of("relu"), LayerActivation.of("linear")]
    parameters = initial_parameters((2, 4, 1), activations, "he", np.random.default_rng(0))
    network = Network(
        (2, 4, 1), activations, "mse", Optimizer("sgd", learning_rate), parameters, batch_size=200
    )
    view = TrainingView()
    qtbot.addWidget(view)
    view.set_workspace(Workspace(network, generate("moons", 200, 0.1, 0), "relu regression"))
    return view


def test_divergence_stops_with_its_message_and_marks_the_epoch(qtbot):
    view = relu_regression_view(qtbot, learning_rate=2.0)
    assert view.controls.batch_mode.currentText() == "full batch"
    run_epochs(qtbot, view, 500)
    assert view.diverged
    diverged_at = view.network.epoch
    assert len(view.history) == diverged_at - 1  # the epochs before the one that diverged
    assert "learning rate" in view.controls.message.text()
    assert f"epoch {diverged_at}" in view.controls.message.text()
    line = view.plots["loss"].divergence_line
    assert line.isVisible() and line.value() == diverged_at
    assert not view.controls.train_button.isEnabled()
    assert all(np.isfinite(r.loss) for r in view.history)


def test_a_smaller_learning_rate_after_divergence_trains(qtbot):
    view = relu_regression_view(qtbot, learning_rate=2.0)
    run_epochs(qtbot, view, 500)
    assert view.diverged
    view.controls.learning_rate.setValue(0.3)
    view.controls.reset_button.click()
    assert view.controls.train_button.isEnabled()
    assert not view.plots["loss"].divergence_line.isVisible()
    run_epochs(qtbot, view, 200)
    assert not view.diverged and len(view.history) == 200
    assert view.history[-1].loss < view.history[0].loss


def test_live_weights_signal_carries_the_engines_weights(qtbot):
    view, _ = make_view(qtbot)
    received = []
    view.sigWeightsChanged.connect(received.append)
    run_epochs(qtbot, view, 20)
    weights = received[-1]
    network = view.network
    assert len(weights) == sum(network.weight(layer).size for layer in (1, 2))
    assert weights["W[1,2,1]"] == network.weight(1)[1, 0]
    assert weights["W[2,1,4]"] == network.weight(2)[0, 3]


def write_csv(path, rows):
    with open(path, "w", newline="") as stream:
        csv.writer(stream).writerows(rows)


def train_tab(window, preset="xor"):
    """The real window's Train tab on `preset`: its data choices are edits of the user's work."""
    window.controller.open_preset(preset)
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Train")
    window.tabs.setCurrentIndex(index)
    return window.view_tabs.training


def test_csv_with_a_bad_row_is_refused_with_its_line_and_the_data_kept(qtbot, tmp_path, window):
    view = train_tab(window)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    write_csv(good, [["x1", "x2", "label"], [0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]])
    write_csv(bad, [["x1", "x2", "label"], [0, 0, 0], [0, "oops", 1], [1, 0, 1]])
    panel = view.dataset_panel
    assert panel.load_csv_file(good, ["label"], wait=True)
    kept = view.train_set
    assert kept.name == "good" and len(kept) == 4
    assert not panel.load_csv_file(bad, ["label"], wait=True)
    assert "line 3" in panel.message.text()
    assert view.train_set is kept and panel.data is kept
    assert [view.dataset_panel.targets.item(row).text() for row in range(3)] == [
        "x1",
        "x2",
        "label",
    ]


def test_data_that_does_not_fit_the_network_is_refused(qtbot):
    view, _ = make_view(qtbot)
    kept = view.train_set
    panel = view.dataset_panel
    panel.source.setCurrentText("blobs")  # three classes, the xor net has one output
    assert "unchanged" in panel.message.text()
    assert view.train_set is kept and panel.data is kept


def test_test_split_records_both_curves(qtbot):
    view, _ = make_view(qtbot, "moons")
    view.dataset_panel.hold_out.setChecked(True)
    assert view.test_set is not None
    assert len(view.train_set) + len(view.test_set) == 200
    run_epochs(qtbot, view, 5)
    test_curve = view.plots["loss"].curves["test_loss"].getData()[1]
    assert list(test_curve) == [r.test_loss for r in view.history]


@pytest.mark.parametrize("kind", ["csv", "json", "png", "svg"])
def test_exports_write_files(trained, tmp_path, kind):
    view = trained("xor", 10)
    assert len(view.history) == 10
    path = tmp_path / f"curves.{kind}"
    view.export(kind, path)
    assert path.stat().st_size > 0


def test_exported_csv_equals_the_curve_shown(qtbot, tmp_path):
    view, _ = make_view(qtbot)
    run_epochs(qtbot, view, 40)
    path = tmp_path / "curves.csv"
    view.export("csv", path)
    with open(path, newline="") as stream:
        rows = list(csv.DictReader(stream))
    epochs, losses = view.plots["loss"].curves["loss"].getData()
    _, accuracies = view.plots["accuracy"].curves["accuracy"].getData()
    assert [int(row["epoch"]) for row in rows] == list(epochs)
    assert [float(row["loss"]) for row in rows] == list(losses)
    assert [float(row["accuracy"]) for row in rows] == list(accuracies)


def test_screenshot_after_training_moons(qtbot, tmp_path):
    view, _ = make_view(qtbot, "moons")
    view.resize(1400, 900)
    run_epochs(qtbot, view, 40)  # off screen: no 1400x900 repaint of four plots per frame
    view.show()
    qtbot.waitExposed(view)
    path = tmp_path / "training_view.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 0


def test_a_stalled_run_stops_with_the_engines_verdict_and_is_never_finished(qtbot):
    view, _ = make_view(qtbot, learning_rate=10.0)  # xor at eta 10 saturates and stalls
    view.controls.on_trouble.setCurrentIndex(view.controls.on_trouble.findData("stop"))
    run_epochs(qtbot, view, 500)
    verdict = view.history.verdict
    assert verdict.kind == "stalled" and verdict.cause
    assert len(view.history) < 500  # stopped where the engine saw the trouble
    message = view.controls.message.text()
    assert verdict.sentence in message and "finished" not in message.lower()
    assert f"Stopped after epoch {len(view.history)}" in message
    line = view.plots["loss"].divergence_line
    assert line.isVisible() and line.value() == verdict.epoch
    epochs, losses = view.plots["loss"].curves["loss"].getData()
    assert list(losses) == [r.loss for r in view.history]  # the curve up to there is kept


def test_flagging_goes_on_to_the_last_epoch_and_still_says_what_went_wrong(qtbot):
    view, _ = make_view(qtbot, learning_rate=10.0)
    assert view.controls.trouble_choice() == "flag"  # the window's default
    run_epochs(qtbot, view, 60)
    assert len(view.history) == 60 and view.history.verdict.kind == "stalled"
    assert view.history.verdict.sentence in view.controls.message.text()


def test_one_judge_watches_across_steps_of_one_epoch(qtbot):
    view, _ = make_view(qtbot, learning_rate=10.0)
    for _ in range(15):
        view.controls.step_button.click()
        qtbot.waitUntil(lambda: not view.running)
    assert view.history.verdict is not None and view.history.verdict.kind == "stalled"
    assert view.history.verdict.sentence in view.controls.message.text()
    view.controls.reset_button.click()
    assert view.history.verdict is None and not view.plots["loss"].divergence_line.isVisible()


def test_a_converging_run_says_so(trained):
    view = trained("xor", 100)  # seeded: converging already at epoch 30
    assert len(view.history) == 100
    assert view.history.verdict.kind == "converging"
    assert view.controls.message.text() == view.history.verdict.sentence


def test_a_flagged_trouble_shows_while_training_goes_on(qtbot):
    view, _ = make_view(qtbot, learning_rate=10.0)
    view.controls.epochs.setValue(1_000_000)
    view.controls.train_button.click()
    qtbot.waitUntil(lambda: "not converging" in view.controls.message.text(), timeout=30_000)
    assert view.running and view.plots["loss"].divergence_line.isVisible()
    view.pause()
    qtbot.waitUntil(lambda: not view.running, timeout=30_000)
    assert view.history.verdict.kind == "stalled"


def test_the_window_exports_the_training_figure_at_a_chosen_size(qtbot, tmp_path):
    from PySide6.QtGui import QImage

    from ui.training.training_export import parse_size

    view, preset = make_view(qtbot, "blobs")
    run_epochs(qtbot, view, 5)
    png = tmp_path / "figure.png"
    view.export("png", png)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1400, 900)  # projector-wide by default
    view.export("png", png, size=parse_size("1600x1000"))
    assert QImage(str(png)).width() == 1600
    svg = tmp_path / "figure.svg"
    view.export("svg", svg)
    text = svg.read_text()
    assert preset.name.replace("'", "&apos;") in text or preset.name in text
    assert "learning rate" in text and "class 0" in text  # settings line, the classes' legend
    with pytest.raises(ValueError, match="1400x900"):
        parse_size("wide")


def test_a_troubled_runs_figure_carries_the_engines_verdict(qtbot, tmp_path):
    view, _ = make_view(qtbot, learning_rate=10.0)
    run_epochs(qtbot, view, 30)
    svg = tmp_path / "stalled.svg"
    view.export("svg", svg)
    assert "not converging" in svg.read_text()


def test_the_boundary_shown_after_a_run_is_the_trained_networks(qtbot):
    view, _ = make_view(qtbot, "moons")
    frames = []
    view.worker.sigFrame.connect(frames.append)
    run_epochs(qtbot, view, 40)
    grid = view.plots["boundary"].grid
    expected = view.network.predict(grid)[:, 0].reshape(GRID_SIZE, GRID_SIZE)
    assert np.array_equal(view.plots["boundary"].image.image, expected)
    assert frames[-1].snapshot.boundary is not None  # the job's last snapshot always has one


def test_a_snapshot_without_a_new_boundary_keeps_the_one_before_it():
    older = Snapshot({}, np.ones((4, 1)), 3, 10.0)
    newer = Snapshot({"W[1,1,1]": 0.5}, None, 5, 12.0)
    kept = latest_snapshot(newer, older)
    assert kept.boundary is older.boundary
    assert (kept.weights, kept.epochs_done, kept.epochs_per_second) == (newer.weights, 5, 12.0)
    assert latest_snapshot(newer, None) is newer
    assert latest_snapshot(older, newer) is older


def test_training_gets_three_times_a_frames_time_and_at_least_two_refreshes():
    refresh = 1 / 60
    assert training_slice(0.002, refresh) == 2 * refresh  # a cheap frame: 30 frames a second
    assert training_slice(0.020, refresh) == pytest.approx(0.060)  # a heavy one: a 3:1 share

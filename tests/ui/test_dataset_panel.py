"""The Train tab's data panel: a class's CSV, its label column and standardisation, the data in
use always on show, fitting the network as one undoable edit, big files read off the GUI thread."""

import json
import threading

import numpy as np
from PySide6.QtWidgets import QFileDialog

from simulator.presets import bundled_folder
from ui.plots.boundary_plot import MAX_POINTS

IRIS = str(bundled_folder() / "iris.csv")


def train_tab(window, preset=None):
    if preset:
        window.controller.open_preset(preset)
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Train")
    window.tabs.setCurrentIndex(index)
    return window.view_tabs.training


def choose_file(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(path), ""))


def test_iris_trains_from_the_window_in_three_clicks(qtbot, window, monkeypatch):
    view = train_tab(window)  # the notes' 2-2-1 network: 2 inputs, 1 output
    panel = view.dataset_panel
    choose_file(monkeypatch, IRIS)
    panel.csv.open_button.click()  # 1: open iris.csv (its text column becomes the label)
    qtbot.waitUntil(panel.fit_button.isVisible, timeout=30_000)
    assert panel.csv.label.currentText() == "species"
    assert "unchanged" in panel.message.text() and panel.fit_button.text().endswith("4-2-3")
    assert "a softmax output and cce" in panel.message.text()
    panel.fit_button.click()  # 2: make the network fit it, one undoable edit
    workspace = window.controller.workspace
    assert workspace.network.sizes == (4, 2, 3) and workspace.network.loss == "cce"
    assert workspace.data.classes == ("setosa", "versicolor", "virginica")
    assert "3 classes (setosa, versicolor, virginica)" in panel.in_use.text()
    assert panel.source.currentText() == "CSV file"
    view.controls.epochs.setValue(20)
    view.controls.train_button.click()  # 3: train
    qtbot.waitUntil(lambda: not view.running, timeout=120_000)
    assert view.history[-1].accuracy >= 0.9  # 0.99 at epoch 20 (seeded; 0.97 from epoch 4 on)
    assert window.controller.undo_stack.count() == 1
    window.controller.undo_stack.undo()
    assert window.controller.workspace.network.sizes == (2, 2, 1)
    assert len(window.controller.workspace.data) == 1


def test_a_numeric_label_column_becomes_one_output_per_class(qtbot, window, tmp_path):
    view = train_tab(window, "xor")
    path = tmp_path / "three.csv"
    rows = [f"{k % 3 + 0.1 * k},{k % 2},{k % 3}" for k in range(30)]
    path.write_text("a,b,kind\n" + "\n".join(rows) + "\n")
    panel = view.dataset_panel
    assert not panel.load_csv_file(path, label="kind", wait=True)  # 3 classes, 1 output
    panel.fit_button.click()
    data = window.controller.workspace.data
    assert data.classes == ("0", "1", "2") and data.targets.shape == (30, 3)
    assert window.controller.workspace.network.activations[-1].name == "softmax"


def test_standardising_shows_and_saves_the_training_splits_mean_and_std(qtbot, window, tmp_path):
    view = train_tab(window, "moons")
    panel = view.dataset_panel
    panel.hold_out.setChecked(True)
    panel.standardize.setChecked(True)
    workspace = window.controller.workspace
    scaling = workspace.standardization
    assert scaling is not None and workspace.data_spec["dataset"] == "moons"
    train, _ = panel.current()
    np.testing.assert_allclose(train.inputs.mean(axis=0), 0.0, atol=1e-12)
    assert "Standardised with mean" in panel.in_use.text()
    path = tmp_path / "moons.json"
    window.controller.workspace.saved_as(path).to_preset().save(path)
    assert json.loads(path.read_text())["data"]["standardize"] == scaling.to_dict()
    panel.standardize.setChecked(False)
    assert window.controller.workspace.standardization is None


def test_the_panel_shows_the_data_in_use_after_a_refusal(qtbot, window, tmp_path):
    view = train_tab(window, "xor")
    panel = view.dataset_panel
    panel.source.setCurrentText("spiral")
    assert window.controller.workspace.data.name == "spiral"
    panel.source.setCurrentText("blobs")  # three classes: refused, fitting offered
    assert panel.source.currentText() == "spiral" and "unchanged" in panel.message.text()
    assert not panel.fit_button.isHidden()
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    panel.load_csv_file(IRIS, label="species", wait=True)
    assert panel.csv.targets.count() == 5
    assert not panel.load_csv_file(empty, wait=True)
    assert panel.csv.targets.count() == 0 and panel.csv.path is None
    assert "line 1" in panel.message.text()


def test_a_test_set_too_small_to_hold_out_unticks_the_box(qtbot, window):
    view = train_tab(window)  # one sample
    panel = view.dataset_panel
    panel.hold_out.setChecked(True)
    assert not panel.hold_out.isChecked() and "empty" in panel.message.text()
    assert view.test_set is None


def test_a_big_csv_is_read_off_the_gui_thread_and_its_points_sampled(qtbot, window, tmp_path):
    view = train_tab(window, "xor")
    rows = 5 * MAX_POINTS  # many more than the plot draws: it shows a sample of them
    rng = np.random.default_rng(0)
    points = rng.normal(size=(rows, 2))
    path = tmp_path / "big.csv"
    labels = (points[:, 0] > 0).astype(int)
    np.savetxt(
        path,
        np.column_stack([points, labels]),
        delimiter=",",
        header="x1,x2,y",
        comments="",
        fmt=["%.5f", "%.5f", "%d"],
    )
    panel = view.dataset_panel
    readers = []
    original = panel.loader._run
    panel.loader._run = lambda *args: (readers.append(threading.current_thread()), original(*args))
    assert panel.load_csv_file(path, ["y"])
    assert view.train_set.name != "big"  # the call returned before the file was read
    qtbot.waitUntil(lambda: view.train_set.name == "big", timeout=60_000)
    assert readers and readers[0] is not threading.main_thread()
    assert len(view.train_set) == rows
    shown = view.plots["boundary"].points.data
    assert len(shown) == MAX_POINTS

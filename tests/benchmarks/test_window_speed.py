"""Window figures (issue 6): key press to scene updated, and start-up to a painted window."""

import statistics
import subprocess
import sys
import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from ui.controller import Controller
from ui.main_window import MainWindow


def open_window(qtbot, network=None, data=None):
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    if network is None:
        controller.open_preset("notes-2-2-1-sigmoid-bce")
    else:
        controller.load(network, data, "8 layers of 32 neurons")
    window.show()
    qtbot.waitExposed(window)
    return controller, window


def deep_network():
    sizes = [32] * 9
    layers = [LayerActivation.of("tanh")] * 7 + [LayerActivation.of("sigmoid")]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(0))
    network = Network(sizes, layers, "mse", Optimizer("sgd", 0.01), parameters)
    data = Dataset(np.random.default_rng(1).normal(size=(4, 32)), np.full((4, 32), 0.5))
    return network, data


def key_press_ms(window, presses):
    """Medians over Right key presses: (until every item shows the new step, until painted).

    QTest.keyClick delivers the press synchronously, so when it returns the controller has moved
    the cursor and the scene's items and the panels hold their new texts; processEvents then
    paints them (Qt's software raster here, a GPU-less offscreen screen)."""
    updated, painted = [], []
    for _ in range(presses):
        start = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_Right)
        updated.append(time.perf_counter() - start)
        QApplication.processEvents()
        painted.append(time.perf_counter() - start)
    return statistics.median(updated) * 1000, statistics.median(painted) * 1000


def step_figures(benchmark, report, window, name, target, presses):
    updated, painted = benchmark.pedantic(
        key_press_ms, args=(window, presses), rounds=1, iterations=1
    )
    report(f"micro-step, key press to scene updated, {name} (median)", updated, "ms", target)
    report(f"micro-step, key press to window painted, {name} (median)", painted, "ms")


def test_step_latency_notes_net(benchmark, report, qtbot):
    _, window = open_window(qtbot)
    step_figures(benchmark, report, window, "notes 2-2-1", 5, 25)


def test_step_latency_8x32_net(benchmark, report, qtbot):
    _, window = open_window(qtbot, *deep_network())
    step_figures(benchmark, report, window, "8x32", 16, 60)


def test_start_up_to_a_painted_window(benchmark, report, tmp_path):
    """Launch to a painted, saved window: an upper bound on launch-to-first-paint."""
    picture = tmp_path / "start.png"
    command = [sys.executable, "-m", "ui.cli", "gui", "--screenshot", str(picture)]

    def launch():
        subprocess.run(command, check=True, capture_output=True)

    benchmark.pedantic(launch, rounds=3, iterations=1)
    report("start-up to a painted window (whole process)", benchmark.stats.stats.median, "s", 1.5)

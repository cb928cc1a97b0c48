"""Training in the window (issue 14): the Train tab's epochs per second beside the engine alone
on the same net in the same process, and how often each plot paints per frame meanwhile."""

import time

from figures import Figure
from moons import moons_data, moons_network
from window_probe import PaintCounter

from simulator.training import train
from simulator.workspace import Workspace
from ui.controller import Controller
from ui.main_window import MainWindow

ROUNDS = 3  # window and engine in turn
WINDOW_SECONDS = 2.0
ENGINE_EPOCHS = 60
RATE_TARGET = 0.6  # the window trains at >= 60% of the engine's epochs per second
PAINTS_TARGET = 1  # each plot paints at most once per frame


def train_in_the_window(qtbot, view) -> float:
    """Epochs per second (wall) of one run of the Train tab, paused after WINDOW_SECONDS."""
    done = len(view.history)
    view.controls.epochs.setValue(1_000_000)
    start = time.perf_counter()
    view.train()
    qtbot.wait(round(WINDOW_SECONDS * 1000))
    epochs, seconds = len(view.history) - done, time.perf_counter() - start
    view.pause()
    qtbot.waitUntil(lambda: not view.running, timeout=30_000)
    return epochs / seconds


def train_the_engine_alone() -> float:
    """Epochs per second (wall) of the engine's `train` on the same net, nothing else running."""
    network, data = moons_network(32), moons_data()
    start = time.perf_counter()
    train(network, data, ENGINE_EPOCHS)
    return ENGINE_EPOCHS / (time.perf_counter() - start)


def test_training_in_the_window_beside_the_engine_alone(benchmark, report, qtbot):
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    controller.load(Workspace(moons_network(32), moons_data(), "moons 2-16-16-1"))
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(
        next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "Train")
    )
    view = window.view_tabs.training
    paints = {name: PaintCounter(plot.viewport()) for name, plot in view.plots.items()}
    qtbot.wait(200)  # the tab's first paint is not training's
    for counter in paints.values():
        counter.count = 0
    frames = []
    view.worker.sigFrame.connect(lambda frame: frames.append(frame.snapshot is not None))

    def measure():
        rates = {"window": [], "engine": []}
        for _ in range(ROUNDS):
            rates["window"].append(train_in_the_window(qtbot, view))
            rates["engine"].append(train_the_engine_alone())
        return {name: sorted(values)[len(values) // 2] for name, values in rates.items()}

    rates = benchmark.pedantic(measure, rounds=1, iterations=1)
    window.view_tabs.shutdown()
    report.append(
        Figure(
            f"training in the window, 2-16-16-1 batch 32 (epochs/s, wall, median of {ROUNDS})",
            rates["window"],
            "epochs/s",
            "the engine alone",
            rates["engine"],
            f">= {RATE_TARGET:.0%} of the engine's rate",
            rates["window"] >= RATE_TARGET * rates["engine"],
        )
    )
    for name, counter in paints.items():
        per_frame = counter.count / max(1, len(frames))
        report.append(
            Figure(
                f"paints per frame while training, {name} plot ({len(frames)} frames)",
                per_frame,
                "",
                "",
                None,
                f"<= {PAINTS_TARGET} per frame",
                per_frame <= PAINTS_TARGET,
            )
        )

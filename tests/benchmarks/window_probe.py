"""Measures window figures in a process of its own, printing each as a line of JSON as it comes.

Run by the window benchmarks (never collected by pytest):
  python window_probe.py app NET PRESSES    the app opens NET, then Right key presses
  python window_probe.py peer NET PRESSES   a plain QGraphicsView (NoIndex) with NET's items
  python window_probe.py bare               a bare PySide6 window painted, then exit
NET is 'notes' (the notes' 2-2-1) or LxN (L layers of N neurons). Lines: {"open": [CPU s,
wall s, items]} once the net is painted, then {"press": [CPU ms, wall ms]} per key press, each
until its frame is painted, so a probe stopped at its time limit still leaves what it measured;
last {"memory": MB}, the peak resident set of this process. CPU time is this process's.
"""

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import peak_memory_mb  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QPen  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QGraphicsScene,
    QGraphicsView,
    QMainWindow,
)

PAINT_WAIT_SECONDS = 30.0  # a frame later than this is reported as this


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def until_painted(counter: PaintCounter) -> None:
    """Process events until the counted widget has painted once more (the frame is shown)."""
    seen, deadline = counter.count, time.perf_counter() + PAINT_WAIT_SECONDS
    while counter.count == seen and time.perf_counter() < deadline:
        QApplication.processEvents()
    QApplication.processEvents()  # the rest of the same frame


def layer_sizes(net: str) -> list:
    """'notes' -> [2, 2, 1]; '4x128' -> five layers of 128 (four of weights)."""
    if net == "notes":
        return [2, 2, 1]
    depth, width = (int(part) for part in net.split("x"))
    return [width] * (depth + 1)


def emit(**figures) -> None:
    print(json.dumps(figures), flush=True)


class Clock:
    """CPU and wall time since it was made."""

    def __init__(self):
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def read(self, scale: float = 1.0) -> list:
        return [(time.process_time() - self.cpu) * scale, (time.perf_counter() - self.wall) * scale]


def press_keys(target, counter: PaintCounter, presses: int) -> None:
    """Emit CPU and wall milliseconds of each Right press until its frame is painted."""
    for _ in range(presses):
        clock = Clock()
        QTest.keyClick(target, Qt.Key.Key_Right)
        until_painted(counter)
        emit(press=clock.read(1000))


def app_network(net: str):
    """The network and data the app opens: the notes' preset, or an LxN tanh net on 4 samples."""
    import numpy as np

    from simulator.datasets import Dataset
    from simulator.network import LayerActivation, Network, initial_parameters
    from simulator.optimizers import Optimizer

    sizes = layer_sizes(net)
    layers = [LayerActivation.of("tanh")] * (len(sizes) - 2) + [LayerActivation.of("sigmoid")]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(0))
    network = Network(sizes, layers, "mse", Optimizer("sgd", 0.01), parameters)
    rng = np.random.default_rng(1)
    data = Dataset(rng.normal(size=(4, sizes[0])), np.full((4, sizes[-1]), 0.5))
    return network, data


def probe_app(net: str, presses: int) -> None:
    """The window opens on the notes' example; then the net is loaded and timed to its first
    paint, as opening a file would be."""
    app = QApplication(sys.argv[:1])
    from simulator.workspace import Workspace
    from ui.controller import Controller
    from ui.main_window import MainWindow

    controller = Controller()
    window = MainWindow(controller)
    window.resize(1280, 800)
    controller.open_preset("notes-2-2-1-sigmoid-bce")
    counter = PaintCounter(window.graph.viewport())
    window.show()
    until_painted(counter)
    if net != "notes":
        network, data = app_network(net)
        clock = Clock()
        controller.load(Workspace(network, data, net))
        until_painted(counter)
        emit(open=[*clock.read(), len(window.scene.items())])
    press_keys(window, counter, presses)
    emit(memory=peak_memory_mb())
    window.close()
    del app


def probe_peer(net: str, presses: int) -> None:
    """Neurons as ellipses and weights as lines in a NoIndex scene; a key press restyles the
    next neuron and its incoming lines, as a step highlights a value and what it reads."""
    app = QApplication(sys.argv[:1])
    sizes = layer_sizes(net)
    clock = Clock()
    scene = QGraphicsScene()
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    neurons, incoming = [], []
    for layer, size in enumerate(sizes):
        for j in range(size):
            ellipse = scene.addEllipse(layer * 200, j * 12, 10, 10, QPen(), QBrush(QColor("white")))
            if layer:
                lines = [
                    scene.addLine(layer * 200 - 190, i * 12 + 5, layer * 200, j * 12 + 5)
                    for i in range(sizes[layer - 1])
                ]
                neurons.append(ellipse)
                incoming.append(lines)
    view = Stepper(scene, neurons, incoming)
    view.resize(1280, 800)
    counter = PaintCounter(view.viewport())
    view.show()
    view.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)  # as the app
    until_painted(counter)
    emit(open=[*clock.read(), len(scene.items())])
    press_keys(view, counter, presses)
    emit(memory=peak_memory_mb())
    view.close()
    del app


class Stepper(QGraphicsView):
    """The peer's view: Right moves the highlight to the next neuron and its incoming lines."""

    def __init__(self, scene, neurons, incoming):
        super().__init__(scene)
        self.neurons, self.incoming, self.position = neurons, incoming, -1
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)

    def keyPressEvent(self, event) -> None:
        if event.key() != Qt.Key.Key_Right:
            return super().keyPressEvent(event)
        self._style(self.position, QColor("white"), QPen(QColor("black")))
        self.position = (self.position + 1) % len(self.neurons)
        self._style(self.position, QColor("orange"), QPen(QColor("orange"), 2))

    def _style(self, position, colour, pen) -> None:
        if position < 0:
            return
        self.neurons[position].setBrush(QBrush(colour))
        for line in self.incoming[position]:
            line.setPen(pen)


def probe_bare() -> None:
    """A bare PySide6 window, laid out and painted, as the start-up peer."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    window.grab()
    del app


def main() -> None:
    kind = sys.argv[1]
    if kind == "bare":
        probe_bare()
    else:
        probe = probe_app if kind == "app" else probe_peer
        probe(sys.argv[2], int(sys.argv[3]))


if __name__ == "__main__":
    main()

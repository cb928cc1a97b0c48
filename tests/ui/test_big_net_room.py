"""A big net in the window: a weighted sum of 128 inputs (128 terms, as on the window
benchmark's 4 x 128 net) is far taller than the room under the graph. The graph keeps its
floor, and the formula scrolls, whole within its scroll range, its result in view at each step
and its top line whole;
the notes' nets never scroll (test_projector)."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from room import shown_window

from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.workspace import Workspace
from ui.panels.formula_panel import FLOOR
from ui.window_room import FORMULA_SHARE, MIN_GRAPH_HEIGHT, graph_floor, share_height

SIZES = ((1280, 800), (1024, 768))


def big_window(qtbot, size):
    """The real window at `size` on a 128-3-1 tanh net, shown: its first layer's sums have the
    128 terms of the window benchmark's 4 x 128 net, at a small part of its cost to open."""
    sizes = [128, 3, 1]
    layers = [LayerActivation.of("tanh"), LayerActivation.of("sigmoid")]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(0))
    network = Network(sizes, layers, "mse", Optimizer("sgd", 0.01), parameters)
    data = Dataset(np.random.default_rng(1).normal(size=(4, 128)), np.full((4, 1), 0.5))
    window = shown_window(size)
    qtbot.addWidget(window)
    window.controller.load(Workspace(network, data, "128-3-1"))
    qtbot.wait(1)  # the room is shared out once the event loop has laid the window out
    return window


def step(qtbot, window, times=1):
    for _ in range(times):
        qtbot.keyClick(window, Qt.Key.Key_Right)


def column(window) -> int:
    """The height the graph and the formula share (the stepping splitter's, less its handle)."""
    return sum(window.stepping.sizes())


def line_tops(document) -> set:
    """The top of every laid-out line of `document`, in whole pixels."""
    tops, block = set(), document.begin()
    while block.isValid():
        top = document.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        tops |= {int(top + layout.lineAt(i).y()) for i in range(layout.lineCount())}
        block = block.next()
    return tops


def result_in_view(panel) -> bool:
    """True when the line with the boxed result lies within the panel's scrolled view."""
    top, seen = panel._result_top(), panel.scroll_bar.value()
    line = panel.line_px("substituted")
    return seen <= top and top + line <= seen + panel._room().height()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_weighted_sum_of_128_terms_scrolls_and_the_graph_keeps_its_floor(qtbot, size):
    window = big_window(qtbot, size)
    step(qtbot, window)
    panel, document = window.formula, window.formula.document
    assert window.controller.cursor.current.key == "z[1,1]"
    assert window.graph.height() >= graph_floor(column(window))  # never under MIN_GRAPH_HEIGHT
    assert panel.height() + window.graph.height() <= column(window)
    assert panel.minimumSizeHint().height() <= round(column(window) * FORMULA_SHARE)
    # the formula at its readable floor, wrapped beside the scroll bar, all of it reachable
    assert panel.factor >= FLOOR and panel.scrolls()
    bar = panel.scroll_bar
    assert bar.maximum() + bar.pageStep() >= document.size().height() > bar.pageStep()
    assert document.idealWidth() <= panel._room().width() + 0.5
    assert panel._room().width() + bar.width() <= panel.contentsRect().width()
    assert not panel.clipped() and result_in_view(panel)
    assert bar.value() in line_tops(document)  # its top line whole, not cut in half
    assert "z" in document.toPlainText() and document.toPlainText().count("+") >= 2 * 127


def test_stepping_a_big_net_keeps_the_heights_and_shows_each_result(qtbot):
    window = big_window(qtbot, SIZES[0])
    step(qtbot, window)
    heights = (window.graph.height(), window.formula.height())
    for _ in range(5):  # a[1,1], z[1,2], ... a[1,3]: the panel keeps the iteration's height
        step(qtbot, window)
        panel = window.formula
        assert (window.graph.height(), panel.height()) == heights
        assert not panel.clipped() and result_in_view(panel)
        short = window.controller.cursor.current.key.startswith("a[")
        assert panel.scrolls() != short, window.controller.cursor.current.key
        if panel.scrolls():  # scrolled to a line's top: the top line shows whole, not halved
            assert panel.scroll_bar.value() in line_tops(panel.document)


def test_the_wheel_scrolls_a_long_formula_and_the_next_step_shows_its_result(qtbot):
    window = big_window(qtbot, SIZES[1])
    step(qtbot, window)
    panel = window.formula
    bar, shown = panel.scroll_bar, panel.scroll_bar.value()
    centre = QPointF(panel.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(panel.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120),  # away from the user: up, towards the formula's start
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(panel, wheel)
    assert bar.value() < shown
    step(qtbot, window, times=2)  # the next weighted sum, z[1,2]
    assert window.controller.cursor.current.key == "z[1,2]" and result_in_view(panel)


def test_the_graph_keeps_its_floor_however_tall_the_formula():
    # the 4 x 128 sum at 1280x800 needed 1,108 px of 641: it left the graph 54 px; scrolling
    # anyway, it takes its usual share
    graph, formula = share_height(641, 160, 1108)
    assert graph >= graph_floor(641) >= MIN_GRAPH_HEIGHT and graph + formula == 641
    assert formula == round(641 * FORMULA_SHARE)
    # the notes' tallest formula at scale 2.0 at 1024x768 (60 % of the column) stays whole
    assert share_height(509, 160, 306) == (203, 306)
    assert share_height(609, 166, 166) == (443, 166)  # and at scale 1.0, as it was

"""Ctrl+= on the Step-through tab: at presentation scale 2.0 the graph's value labels are larger
on screen than at 1.0 (measured as tests/ui/test_projector.py does: the value font's em size in
scene units times the view's magnification), at 1024x768 and 1920x1080."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from room import larger_until_scale_two

from ui.controller import Controller
from ui.main_window import MainWindow

SIZES = ((1024, 768), (1920, 1080))


def label_px(window) -> float:
    """The value labels' type on screen: em size in scene units times the magnification."""
    view = window.graph
    em = view.scene().style.font().pointSizeF() * view.viewport().logicalDpiY() / 72
    return em * view.transform().m22()


@pytest.mark.xfail(
    strict=True,
    reason="the graph is fitted to its view after Ctrl+=, and the larger type makes the net "
    "larger, so the fit shrinks it back: labels 12.2 px at 1.0, 10.5 px at 2.0 (xor, 1024x768); "
    "the fix belongs to the graph's layout (ui/graph/), not to the tabs",
)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_ctrl_equals_makes_the_graphs_labels_larger(qtbot, size):
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # closed after the test
    controller.open_preset("xor")
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.wait(1)
    normal = label_px(window)
    larger_until_scale_two(qtbot, window)
    qtbot.wait(1)
    assert label_px(window) > normal * 1.2, f"{normal:.1f} px at 1.0, {label_px(window):.1f} at 2.0"

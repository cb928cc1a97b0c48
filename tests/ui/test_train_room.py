"""The Train tab on a projector: at presentation scale 2.0, reached by the real Ctrl+= action,
in a 1024x768 window (and at 1920x1080) the page never scrolls sideways, every plot keeps its
readable least width inside the window, titles are whole, and the gradient plot's log axis
labels its decades apart. Geometry is measured on the real window, offscreen."""

import pytest
from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QMessageBox, QScrollArea

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.presentation import SCALES

SIZES = ((1024, 768), (1920, 1080))


def larger_until_scale_two(qtbot, window) -> None:
    """Press the window's own Ctrl+= action until the presentation scale is 2.0."""
    larger = next(a for a in window.findChildren(type(window.focus)) if "&Larger" in a.text())
    for _ in range(len(SCALES)):
        if window.scale == 2.0:
            break
        larger.trigger()
    assert window.scale == 2.0
    qtbot.wait(1)


def open_at_scale_two(qtbot, size, preset="xor") -> MainWindow:
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # closed after the test
    controller.open_preset(preset)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    larger_until_scale_two(qtbot, window)
    return window


def show_tab(qtbot, window, title: str):
    index = [window.tabs.tabText(i) for i in range(window.tabs.count())].index(title)
    window.tabs.setCurrentIndex(index)
    qtbot.wait(1)  # the page is laid out once the event loop has run
    return window.tabs.widget(index)


def title_problems(plot) -> list:
    """The plot's title as drawn: past the plot's sides, or taller than its row."""
    label = plot.getPlotItem().titleLabel
    drawn = label.mapRectToScene(label.itemRect())
    shown = QRectF(plot.viewport().rect())
    problems = []
    if drawn.left() < shown.left() - 0.5 or drawn.right() > shown.right() + 0.5:
        problems.append(f"{plot}'s title spans {drawn.left():.0f}..{drawn.right():.0f}")
    if drawn.height() > label.geometry().height() + 0.5:
        problems.append(f"{plot}'s title {drawn.height():.0f} tall in {label.geometry().height()}")
    return problems


def drawn_ticks(axis) -> tuple:
    """(tick lines, [(y centre, text)]) as the axis would paint them now."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return ticks, sorted((rect.center().y(), text) for rect, _, text in texts)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_train_tab_at_scale_two_fits_the_window_with_readable_plots(qtbot, size):
    window = open_at_scale_two(qtbot, size)
    page = show_tab(qtbot, window, "Train")
    area = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
    view = window.view_tabs.training
    needed = area.widget().minimumSizeHint().width()
    assert needed <= area.viewport().width(), f"the Train tab needs {needed} px"
    assert not area.horizontalScrollBar().isVisible()
    for plot in view.plots.values():
        right = plot.mapTo(window, QPoint(plot.width(), 0)).x()
        assert right <= window.width(), f"{plot} ends at {right} of {window.width()}"
        assert plot.width() >= plot.minimumWidth() == 440  # 220 px at scale 1
        assert title_problems(plot) == []


def test_the_gradient_plot_labels_decades_apart_at_scale_two(qtbot):
    window = open_at_scale_two(qtbot, SIZES[1])
    show_tab(qtbot, window, "Train")
    plot = window.view_tabs.training.plots["gradient"]
    axis = plot.getAxis("left")
    height = QFontMetricsF(axis.style["tickFont"]).height()
    for low in (0.05, 1e-8):  # a decade and a half; eight decades
        plot.fit_view([1, 2], [low, 0.5])
        qtbot.wait(1)
        ticks, texts = drawn_ticks(axis)
        decades = plot.getViewBox().viewRange()[1]
        assert len(ticks) <= decades[1] - decades[0] + 1, f"{len(ticks)} tick lines"
        assert len(texts) >= 2, f"labels {texts} from {low}"
        gaps = [b[0] - a[0] for a, b in zip(texts, texts[1:])]
        assert min(gaps) >= 1.5 * height, f"labels {texts} crowd"

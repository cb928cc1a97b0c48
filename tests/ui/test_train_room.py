"""The Train tab on a projector: at presentation scale 2.0, reached by the real Ctrl+= action,
in a 1024x768 window (and at 1920x1080) the page never scrolls sideways, every plot keeps its
readable least width inside the window, titles are whole, and the gradient plot's log axis
labels its decades apart. Geometry is measured on the real window, offscreen."""

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QScrollArea
from room import drawn_ticks, open_at_scale_two, show_tab, title_problems

SIZES = ((1024, 768), (1920, 1080))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_train_tab_at_scale_two_fits_the_window_with_readable_plots(qtbot, size):
    window = open_at_scale_two(qtbot, size, "xor")
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
        assert plot.height() >= plot.minimumHeight() >= 360  # 180 px at scale 1
        assert title_problems(plot) == []
    copy = window.view_tabs.pages["Train"].layout().itemAt(0).widget().widget(0)
    # the graph's copy beside the plots: readable at the larger type, or given way
    assert not copy.isVisible() or copy.width() >= 400, f"a graph copy {copy.width()} px wide"


def test_the_gradient_plot_labels_decades_apart_at_scale_two(qtbot):
    window = open_at_scale_two(qtbot, SIZES[1], "xor")
    show_tab(qtbot, window, "Train")
    plot = window.view_tabs.training.plots["gradient"]
    axis = plot.getAxis("left")
    height = QFontMetricsF(axis.style["tickFont"]).height()
    for low in (None, 0.05, 1e-8):  # before the first epoch; a decade and a half; eight
        if low is not None:
            plot.fit_view([1, 2], [low, 0.5])
        qtbot.wait(1)
        ticks, texts = drawn_ticks(axis)
        decades = plot.getViewBox().viewRange()[1]
        assert len(ticks) <= decades[1] - decades[0] + 1, f"{len(ticks)} tick lines"
        assert len(texts) >= 2, f"labels {texts} from {low}"
        gaps = [b[0] - a[0] for a, b in zip(texts, texts[1:])]
        assert min(gaps) >= 1.5 * height, f"labels {texts} crowd"

"""The lesson tabs on a projector: at presentation scale 2.0 in a 1024x768 window (and at
1920x1080) no lesson page scrolls sideways, and the chain-rule lesson's sample line is not
squeezed into a column a word wide. Geometry is measured on the real window."""

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.presentation import SCALES, Presentation
from ui.theme import THEMES

SIZES = ((1024, 768), (1920, 1080))
LARGEST = len(SCALES) - 3  # the presentation step of scale 2.0
WIDE_PAGES = ("Chain rule", "Vanishing gradient", "Learning rate")


def open_at_scale_two(qtbot, size) -> MainWindow:
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # closed after the test
    controller.open_preset("notes-3-2-1-sigmoid")  # no chain: the vanishing page offers two
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.apply_presentation(Presentation(THEMES["light"], LARGEST))
    return window


def show_tab(qtbot, window, title: str):
    index = [window.tabs.tabText(i) for i in range(window.tabs.count())].index(title)
    window.tabs.setCurrentIndex(index)
    qtbot.wait(1)  # the page is laid out once the event loop has run
    return window.tabs.widget(index)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("title", WIDE_PAGES)
def test_a_lesson_at_scale_two_fits_the_width_of_the_window(qtbot, size, title):
    window = open_at_scale_two(qtbot, size)
    page = show_tab(qtbot, window, title)
    area = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
    needed = area.widget().minimumSizeHint().width()
    assert needed <= area.viewport().width(), f"{title} needs {needed} px"
    assert not area.horizontalScrollBar().isVisible()


def test_the_chain_rule_sample_reads_on_a_line_or_two(qtbot):
    window = open_at_scale_two(qtbot, SIZES[0])
    page = show_tab(qtbot, window, "Chain rule")
    sample = next(
        label for label in page.findChildren(QLabel) if label.text().startswith("for sample")
    )
    metrics = QFontMetricsF(sample.font())
    assert sample.height() <= 2 * metrics.lineSpacing() + 2 * sample.margin() + 1
    assert sample.width() >= metrics.horizontalAdvance("for sample 1:")

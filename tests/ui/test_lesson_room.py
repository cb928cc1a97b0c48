"""The lesson tabs on a projector: at presentation scale 2.0, reached by the real Ctrl+= action,
in a 1024x768 window (and at 1920x1080) no lesson page scrolls sideways, the chain-rule
lesson's sample line is not squeezed into a column a word wide, every plot's titles show whole
and the learning rates' field shows every rate. Geometry is measured on the real window.

The tests that only look share one window of each size, as a class looks at one lesson after
another (each brings its tab forward); the one that types gets a window of its own."""

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QComboBox, QLabel, QScrollArea, QStyle, QStyleOptionComboBox
from room import open_at_scale_two as open_window
from room import shared, show_tab, title_problems, window_at_scale_two

from ui.plots.themed_plot import ThemedPlot

SIZES = ((1024, 768), (1920, 1080))
WIDE_PAGES = ("Chain rule", "Vanishing gradient", "Learning rate")
PLOTTED_PAGES = ("Activations", "Vanishing gradient", "Learning rate")


PRESET = "notes-3-2-1-sigmoid"  # a net with no chain: the vanishing page offers the notes' two


def open_at_scale_two(qtbot, size):
    """A window of its own at scale 2.0 (by Ctrl+=), closed after the test."""
    return open_window(qtbot, size, PRESET)


# the window at scale 2.0 (by Ctrl+=) of each size, shared by the tests that only look
looked_at = shared(lambda size: window_at_scale_two(size, PRESET))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("title", WIDE_PAGES)
def test_a_lesson_at_scale_two_fits_the_width_of_the_window(qtbot, looked_at, size, title):
    window = looked_at(size)
    page = show_tab(qtbot, window, title)
    area = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
    needed = area.widget().minimumSizeHint().width()
    assert needed <= area.viewport().width(), f"{title} needs {needed} px"
    assert not area.horizontalScrollBar().isVisible()


def test_the_chain_rule_sample_reads_on_a_line_or_two(qtbot, looked_at):
    window = looked_at(SIZES[0])
    page = show_tab(qtbot, window, "Chain rule")
    sample = next(
        label for label in page.findChildren(QLabel) if label.text().startswith("for sample")
    )
    metrics = QFontMetricsF(sample.font())
    assert sample.height() <= 2 * metrics.lineSpacing() + 2 * sample.margin() + 1
    assert sample.width() >= metrics.horizontalAdvance("for sample 1:")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_every_lesson_plot_shows_its_titles_whole_at_scale_two(qtbot, looked_at, size):
    """The plot's title within its width and row, the left axis's title within its height
    (the vanishing chart's once read 'unning product| (log)')."""
    window = looked_at(size)
    for title in PLOTTED_PAGES:
        page = show_tab(qtbot, window, title)
        plots = [plot for plot in page.findChildren(ThemedPlot) if plot.isVisible()]
        assert plots, title
        for plot in plots:  # once the plot has settled its legend's new entries
            qtbot.waitUntil(lambda plot=plot: title_problems(plot) == [], timeout=2000)


def test_the_learning_rates_field_shows_every_rate_at_1024(qtbot):
    window = open_at_scale_two(qtbot, SIZES[0])
    page = show_tab(qtbot, window, "Learning rate")
    field = window.view_tabs.lessons["Learning rate"].rates_edit
    area = page if isinstance(page, QScrollArea) else page.findChild(QScrollArea)
    for rates in (field.text(), "0.0001, 0.001, 0.01, 0.1, 1, 10"):
        field.setText(rates)
        qtbot.wait(1)
        shown = field.cursorRect().width() + QFontMetricsF(field.font()).horizontalAdvance(rates)
        assert shown <= field.contentsRect().width(), f"{rates!r} in {field.width()} px"
        assert area.widget().minimumSizeHint().width() <= area.viewport().width()


def test_the_chain_rules_routes_wrap_in_their_list_at_1024(qtbot, looked_at):
    """A route longer than the list is wide wraps onto more lines: the list never scrolls
    sideways ('All 1 paths, L → … → W[' was cut)."""
    window = looked_at(SIZES[0])
    show_tab(qtbot, window, "Chain rule")
    routes = window.view_tabs.lessons["Chain rule"]._routes
    qtbot.wait(1)
    assert routes.count() and not routes.horizontalScrollBar().isVisible()
    metrics = QFontMetricsF(routes.font())
    for row in range(routes.count()):
        item = routes.item(row)
        shown = routes.visualItemRect(item)
        lines = max(1, round(shown.height() / metrics.lineSpacing()))
        assert metrics.horizontalAdvance(item.text()) <= lines * routes.viewport().width(), (
            item.text()
        )


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_vanishing_comparison_shows_every_choice_whole(qtbot, looked_at, size):
    """Its box once kept 12 characters: 'preset notes-deep-chain-vanishing' read
    'preset notes-deep-cl'."""
    window = looked_at(size)
    page = show_tab(qtbot, window, "Vanishing gradient")
    combo = next(box for box in page.findChildren(QComboBox) if box.count() > 1)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    metrics = QFontMetricsF(combo.font())
    room = field.width() + 2  # Qt sizes to whole pixels of the text; the field rounds down
    for index in range(combo.count()):
        text = combo.itemText(index)
        assert metrics.horizontalAdvance(text) <= room, f"{text!r} in {field.width()} px"

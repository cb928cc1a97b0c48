"""Helpers of the window tests: the real window (shown, or brought to presentation scale 2.0 by
its own Ctrl+= action), kept for a module's tests that only look, its tabs, and measures of what
a plot draws (titles, tick labels)."""

import pytest
from PySide6.QtCore import QEvent, QRectF
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.presentation import NORMAL, SCALES, Presentation

NOTES_PRESET = "notes-2-2-1-sigmoid-bce"


def shared(make):
    """A module-scoped fixture for the tests that only look: `fixture(*key)` is what
    `make(*key)` made at its first use with that key (a window, a view), the same one for every
    later test of the module; closed and deleted after the module. A test that edits, trains,
    saves, types into it or changes its settings without restoring them makes its own."""

    @pytest.fixture(scope="module")
    def fixture(qapp):
        made = {}

        def kept(*key):
            if key not in made:
                made[key] = make(*key)
            return made[key]

        yield kept
        for widget in made.values():
            widget.close()
            widget.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    return fixture


def shown_window(size=(1280, 800), preset: str = NOTES_PRESET, settings=None) -> MainWindow:
    """The real window on `preset`, shown at `size` and made active; closed unasked (its
    closing is the caller's)."""
    controller = Controller()
    window = MainWindow(controller, settings)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    controller.open_preset(preset)
    window.resize(*size)
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    return window


def at_the_start(qtbot, window) -> MainWindow:
    """A shared step-through window as a fresh one starts, checked: back to the first iteration
    with nothing computed, stepping by value, the side panels shown, the light theme at scale
    1.0, on the first tab and active (a test before may have stepped anywhere, chosen another
    step, focused on the graph, made the type larger, or clicked elsewhere, and put them back
    or failed before it could); nothing may be edited, as no test sharing it edits."""
    window.controller.reset()
    window.granularity.setCurrentText("value")
    if window.focus.isChecked():
        window.focus.trigger()
    if window.presentation != Presentation():  # the light theme at scale 1.0
        window.apply_presentation(Presentation())
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    cursor = window.controller.cursor
    assert (cursor.iteration, cursor.position) == (1, 0), cursor
    assert window.controller.granularity == "value"
    assert window.steps_table.model().rowCount() == 0
    assert window.scale == 1.0 and window.theme.name == "light"
    assert not window.focus.isChecked() and window.side.isVisible()
    assert window.controller.undo_stack.count() == 0 and not window.windowTitle().startswith("*")
    assert not window.player.playing and not window.message.isVisible()
    return window


def larger_until_scale_two(window) -> None:
    """Bring the window to presentation scale 2.0 with its own Ctrl+= action: from one step
    below, where it is set directly (each step restyles the whole window, and the steps on
    the way are tested on their own, test_window's exact scale steps)."""
    larger = next(a for a in window.findChildren(QAction) if "Ctrl+=" in a.shortcut().toString())
    if window.scale < SCALES[-2]:
        window.apply_presentation(Presentation(window.theme, len(SCALES) - 2 - NORMAL))
    if window.scale != 2.0:
        larger.trigger()
    assert window.scale == 2.0
    QTest.qWait(1)


def open_at_scale_two(qtbot, size, preset: str) -> MainWindow:
    """The real window on `preset`, shown at `size`, then made larger up to scale 2.0; closed
    after the test."""
    window = window_at_scale_two(size, preset)
    qtbot.addWidget(window)
    return window


def window_at_scale_two(size, preset: str) -> MainWindow:
    """The real window on `preset`, shown at `size`, then made larger up to scale 2.0 (its
    closing is the caller's)."""
    window = shown_window(size, preset)
    larger_until_scale_two(window)
    return window


def show_tab(qtbot, window, title: str):
    """Bring tab `title` forward and let it lay out; its page."""
    index = [window.tabs.tabText(i) for i in range(window.tabs.count())].index(title)
    window.tabs.setCurrentIndex(index)
    qtbot.wait(1)  # the page is laid out once the event loop has run
    return window.tabs.widget(index)


def title_problems(plot) -> list:
    """The plot's title as drawn: past the plot's sides, or taller than its row; and the left
    axis's title (written upwards) longer than the axis."""
    label = plot.getPlotItem().titleLabel
    drawn = label.mapRectToScene(label.itemRect())
    shown = QRectF(plot.viewport().rect())
    problems = []
    if drawn.left() < shown.left() - 0.5 or drawn.right() > shown.right() + 0.5:
        problems.append(f"{plot}'s title spans {drawn.left():.0f}..{drawn.right():.0f}")
    if drawn.height() > label.geometry().height() + 0.5:
        problems.append(f"{plot}'s title {drawn.height():.0f} tall in {label.geometry().height()}")
    axis = plot.getAxis("left")
    length, room = axis.label.boundingRect().width(), axis.geometry().height()
    if axis.labelText and length > room + 0.5:
        problems.append(f"{plot}'s left title {length:.0f} long on an axis {room:.0f} tall")
    _, texts = drawn_ticks(axis, rects=True)
    if axis.labelText and texts:
        margin = axis.label.document().documentMargin()  # around the glyphs, inside the box
        title = axis.label.mapRectToScene(axis.label.boundingRect()).right() - margin
        ticks = min(axis.mapRectToScene(rect).left() for rect, _ in texts)
        if title > ticks + 0.5:
            problems.append(
                f"{plot}'s left title ends at {title:.0f}, its ticks start at {ticks:.0f}"
            )
    return problems


def drawn_ticks(axis, rects: bool = False) -> tuple:
    """(tick lines, [(y centre, text)]) as the axis would paint them now; with `rects`, each
    text's rectangle in the axis's coordinates in place of its centre."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if rects:
        return ticks, [(rect, text) for rect, _, text in texts]
    return ticks, sorted((rect.center().y(), text) for rect, _, text in texts)

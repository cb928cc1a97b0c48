"""What formula panels remember process-wide gives what a fresh computation gives: a second
window on the same example shows the same type, height and text as the first, fitted afresh,
at every step of the iteration, and typesets less to get there."""

import room
from PySide6.QtCore import Qt

from ui.main_window import MainWindow
from ui.panels import fitting_memory, formula_fitting
from ui.panels.fitting_memory import Memory

NOTES_PRESET = "notes-2-2-1-sigmoid-bce"


def shown_window(qtbot) -> MainWindow:
    """The real window on the notes' 2-2-1 example at 1280x800, as the `window` fixture's."""
    window = room.shown_window()
    qtbot.addWidget(window)
    return window


def count_layouts(monkeypatch) -> list:
    """Each document the formula panels lay out from now on."""
    laid, layout = [], formula_fitting.FormulaFitting._layout

    def spied(panel, *args, **kwargs):
        laid.append(args)
        return layout(panel, *args, **kwargs)

    monkeypatch.setattr(formula_fitting.FormulaFitting, "_layout", spied)
    return laid


def walk(qtbot, window) -> list:
    """The formula panel's shrink, height, reserve, text and laid-out size at every step."""
    seen, panel = [], window.formula
    for _ in range(len(window.controller.cursor.trace) + 1):
        size = panel.document.size()
        seen.append(
            (
                panel.shrink,
                panel.height(),
                panel.minimumSizeHint().height(),
                panel.document.toHtml(),
                (size.width(), size.height(), panel.document.idealWidth()),
                panel.clipped(),
            )
        )
        qtbot.keyClick(window, Qt.Key.Key_Right)
    return seen


def test_a_second_window_fits_each_step_as_a_fresh_one(qtbot, monkeypatch):
    fitting_memory.forget()
    laid = count_layouts(monkeypatch)
    fresh = walk(qtbot, shown_window(qtbot))
    fresh_layouts = len(laid)
    laid.clear()
    remembered = walk(qtbot, shown_window(qtbot))
    assert remembered == fresh
    assert not any(clipped for *_, clipped in fresh)
    assert 0 < len(laid) < fresh_layouts  # it still lays out what it paints, and only that


def test_a_theme_and_a_scale_are_fitted_as_afresh(qtbot):
    """Larger type and the dark theme: the remembered fits, reserve and height equal those of
    a window that remembered nothing."""

    def styled() -> tuple:
        window = shown_window(qtbot)
        qtbot.keyClick(window, Qt.Key.Key_Right)
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(1)
        panel = window.formula
        return (
            panel.shrink,
            panel.height(),
            panel.minimumSizeHint().height(),
            panel.text("symbolic"),
        )

    fitting_memory.forget()
    fresh = styled()
    assert styled() == fresh


def test_memory_forgets_what_was_used_least_recently():
    memory = Memory(2)
    memory.put("a", 1)
    memory.put("b", 2)
    assert memory.get("a") == 1  # now the most recent
    memory.put("c", 3)
    assert memory.get("b") is None and memory.get("a") == 1 and memory.get("c") == 3
    assert len(memory) == 2 and list(memory) == ["a", "c"]


def test_a_closed_window_leaves_no_document_for_the_garbage_collector(qtbot):
    """A window's formula documents are freed with it, not by a later garbage collection: one
    freed by a collection that ran inside a Qt call holding the signal lock (a pyqtgraph
    disconnect) hung the test run for ever."""
    import gc

    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QApplication

    def live_documents() -> int:
        return sum(isinstance(thing, QTextDocument) for thing in gc.get_objects())

    def window_stepped_and_closed() -> None:
        window = room.shown_window()
        for _ in range(6):
            window.controller.step_forward()
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    gc.collect()
    gc.disable()  # what a collection would free stays countable
    try:
        window_stepped_and_closed()  # the process-wide memory holds its floor documents
        kept = live_documents()
        for _ in range(2):
            window_stepped_and_closed()
        assert live_documents() == kept
    finally:
        gc.enable()

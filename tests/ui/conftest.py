"""Window tests leave nothing behind: every widget a test made is deleted before the next test.

pytest-qt closes the widgets a test registered with `qtbot.addWidget` and calls `deleteLater`
on them, but a deferred delete only happens once an event loop runs, and most tests never
start one: without this flush every window (about a thousand widgets) would live on for the
rest of the session, and each new window would be slower to build and style than the last.
"""

import gc

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from room import shown_window


@pytest.fixture(autouse=True)
def delete_closed_widgets(qapp):
    """After each test (and pytest-qt's closing of its widgets), delete them for good; then
    free what they leave to Python's garbage collector here, between tests. Left to a later
    collection, a Qt object in a window's reference cycles (the controller, a document) could
    be destroyed inside a Qt call holding a lock it needs: one such collection, inside a
    pyqtgraph disconnect, hung a run for ever. What lives on is frozen: later collections
    (this one, and the collector's own during the tests) scan only what is new."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    gc.freeze()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """The windows a test registered with qtbot (pytest-qt's list of what it closes after the
    test) are hidden as soon as its body ends: pytest-qt then runs the event loop once more
    before closing them, and shown, they were painted for no one (the test has looked at all
    it needs): about 4 s of the window tests' CPU time. Their closing is still pytest-qt's."""
    try:
        return (yield)
    finally:
        for widget, _ in getattr(item, "qt_widgets", []):
            if widget() is not None:
                widget().hide()


@pytest.fixture(autouse=True)
def no_button_left_held(qapp):
    """A test ends with every mouse button up: one left pressed (QTest's double-click ends on
    a press) turned a later test's hover into a drag, which then failed in its place."""
    yield
    held = QApplication.mouseButtons()
    assert held == Qt.MouseButton.NoButton, f"the test left {held} pressed"


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(monkeypatch):
    """A message box a test did not answer fails the test instead of waiting forever for a
    click (a test answers by replacing the window's question, or QMessageBox.exec, itself)."""

    def unanswered(box):
        raise AssertionError(f"an unanswered message box opened: {box.text()!r}")

    monkeypatch.setattr(QMessageBox, "exec", unanswered)


@pytest.fixture
def window(qtbot):
    """The real window on the notes' 2-2-1 example, shown at 1280x800 and active; pytest-qt
    closes it after the test (unsaved edits are discarded, not asked about)."""
    window = shown_window()
    qtbot.addWidget(window)
    return window

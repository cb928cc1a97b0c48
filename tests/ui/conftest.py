"""Window tests leave nothing behind: every widget a test made is deleted before the next test.

pytest-qt closes the widgets a test registered with `qtbot.addWidget` and calls `deleteLater`
on them, but a deferred delete only happens once an event loop runs, and most tests never
start one: without this flush every window (about a thousand widgets) would live on for the
rest of the session, and each new window would be slower to build and style than the last.
"""

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def delete_closed_widgets(qapp):
    """After each test (and pytest-qt's closing of its widgets), delete them for good."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

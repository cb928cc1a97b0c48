"""What the window shows of text it did not write: error text and titles as plain text, never
markup; a long typed line cut short, never widening the window; sizes past the engine's limits
refused with its sentence before anything is allocated."""

import tracemalloc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ui.app import CrashGuard
from ui.main_window import MAX_MESSAGE_CHARS

Answer = QMessageBox.StandardButton
MARKUP = '<img src="x"> <b>bold</b> & more'


def test_the_message_line_shows_error_text_as_it_is(window):
    window.show_error(MARKUP)
    assert window.message.textFormat() == Qt.TextFormat.PlainText
    assert window.message.text() == f"⚠ {MARKUP}"


def test_the_crash_box_shows_error_text_as_it_is(qtbot, window):
    CrashGuard(window)(RuntimeError, RuntimeError(MARKUP), None)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None)
    box = window.findChild(QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText and MARKUP in box.text()
    box.close()


def test_the_unsaved_prompt_shows_a_title_as_it_is(window, monkeypatch):
    window.controller.rename("<b>bold</b> work")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or Answer.Cancel)
    del window._ask_unsaved  # the real prompt, with exec answered above
    assert not window.confirm_discard()
    window._ask_unsaved = lambda: Answer.Discard  # for pytest-qt's closing
    assert shown[0].textFormat() == Qt.TextFormat.PlainText
    assert "<b>bold</b> work" in shown[0].text()


def type_in_field(field):
    def typing(window, text):
        line = getattr(window.network_panel, field)
        line.setText(text)
        line.editingFinished.emit()

    return typing


def type_in_edit_box(window, text):
    QInputDialog.getText = lambda *args, **kwargs: (text, True)
    window.scene.sigEditRequested.emit("W[1,1,1]")


@pytest.mark.parametrize(
    "typing", [type_in_field("sizes"), type_in_field("learning_rate"), type_in_edit_box]
)
def test_a_long_typed_line_never_widens_the_window(qtbot, window, monkeypatch, typing):
    """A 100,000-character line widened the window to 44,566 px (and 132 MB)."""
    monkeypatch.setattr(QInputDialog, "getText", QInputDialog.getText)  # restored afterwards
    window.resize(1024, 700)
    qtbot.wait(10)
    width = window.width()
    typing(window, "9x" * 50_000)
    qtbot.wait(10)
    assert window.width() == width and window.minimumSizeHint().width() <= width
    assert not window.message.isHidden()
    assert len(window.message.text()) <= len("⚠ ") + MAX_MESSAGE_CHARS
    assert window.controller.undo_stack.count() == 0


def test_sizes_past_the_limits_are_refused_before_anything_is_made(window):
    """Typing 2-100000000-1 froze the window for 10 s and took 2.4 GB before it was refused."""
    tracemalloc.start()
    type_in_field("sizes")(window, "2-100000000-1")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "Layer 1 should be at most 1,024 neurons, got 100000000." in window.message.text()
    assert peak < 5_000_000 and window.controller.undo_stack.count() == 0
    assert window.controller.cursor.network.sizes == (2, 2, 1)

"""The real window on the notes' 2-2-1 example at projector size, for the practice tests."""

from PySide6.QtWidgets import QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow

NOTES_PRESET = "notes-2-2-1-sigmoid-bce"


def open_window(qtbot, settings=None):
    """A shown, active window at 1024x768 that discards unsaved edits when the test ends."""
    controller = Controller()
    window = MainWindow(controller, settings)
    qtbot.addWidget(window)
    controller.open_preset(NOTES_PRESET)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    return window

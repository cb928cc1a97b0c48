"""Start the window: the QApplication, the first preset (or the session a kill interrupted),
the crash guard and screenshots."""

import gc
import os
import sys
import traceback

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QImageWriter
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.platform_messages import quiet_benign_messages
from ui.validation import sentence
from ui.window_room import place_window

DEFAULT_PRESET = "notes-2-2-1-sigmoid-bce"
SCREENSHOT_SIZE = (1280, 800)  # offscreen there is no screen to fill
# Qt's compression scale (0-100) for the PNG: 11 is zlib's fastest level, 1. Qt's default (6)
# took a third longer to write the notes' window for a file 11% smaller.
SCREENSHOT_COMPRESSION = 11


def run_gui(preset: str | None, steps: int, screenshot: str | None, size: tuple | None) -> int:
    """Open the window on `preset`, show it (at `size`, or within the screen), then take
    `steps` micro-steps as a user would; with `screenshot`, write a PNG of the window offscreen
    and return instead of running the event loop."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed for a PNG
    app = QApplication.instance() or QApplication(sys.argv[:1])
    quiet_benign_messages()
    app.setApplicationName("backprop-sim")
    app.setOrganizationName("backprop-sim")
    controller = Controller()
    settings, autosave = (None, None) if screenshot else kept_work(controller)
    window = MainWindow(controller, settings, autosave)
    if preset is not None and not open_first(controller, preset):
        return 2
    restored = restored_sessions(window, fill_window=preset is None)
    if controller.workspace is None and not open_first(controller, preset):
        return 2
    saved = settings.value("geometry") if settings is not None else None
    maximised = place_window(window, saved, size or (SCREENSHOT_SIZE if screenshot else None))
    if maximised:
        window.showMaximized()
    else:
        window.show()
    app.processEvents()  # laid out and painted: the start is over
    settle_start_up()
    for _ in range(steps):
        window.next.trigger()
        app.processEvents()  # each step lands on the window as shown, as a key press would
    if screenshot:
        return write_screenshot(app, window, screenshot)
    sys.excepthook = CrashGuard(window)
    for other in restored:  # each other killed session, in a window of its own
        if other is not window:
            place_window(other, saved, size)
            other.show()
    return app.exec()


def kept_work(controller: Controller) -> tuple:
    """The settings and the autosave of a window the user works in; a screenshot has neither
    (and does not load the autosave's modules)."""
    from ui.autosave import Autosave

    return QSettings(), Autosave(controller)


def restored_sessions(window: MainWindow, fill_window: bool) -> list:
    """The killed sessions brought back (ui/restore.py); none without an autosave."""
    if window.autosave is None:
        return []
    from ui.restore import restore_sessions

    return restore_sessions(window, fill_window)


def settle_start_up() -> None:
    """What start-up built lives as long as the window: frozen, later collections (and the
    last one, at exit) skip it, and the collector works again (ui.cli rests it while starting)."""
    gc.freeze()
    gc.enable()


def open_first(controller: Controller, preset: str | None) -> bool:
    """Load the preset asked for (or the notes' example); report a bad one on stderr."""
    errors = []
    controller.sigError.connect(errors.append)
    controller.open_preset(preset or DEFAULT_PRESET)
    controller.sigError.disconnect(errors.append)
    if controller.workspace is None:
        print(
            f"backprop-sim: {errors[0] if errors else 'no preset could be opened.'}",
            file=sys.stderr,
        )
        return False
    return True


def write_screenshot(app: QApplication, window: MainWindow, path: str) -> int:
    """Grab the window as shown (offscreen) and save the PNG."""
    app.processEvents()
    writer = QImageWriter(path)  # the format follows the name, as QPixmap.save's does
    writer.setCompression(SCREENSHOT_COMPRESSION)
    if not writer.write(window.grab().toImage()):
        print(f"backprop-sim: could not write the screenshot to {path}.", file=sys.stderr)
        return 2
    window.close()
    return 0


class CrashGuard:
    """sys.excepthook: show the error in a message box and keep the window running (the active
    window, when restored sessions opened more than one)."""

    def __init__(self, window: MainWindow):
        self.window = window

    def __call__(self, kind, error, trace) -> None:
        traceback.print_exception(kind, error, trace)
        text = f"Something went wrong: {sentence(error)} Your network is unchanged."
        active = QApplication.activeWindow()
        window = active if isinstance(active, MainWindow) else self.window
        window.show_error(text)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "backprop-sim", text, QMessageBox.StandardButton.Ok, window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # an error's text is never markup
        QTimer.singleShot(0, box.open)

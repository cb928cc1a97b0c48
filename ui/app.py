"""Start the window: the QApplication, the first preset (or the session a kill interrupted),
the crash guard and screenshots."""

import os
import sys
import traceback

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.session import Autosave
from ui.validation import sentence
from ui.window_room import place_window

DEFAULT_PRESET = "notes-2-2-1-sigmoid-bce"
SCREENSHOT_SIZE = (1280, 800)  # offscreen there is no screen to fill


def run_gui(preset: str | None, steps: int, screenshot: str | None, size: tuple | None) -> int:
    """Open the window on `preset`, show it (at `size`, or within the screen), then take
    `steps` micro-steps as a user would; with `screenshot`, write a PNG of the window offscreen
    and return instead of running the event loop."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed for a PNG
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("backprop-sim")
    app.setOrganizationName("backprop-sim")
    controller = Controller()
    settings = None if screenshot else QSettings()
    autosave = None if screenshot else Autosave(controller)
    window = MainWindow(controller, settings, autosave)
    if not (preset is None and restore_session(window)) and not open_first(controller, preset):
        return 2
    saved = settings.value("geometry") if settings is not None else None
    maximised = place_window(window, saved, size or (SCREENSHOT_SIZE if screenshot else None))
    if maximised:
        window.showMaximized()
    else:
        window.show()
    for _ in range(steps):
        app.processEvents()  # each step lands on the window as shown, as a key press would
        window.next.trigger()
    app.processEvents()
    if screenshot:
        return write_screenshot(app, window, screenshot)
    sys.excepthook = CrashGuard(window)
    return app.exec()


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


def restore_session(window: MainWindow) -> bool:
    """Bring back the session a crash or a kill interrupted, and say so; False if none."""
    autosave = window.autosave
    state = autosave.pending() if autosave is not None else None
    if state is None:
        return False
    try:
        autosave.restore(state)
    except Exception as error:  # noqa: BLE001 - a damaged autosave must not stop the start
        print(
            f"backprop-sim: the autosaved session was not restored: {sentence(error)}",
            file=sys.stderr,
        )
        return False
    window.statusBar().showMessage(
        "Restored the session that was interrupted; its changes are not saved yet.", 15000
    )
    return True


def write_screenshot(app: QApplication, window: MainWindow, path: str) -> int:
    """Grab the window as shown (offscreen) and save the PNG."""
    app.processEvents()
    if not window.grab().save(path):
        print(f"backprop-sim: could not write the screenshot to {path}.", file=sys.stderr)
        return 2
    window.close()
    return 0


class CrashGuard:
    """sys.excepthook: show the error in a message box and keep the window running."""

    def __init__(self, window: MainWindow):
        self.window = window

    def __call__(self, kind, error, trace) -> None:
        traceback.print_exception(kind, error, trace)
        text = f"Something went wrong: {sentence(error)} Your network is unchanged."
        self.window.show_error(text)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "backprop-sim",
            text,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        QTimer.singleShot(0, box.open)

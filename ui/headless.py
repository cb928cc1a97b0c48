"""A Qt application for drawing without a window (the command line's figures, handouts and
worksheets): fonts and painting need one."""

import os

from PySide6.QtWidgets import QApplication

_HEADLESS = []  # the application made for drawing without a window, kept alive


def ensure_application() -> None:
    """Make an offscreen QApplication when none runs (a QApplication, not a QGuiApplication,
    so widgets made later in the process still work). Offscreen even where there is a display:
    a file needs no screen, nor the system libraries a screen's plugin needs."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _HEADLESS.append(QApplication([]))

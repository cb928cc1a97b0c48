"""The window shares its width out of the room its splitter really has: while a window shows,
no round gives the settings panel room that the next takes back (the splitter's sizes lag
behind a resize; their sum was once 1357 px in a 1280 px window)."""

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow


def test_showing_a_window_never_gives_the_settings_room_it_then_takes_back(qtbot):
    window = MainWindow(Controller())
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.controller.open_preset("notes-2-2-1-sigmoid-bce")
    window.resize(1280, 800)
    splitter, shared = window.splitter, []
    set_sizes = splitter.setSizes
    splitter.setSizes = lambda sizes: shared.append((splitter.width(), sizes)) or set_sizes(sizes)
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    qtbot.wait(1)
    handles = [splitter.handle(i) for i in range(1, splitter.count())]
    room = splitter.width() - sum(h.width() for h in handles if h.isVisibleTo(splitter))
    at_full_width = [list(sizes) for width, sizes in shared if width == splitter.width()]
    # each round shares the room the splitter has, not its sizes' lagging sum, the same way
    assert at_full_width and all(sizes == at_full_width[-1] for sizes in at_full_width), shared
    assert sum(at_full_width[-1]) == room

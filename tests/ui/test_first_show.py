"""The window's first show lays the step-through out once, at the size it is shown at: the graph,
the formula panel and the settings are never sized for a page the tab widget has not yet placed
(Qt shows a tab widget's pages before it gives them their size). Shown again after hiding, the
window is laid out as before, on the tab that was on show."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from ui.controller import Controller
from ui.main_window import MainWindow

NOTES_PRESET = "notes-2-2-1-sigmoid-bce"


class Resizes(QObject):
    """The sizes each watched widget is given, in order."""

    def __init__(self, widgets):
        super().__init__()
        self.sizes = {widget: [] for widget in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.sizes[watched].append(event.size().toTuple())
        return False


def unshown_window(qtbot) -> MainWindow:
    controller = Controller()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    controller.open_preset(NOTES_PRESET)
    window.resize(1280, 800)
    return window


def test_the_step_through_is_sized_once_as_the_window_first_shows(qtbot):
    window = unshown_window(qtbot)
    page = window.tabs.widget(0)
    resizes = Resizes([page, window.graph, window.formula])
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    assert resizes.sizes[page] == [page.size().toTuple()]
    assert resizes.sizes[window.graph][0] == window.graph.size().toTuple()
    assert page.isVisible() and window.graph.isVisible() and window.formula.isVisible()
    assert window.tabs.currentWidget() is page


def test_shown_again_the_window_keeps_its_tab_and_lays_it_out_alike(qtbot):
    window = unshown_window(qtbot)
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    first = (window.splitter.sizes(), window.stepping.sizes(), window.graph.size())
    window.tabs.setCurrentIndex(2)  # a lesson, built when first shown
    window.hide()
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    lesson = window.tabs.currentWidget()
    assert lesson is window.tabs.widget(2) and lesson.isVisible()
    assert not window.tabs.widget(0).isVisible()
    window.tabs.setCurrentIndex(0)
    qtbot.wait(1)
    assert (window.splitter.sizes(), window.stepping.sizes(), window.graph.size()) == first

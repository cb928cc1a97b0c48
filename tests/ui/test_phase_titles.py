"""One table of phase titles: every engine phase has one, and the window shows them."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from simulator.step import PHASES
from ui.controller import Controller
from ui.panels.phase_strip import PhaseStrip
from ui.phase_titles import PHASE_TITLES


def watched(window, widget, kind) -> list:
    """A list that gets `widget` each time it receives an event of `kind` (while `window`
    lives)."""
    seen = []

    class Watch(QObject):
        def eventFilter(self, target, event):
            if event.type() == kind:
                seen.append(target)
            return False

    widget.installEventFilter(Watch(window))
    return seen


def test_every_engine_phase_has_one_title_in_the_engines_order():
    assert tuple(PHASE_TITLES) == PHASES
    assert all(title.short and title.heading for title in PHASE_TITLES.values())


def test_the_phase_strip_names_and_lights_the_steps_phase_from_the_table(qtbot):
    strip = PhaseStrip()
    qtbot.addWidget(strip)
    assert [pill.text() for pill in strip.pills.values()] == [
        title.short for title in PHASE_TITLES.values()
    ]
    controller = Controller()
    controller.open_preset("notes-2-2-1-sigmoid-bce")
    controller.finish()
    view = controller.step_view()
    strip.show_step(view)  # the step's heading: its phase lit, where it is in the caption
    assert strip.phase == "update" and strip.pills[strip.phase].text() == "Update"
    assert f"step {view.total} of {view.total}" in strip.caption.text()


def test_lighting_the_next_phase_moves_no_pill_and_lays_out_no_tab(qtbot, window):
    """A lit pill is bold; were it wider than when unlit, every phase change would move the
    pills after it along the strip and lay the tabs out again, repainting all of the window.
    (The iteration's first step is left out: the steps table's first row lays it out.)"""
    strip = window.phase_strip
    qtbot.keyClick(window, Qt.Key.Key_Right)
    QApplication.processEvents()
    places = {phase: pill.geometry() for phase, pill in strip.pills.items()}
    laid_out = watched(window, window.tabs, QEvent.Type.LayoutRequest)  # it repaints the page
    lit = [strip.phase]
    for _ in window.controller.cursor.trace.steps[1:]:
        qtbot.keyClick(window, Qt.Key.Key_Right)
        QApplication.processEvents()
        if strip.phase != lit[-1]:
            lit.append(strip.phase)
            assert laid_out == [], f"lighting {strip.phase} laid out {laid_out}"
        laid_out.clear()
        assert {phase: pill.geometry() for phase, pill in strip.pills.items()} == places
    assert lit == list(PHASE_TITLES)


def test_each_step_paints_the_caption_once_and_lays_out_no_tab(qtbot, window):
    """'step 9 of 31' to 'step 10 of 31' widened the caption, which laid the tabs out and
    repainted the whole window; and the caption, typeset as rich text while it was painted,
    was painted twice a step. (The iteration's first two steps are left out: the steps
    table's first rows lay the window out.)"""
    caption = window.phase_strip.caption
    for _ in range(2):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        QApplication.processEvents()
    width = caption.width()
    laid_out = watched(window, window.tabs, QEvent.Type.LayoutRequest)
    painted = watched(window, caption, QEvent.Type.Paint)
    for step in window.controller.cursor.trace.steps[2:]:
        laid_out.clear(), painted.clear()
        qtbot.keyClick(window, Qt.Key.Key_Right)
        for _ in range(3):  # a second paint asked for while the first ran comes two rounds on
            QApplication.processEvents()
        assert laid_out == [] and len(painted) == 1, f"step {step.index} ({step.key})"
        assert caption.width() == width

"""One table of phase titles: every engine phase has one, and the window shows them."""

from simulator.step import PHASES
from ui.controller import Controller
from ui.panels.phase_strip import PhaseStrip
from ui.phase_titles import PHASE_TITLES


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

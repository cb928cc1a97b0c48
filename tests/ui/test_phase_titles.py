"""One table of phase titles: every engine phase has one, and the window shows them."""

from simulator.presets import load_preset
from simulator.trace import PHASES, build_trace
from ui.panels.formula_panel import FormulaPanel
from ui.panels.phase_strip import PhaseStrip
from ui.phase_titles import PHASE_TITLES


def test_every_engine_phase_has_one_title_in_the_engines_order():
    assert tuple(PHASE_TITLES) == PHASES
    assert all(title.short and title.heading for title in PHASE_TITLES.values())


def test_the_phase_strip_and_the_formula_heading_use_the_table(qtbot):
    strip = PhaseStrip()
    qtbot.addWidget(strip)
    assert [pill.text() for pill in strip.pills.values()] == [
        title.short for title in PHASE_TITLES.values()
    ]
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    data = preset.load_data()
    step = build_trace(preset.build_network(), data.inputs, data.targets).steps[-1]
    panel = FormulaPanel()
    qtbot.addWidget(panel)
    panel.show_step(step, None)
    assert panel.heading.text() == f"Step {step.index} · {PHASE_TITLES['update'].short}"

"""The formula panel while stepping: a state shown again is not laid out again, and the panel
keeps one height through an iteration, so the graph above it is never laid out anew.

The tests that only step share one window, brought back to a fresh window's start before each;
a test that resizes, restyles or sets the panel's content itself makes its own."""

import pytest
from PySide6.QtCore import Qt
from room import at_the_start, shared, shown_window

from ui.panels import fitting_memory, formula_fitting
from ui.panels.formula_fitting import sampled
from ui.panels.formula_panel import FormulaPanel
from ui.window_room import AMPLE_GRAPH, share_height

looked_at = shared(shown_window)  # the notes' 2-2-1 at 1280x800, shared by the tests that step


def press(qtbot, window, key, times=1):
    for _ in range(times):
        qtbot.keyClick(window, key)


def spy_layouts(monkeypatch) -> list:
    """The lines of each document the formula panel lays out from now on."""
    laid = []
    layout = formula_fitting.FormulaFitting._layout

    def spied(panel, *args, **kwargs):
        laid.append(dict(panel.lines))
        return layout(panel, *args, **kwargs)

    monkeypatch.setattr(formula_fitting.FormulaFitting, "_layout", spied)
    return laid


def test_stepping_through_an_iteration_keeps_the_panels_height(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    heights, graph = set(), window.graph.height()
    for _ in range(len(window.controller.cursor.trace)):
        press(qtbot, window, Qt.Key.Key_Right)
        heights.add(window.formula.height())
        assert not window.formula.clipped()
    assert len(heights) == 1 and window.graph.height() == graph


def test_a_state_shown_again_is_not_laid_out_again(qtbot, looked_at, monkeypatch):
    window = at_the_start(qtbot, looked_at())
    press(qtbot, window, Qt.Key.Key_Right, times=3)
    laid = []
    layout = formula_fitting.FormulaFitting._layout
    monkeypatch.setattr(
        formula_fitting.FormulaFitting,
        "_layout",
        lambda panel, *args, **kwargs: laid.append(args) or layout(panel, *args, **kwargs),
    )
    shown = window.formula.document
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Right)
    assert laid == [] and window.formula.document is shown


def test_the_reserve_is_the_tallest_step_of_the_iteration(qtbot, window):
    """The panel asks for what its tallest step needs at the floor, before that step shows."""
    panel, trace = window.formula, window.controller.cursor.trace
    reserved = panel.minimumSizeHint().height()
    width = panel._room().width()
    tallest = 0
    for index in range(len(trace)):
        step = trace.steps[index]
        comparison = window.controller.trace_view().row(index)
        row = comparison if comparison.status else None
        texts = panel.step_content(step, row)
        panel.set_content(*texts)
        tallest = max(tallest, panel._panel_height(panel._floor_document(width)))
    assert reserved >= tallest


def test_a_new_width_lays_out_only_the_step_on_show(qtbot, monkeypatch):
    """The iteration's likely tallest steps were typeset for the first width: at a new width
    they are only wrapped again, and the reserve is still the tallest step's. The process's
    memory is emptied first: an earlier test may have left the first width's reserve in it
    but not the typeset steps, which it forgets sooner."""
    fitting_memory.forget()
    window = shown_window()
    qtbot.addWidget(window)
    press(qtbot, window, Qt.Key.Key_Right, times=2)
    panel, laid = window.formula, spy_layouts(monkeypatch)
    width = panel.width()
    window.resize(window.width() - 90, window.height())
    qtbot.waitUntil(lambda: panel.width() != width)
    assert laid and all(lines == panel.lines for lines in laid)
    test_the_reserve_is_the_tallest_step_of_the_iteration(qtbot, window)


def test_a_new_theme_lays_out_only_the_step_on_show_and_keeps_the_reserve(
    qtbot, window, monkeypatch
):
    """A theme is colours: the iteration's tallest steps need the same height in any."""
    press(qtbot, window, Qt.Key.Key_Right, times=2)
    panel, reserve = window.formula, window.formula.minimumSizeHint().height()
    laid = spy_layouts(monkeypatch)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.name == "dark" and window.formula.theme is window.theme
    assert laid and all(lines == panel.lines for lines in laid)
    assert panel.minimumSizeHint().height() == reserve


def test_a_hidden_panel_is_fitted_when_it_shows(qtbot, monkeypatch):
    panel, laid = FormulaPanel(), spy_layouts(monkeypatch)
    qtbot.addWidget(panel)
    panel.resize(300, 160)
    panel.show_step(None, None)
    assert laid == []  # the sizes a window passes through before it shows cost nothing
    panel.show()
    qtbot.waitExposed(panel)
    assert "Nothing computed yet." in panel.document.toPlainText() and not panel.clipped()


def test_a_long_iteration_reserves_for_a_sample_that_starts_at_its_start():
    assert sampled(5) == [0, 1, 2, 3, 4]
    many = sampled(100_000)
    assert many[:32] == list(range(32)) and many[-1] == 99_999 and len(many) < 80


def test_a_formula_too_long_for_the_floor_is_searched_for_once_per_length(monkeypatch):
    """A 4 x 128 net's weighted sums fit not even with every line at its floor: the first one
    searches the whole grid, and the next of about its length tries the floor alone (it tried
    nine layouts of its 128 terms each time, 45 ms of every press)."""
    monkeypatch.setattr(formula_fitting.memory, "GUIDES", formula_fitting.memory.Memory(64))
    panel = FormulaPanel()
    panel.lines = {"formula": "a = σ(z)", "substituted": "= σ(0.44) = 0.6083"}
    assert panel._search(lambda step: True) == 0  # the activation before fits at full size
    tried = []

    def fits(step: int) -> bool:  # what a room too small for the formula answers
        tried.append(step)
        return False

    panel.lines = {"formula": "z = " + " + ".join(["w · a"] * 128), "substituted": "= …"}
    assert panel._search(fits) is None and len(tried) > 2  # from full size to the floor
    tried.clear()
    panel.lines = {"formula": "z = " + " + ".join(["w · b"] * 128), "substituted": "= …"}
    assert panel._search(fits) is None and tried == [formula_fitting.STEPS]  # the floor alone
    panel.deleteLater()


def test_a_formula_too_long_for_the_floor_lays_its_floor_out_once(qtbot, monkeypatch):
    """Where not even the floor fits, the floor the search just tried is the document shown
    (rewrapped): a 4 x 128 net's weighted sum is laid out once a step, not twice, and shows as
    a floor laid out afresh would."""
    for name in ("GUIDES", "STEPS"):
        monkeypatch.setattr(formula_fitting.memory, name, formula_fitting.memory.Memory(64))
    panel = FormulaPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 90)
    panel.show()
    qtbot.waitExposed(panel)
    laid = spy_layouts(monkeypatch)
    for term in ("w · a", "w · b"):  # the second one's length is known to need the floor
        laid.clear()
        panel.set_content({"symbolic": "z = " + " + ".join([term] * 128)}, "= 1.0", None)
        assert panel._fit()
        layouts = len(laid)
        fresh = panel._floor_document(panel._room().width())
        assert panel.shrink == formula_fitting.MOST_SHRINK
        assert panel.document.toPlainText() == fresh.toPlainText()
        assert panel.document.size() == fresh.size()
        assert panel.document.defaultTextOption().wrapMode() == fresh.defaultTextOption().wrapMode()
    assert layouts == 1  # the floor alone (it was two: the floor tried, then laid out again)


def line_sizes(panel) -> dict:
    """Each line shown: (its type size as fitted, its full size), in pixels."""
    return {
        name: (panel.line_px(name) * panel._line_factor(name, panel.shrink), panel.line_px(name))
        for name, text in panel.lines.items()
        if text
    }


@pytest.mark.parametrize("size, focus", [((1920, 1080), False), ((1024, 768), True)])
def test_where_the_graph_has_room_to_spare_a_slip_reads_at_full_size(
    qtbot, monkeypatch, size, focus
):
    """At 1920x1080, and at 1024x768 in focus mode, the notes' slip and every step inheriting
    it show every line at full size (they shrank to 77 %, the verdict to 12 px, while the graph
    had 765 or 570 px); the graph keeps AMPLE_GRAPH. At 1920x1080 an edit drops the notes, and
    their verdict's line, but not the panel's height: the graph stays where the class was
    looking. (At 1024x768 in focus mode the edit's longer numbers raise the panel's reserve
    by 4 px: the graph is laid out again, its items moving 5 px, where they moved 50 px before
    the ample height.)"""
    from ui.graph.network_layout import NetworkLayout

    window = shown_window(size)
    qtbot.addWidget(window)
    if focus:
        window.focus.trigger()
    qtbot.wait(1)
    panel, verdicts = window.formula, 0
    for index in range(1, 26):
        press(qtbot, window, Qt.Key.Key_Right)
        if panel.lines["verdict"]:  # the slip (step 8), and each step inheriting it
            verdicts += 1
            sizes = line_sizes(panel)
            assert all(fitted == full for fitted, full in sizes.values()), (index, sizes)
            assert not panel.clipped()
    assert verdicts >= 10 and window.graph.height() >= AMPLE_GRAPH
    if focus:
        return
    heights = window.graph.height(), panel.height()
    searches = []
    search = NetworkLayout._best_form
    monkeypatch.setattr(NetworkLayout, "_best_form", lambda *a: searches.append(1) or search(*a))
    window.controller.edit_value("W[1,1,1]", "-0.000123")
    qtbot.wait(1)
    assert not panel.has_notes  # the notes no longer apply
    assert (window.graph.height(), panel.height()) == heights and not searches


def test_the_panel_gets_its_ample_height_only_where_the_graph_keeps_enough():
    assert share_height(917, 147, 152, 177) == (740, 177)  # 1920x1080: every line full size
    assert share_height(722, 147, 152, 177) == (545, 177)  # 1024x768 in focus mode (F9)
    assert share_height(637, 147, 152, 177) == (485, 152)  # 1280x800: the graph keeps its room
    assert share_height(917, 147, 152) == (765, 152)  # nothing ample asked: as before

"""The window as a projector shows it: at 1024x768, 1280x800 and 1920x1080 every step of every
notes preset keeps the formula panel whole and the graph's labels large enough to read.

Label sizes are measured, not asked of the code under test: the value font's em size in scene
units (its point size at the viewport's dots per inch) times the view's magnification is the
height its letters have on screen. The long walks over themes and scales are marked slow.

The presets in focus at one size share one focused window, as a class opens one after another
(each case opens its own preset); a test that restyles or edits the window makes its own.
"""

from dataclasses import replace

import pytest
from PySide6.QtCore import QLineF, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from room import shared, shown_window

from simulator.presets import bundled_names
from ui.main_window import MainWindow
from ui.presentation import SCALES, Presentation
from ui.theme import THEMES

NOTES = [name for name in bundled_names() if name.startswith("notes-")]
SIZES = ((1024, 768), (1280, 800), (1920, 1080))
FOCUS_FLOOR, SIDE_FLOOR = 18.0, 12.0  # value labels, pixels on screen, at 1024x768 and up


def open_window(qtbot, size, focus=False) -> MainWindow:
    window = shown_window(size, NOTES[0])
    qtbot.addWidget(window)  # closed after the test
    if focus:
        window.focus.trigger()
    return window


def focused_window(size) -> MainWindow:
    """The real window at `size`, focused on the graph (its closing is the caller's)."""
    window = shown_window(size, NOTES[0])
    window.focus.trigger()
    return window


in_focus = shared(focused_window)  # one focused window of each size, shared by the focus cases


def settle(qtbot) -> None:
    qtbot.wait(1)  # the room is shared out once the event loop has laid the window out


def label_px(window) -> float:
    """The value labels' type on screen: em size in scene units times the magnification."""
    view = window.graph
    em = view.scene().style.font().pointSizeF() * view.viewport().logicalDpiY() / 72
    return em * view.transform().m22()


def formula_problems(window) -> list:
    """Whatever of the formula panel does not show whole: a line past its edges, or the
    panel itself past the window's bottom."""
    panel, problems = window.formula, []
    document = panel.document
    room = panel.contentsRect().adjusted(
        panel.margin(), panel.margin(), -panel.margin(), -panel.margin()
    )
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        bottom = layout.blockBoundingRect(block).bottom()
        if bottom > room.height() + 0.5:
            problems.append(f"'{block.text()[:30]}' ends at {bottom:.0f} of {room.height()}")
        block = block.next()
    if document.idealWidth() > room.width() + 0.5:
        problems.append(f"a line {document.idealWidth():.0f} wide in {room.width()}")
    bottom = panel.mapTo(window, QPoint(0, panel.height())).y()
    if bottom > window.height():
        problems.append(f"the panel ends at {bottom}, below the window ({window.height()})")
    return problems


def label_collisions(scene) -> list:
    """Every edge pill on show that covers another pill, a neuron, a card with values, a tag
    or a crossing of two weight edges, measured from the items as they are drawn."""
    layout = scene.layout
    edges = [edge for layer in layout.weights for edge in layer]
    pills = {edge.keys[0]: edge.label_rect() for edge in edges if edge.label_visible}
    nodes = [*(node for row in layout.neurons for node in row), layout.loss]
    taken = {f"{node.title}'s circle": node.occupied()[0] for node in nodes}
    taken |= {
        f"{node.title}'s card": node.occupied()[1]
        for node in nodes
        if any(text is not None for text in node.texts.values())
    }
    tags = [*(bias for bias, _ in layout.biases), *layout.targets]
    taken |= {f"tag {tag.keys[0]}": tag.frame_rect().translated(tag.pos()) for tag in tags}
    problems = []
    for key, pill in pills.items():
        others = {f"pill {other}": rect for other, rect in pills.items() if other > key}
        for name, rect in (taken | others).items():
            if pill.intersects(rect):
                problems.append(f"{key}'s pill covers {name}")
    for index, edge in enumerate(edges):
        for other in edges[index + 1 :]:
            kind, point = edge.line.intersects(other.line)
            if kind != QLineF.IntersectionType.BoundedIntersection:
                continue
            covering = [key for key, pill in pills.items() if pill.contains(point)]
            problems += [f"{key}'s pill covers a crossing" for key in covering]
    return problems


def check_every_step(qtbot, window, preset, floor) -> None:
    """Open `preset` and press → through its iteration, checking the formula, the labels'
    size and that no pill covers what else the graph shows."""
    window.controller.open_preset(preset)
    settle(qtbot)
    trace = window.controller.cursor.trace
    for step in trace.steps:
        qtbot.keyClick(window, Qt.Key.Key_Right)
        where = f"{preset} {window.size().toTuple()} step {step.index} ({step.key})"
        assert formula_problems(window) == [], where
        result = window.formula.text("substituted").replace("−", "-")
        assert result.rstrip().endswith(step.formula().rsplit(" = ", 1)[1]), where
        assert label_px(window) >= floor, f"{where}: labels {label_px(window):.1f} px"
        assert label_collisions(window.scene) == [], where
    visible = window.graph.mapToScene(window.graph.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.sceneRect()), f"{preset}: the net is not all in view"
    hidden = [edge.keys[0] for edges in window.scene.layout.weights for edge in edges]
    assert not [key for key in hidden if window.scene.item_for(key).label_hidden], preset


def focus_cases() -> list:
    """Every notes preset at 1024x768 (the projector, where room is least) and the notes' 2-2-1
    at the larger sizes by default; every preset at every size behind the `slow` marker."""
    cases = []
    for size in SIZES:
        for preset in NOTES:
            marks = [pytest.mark.slow] if size != SIZES[0] and preset != NOTES[0] else []
            name = f"{size[0]}x{size[1]}-{preset}"
            cases.append(pytest.param(size, preset, id=name, marks=marks))
    return cases


@pytest.mark.parametrize("size, preset", focus_cases())
def test_every_notes_step_shows_its_whole_formula_and_large_labels_in_focus(
    qtbot, in_focus, size, preset
):
    window = in_focus(size)  # as a case before left it: check_every_step opens `preset` anew
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.size().toTuple() == size and window.focus.isChecked()
    assert window.presentation == Presentation()  # the light theme at scale 1.0
    check_every_step(qtbot, window, preset, FOCUS_FLOOR)


def test_with_the_side_panels_at_1024x768_labels_stay_readable(qtbot):
    window = open_window(qtbot, SIZES[0])
    for preset in NOTES:
        check_every_step(qtbot, window, preset, SIDE_FLOOR)


def scale_cases() -> list:
    """Every size, theme, scale and panel choice with each notes preset."""
    cases = []
    for size in SIZES:
        for theme in ("light", "dark"):
            for step, scale in ((-2, "0.8"), (0, "1.0"), (len(SCALES) - 3, "2.0")):
                for focus in (True, False):
                    for preset in NOTES:
                        name = f"{size[0]}x{size[1]}-{theme}-{scale}-{focus}-{preset}"
                        cases.append(pytest.param(size, theme, step, focus, preset, id=name))
    return cases


@pytest.mark.slow
@pytest.mark.parametrize("size, theme, step, focus, preset", scale_cases())
def test_every_theme_and_scale_keeps_the_formula_whole(qtbot, size, theme, step, focus, preset):
    window = open_window(qtbot, size, focus)
    window.apply_presentation(Presentation(THEMES[theme], step))
    floor = (FOCUS_FLOOR if focus else SIDE_FLOOR) if step <= 0 else 0.0
    check_every_step(qtbot, window, preset, floor)


def test_the_formula_keeps_its_lines_when_the_window_around_it_grows_at_scale_two(qtbot):
    """At 1024x768 with the side panels, the largest type grows the status bar after the
    room was shared: the formula panel, squeezed by it, asks for its lines' height again
    (the chain rule at dL/dW was cut by 8 px)."""
    window = open_window(qtbot, SIZES[0])
    window.apply_presentation(Presentation(THEMES["light"], len(SCALES) - 3))
    window.controller.open_preset(NOTES[0])
    settle(qtbot)
    for _ in window.controller.cursor.trace.steps:
        qtbot.keyClick(window, Qt.Key.Key_Right)
        assert formula_problems(window) == [], window.controller.cursor.current.key


def test_adams_update_wraps_between_terms_and_shows_its_result(qtbot):
    window = open_window(qtbot, SIZES[0])
    settings = window.controller.settings
    window.controller.change_settings(replace(settings, optimizer="adam"))
    window.controller.finish()
    settle(qtbot)
    assert formula_problems(window) == []
    step = window.controller.cursor.current
    shown = window.formula.text("substituted").replace("−", "-").rstrip()  # the box's padding
    assert shown.endswith(step.formula().rsplit(" = ", 1)[1])
    assert window.formula.factor >= 0.75  # shrunk at most to its floor, then given room


def test_the_step_counter_is_never_cut(qtbot):
    window = open_window(qtbot, SIZES[0])
    for step in range(len(SCALES) - 3 + 1):
        window.apply_presentation(Presentation(THEMES["light"], step))
        window.controller.go_to(len(window.controller.cursor.trace))
        settle(qtbot)
        caption = window.phase_strip.caption
        bold = QFont(caption.font())
        bold.setBold(True)  # the first line's type, the wider
        metrics = QFontMetricsF(bold)
        assert max(metrics.horizontalAdvance(line) for line in caption.lines) <= caption.width()
        assert caption.mapTo(window, QPoint(caption.width(), 0)).x() <= window.width()

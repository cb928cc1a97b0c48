"""The layout search's shortcuts change nothing it chooses: plain-float crossings and unions are
Qt's to the bit, a trial judged against a floor tells what its full plan tells, the chosen
layouts are those the search chose before its shortcuts, and it places far fewer pills."""

import random

import pytest
from PySide6.QtCore import QLineF, QRectF, QSizeF
from PySide6.QtGui import QFontInfo, QFontMetricsF
from test_graph import NOTES_LABELS, NOTES_PARAMETERS

from ui.graph import label_spots, network_plan
from ui.graph.graph_style import GraphStyle
from ui.graph.label_spots import crossing, united
from ui.graph.layout_choices import CHOICES
from ui.graph.network_scene import NetworkScene
from ui.graph.plans import Form, Spread


def parameters(sizes: tuple) -> dict:
    """Small distinct weights and equal biases for a net of `sizes`."""
    weights = {
        f"W[{layer},{j},{i}]": 0.1 * (i - j)
        for layer in range(1, len(sizes))
        for j in range(1, sizes[layer] + 1)
        for i in range(1, sizes[layer - 1] + 1)
    }
    biases = {
        f"b[{layer},{j}]": 0.1 for layer in range(1, len(sizes)) for j in range(1, sizes[layer] + 1)
    }
    return weights | biases


NETS = {  # sizes -> (parameters, inputs, targets, labels)
    (2, 2, 1): (NOTES_PARAMETERS, [0.5, 0.8], [1.0], NOTES_LABELS),
    (3, 2, 1): (parameters((3, 2, 1)), [0.5, 0.8, 0.1], [1.0], {}),
    (2, 4, 3): (parameters((2, 4, 3)), [0.5, 0.8], [1.0, 0.0, 0.0], {}),
}
# (sizes, view) -> (card, fan, lettering, gaps, pitch, gap between bands, score) as the search
# chose them before it judged trials against its floor (recorded from that search)
CHOSEN = {
    ((2, 2, 1), (758, 435)): (
        ("grid", 1.0, 1.1, {1: 1.484375, 2: 1.0302734375}, 1.2421875, 1.0),
        11.461361558478833,
    ),
    ((2, 2, 1), (1014, 481)): (
        ("stack", 1.0, 1.0, {1: 1.4874267578125, 2: 1.708984375}, 1.0, 1.0),
        15.28881827411108,
    ),
    ((2, 2, 1), (734, 317)): (
        ("stack", 1.0, 1.0, {1: 1.620361328125, 2: 1.708984375}, 1.0, 1.0),
        10.744194943098208,
    ),
    ((3, 2, 1), (758, 435)): (
        ("grid", 1.0, 1.1, {1: 1.396484375, 2: 1.0247802734375}, 1.0, 1.0),
        11.742825754870662,
    ),
    ((3, 2, 1), (1014, 481)): (
        ("grid", 1.0, 1.1, {1: 1.533203125, 2: 1.533203125}, 1.0, 1.0),
        13.659020546390474,
    ),
    ((3, 2, 1), (734, 317)): (
        ("grid", 1.0, 1.1, {1: 1.7578125, 2: 1.7578125}, 1.0, 1.0),
        9.02502428910302,
    ),
    ((2, 4, 3), (758, 435)): (
        ("stack", 1.0, 1.45, {1: 1.0, 2: 1.50390625}, 1.251953125, 1.0),
        6.874702900802672,
    ),
    ((2, 4, 3), (1014, 481)): (
        ("stack", 1.0, 1.6, {1: 1.0, 2: 2.0294189453125}, 1.0, 1.0),
        9.16594439673847,
    ),
    ((2, 4, 3), (734, 317)): (
        ("grid", 1.0, 1.45, {1: 1.552734375, 2: 1.5181884765625}, 1.552734375, 1.0),
        6.241714899098102,
    ),
}
# the labels' font the layouts and counts were recorded with: its family, and the width of a
# weight's row in it (another font lays the graph out otherwise, with the old search as well)
RECORDED_FONT = ("DejaVu Sans", 86.046875)
# (sizes, view) -> pills the search tried to place (free_spot) before its shortcuts
PILLS_TRIED = {((2, 2, 1), (1014, 481)): 1399, ((3, 2, 1), (1014, 481)): 3316}


def skip_unless_recorded_font() -> None:
    font = GraphStyle().font()
    family, width = QFontInfo(font).family(), QFontMetricsF(font).horizontalAdvance("w = -0.1234")
    if (family, width) != RECORDED_FONT:
        pytest.skip(f"recorded with {RECORDED_FONT[0]}; the labels here are set in {family}")


def built(sizes: tuple) -> NetworkScene:
    scene = NetworkScene()
    scene.build(list(sizes), *NETS[sizes])
    return scene


def segments(rng: random.Random, count: int) -> list:
    """Random segments, and the awkward ones: parallel, collinear, sharing an end, a point."""
    awkward = [
        ((0.0, 0.0, 10.0, 10.0), (0.0, 10.0, 10.0, 0.0)),
        ((0.0, 0.0, 10.0, 0.0), (0.0, 5.0, 10.0, 5.0)),
        ((0.0, 0.0, 10.0, 0.0), (5.0, 0.0, 15.0, 0.0)),
        ((0.0, 0.0, 10.0, 10.0), (10.0, 10.0, 20.0, 0.0)),
        ((0.0, 0.0, 10.0, 10.0), (5.0, 5.0, 5.0, 5.0)),
        ((0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 0.0, 10.0)),
        ((1e-300, 0.0, 1e300, 1e300), (0.0, 1e300, 1e300, 0.0)),
    ]
    grid = [float(v) for v in range(-3, 4)]
    coarse = [
        (tuple(rng.choice(grid) for _ in range(4)), tuple(rng.choice(grid) for _ in range(4)))
        for _ in range(count)
    ]
    fine = [
        (
            tuple(rng.uniform(-500, 500) for _ in range(4)),
            tuple(rng.uniform(-500, 500) for _ in range(4)),
        )
        for _ in range(count)
    ]
    return awkward + coarse + fine


def test_crossings_are_qlinef_intersections_to_the_bit():
    bounded = 0
    for line, other in segments(random.Random(5), 3000):
        kind, point = QLineF(*line).intersects(QLineF(*other))
        expected = None
        if kind == QLineF.IntersectionType.BoundedIntersection:
            expected, bounded = (point.x(), point.y()), bounded + 1
        assert crossing(line, other) == expected, (line, other)
    assert bounded > 100  # many do cross


def test_unions_are_qrectf_unions_to_the_bit():
    rng = random.Random(7)
    for _ in range(500):
        rects = [
            (rng.uniform(-300, 300), rng.uniform(-300, 300), *rng.choice(sides(rng)))
            for _ in range(rng.randrange(1, 8))
        ]
        qt, ours = QRectF(), None
        for rect in rects:
            qt = qt.united(QRectF(*rect))
            ours = united(ours, *rect)
        if ours is None:  # only null rectangles: Qt keeps its null one
            assert qt.isNull()
        else:
            assert ours == qt.getRect(), rects


def sides(rng: random.Random) -> list:
    """Widths and heights to unite: plain, thin (one side zero) and null (both zero)."""
    return [(rng.uniform(0, 200), rng.uniform(0, 200)), (0.0, 30.0), (40.0, 0.0), (0.0, 0.0)]


@pytest.mark.parametrize("form", [Form("stack"), Form("grid")])
def test_a_judged_trial_tells_what_its_full_plan_tells(qtbot, form):
    """judged gives the full plan where it places every pill with labels larger than the
    floor, and says whether they are larger, whichever the floor; with what it skips."""
    scene = built((2, 4, 3))
    style = scene.style.with_changes(card=form.card, lettering=1.0)
    scene._restyle(style)
    layout, view = scene.layout, QSizeF(758, 462)
    measured = layout.measured(form, style)
    outcomes = set()
    for k in range(33):
        t = 1.0 + k / 16
        for gaps, pitch in (({1: 1.0, 2: t}, 1.0), ({1: t, 2: t}, t), ({1: 1.0, 2: 1.0}, t)):
            spread = Spread(gaps, pitch)
            full = layout.plan(form, style, measured, spread, view)
            for floor in (0.0, full.score * 0.9, full.score, full.score * 1.1, 1e9):
                found, above = layout.judged(form, style, measured, spread, view, floor)
                assert above == (full.score > floor), (spread, floor)
                if full.hidden or not above:
                    assert found is None, (spread, floor)
                else:
                    assert (found.positions, found.spots, found.score, found.rect) == (
                        full.positions,
                        full.spots,
                        full.score,
                        full.rect,
                    ), (spread, floor)
                outcomes.add((bool(full.hidden), above))
    assert outcomes == {(True, True), (True, False), (False, True), (False, False)}


@pytest.mark.parametrize("case", CHOSEN, ids=str)
def test_the_search_chooses_the_layout_it_chose_before_its_shortcuts(qtbot, case):
    skip_unless_recorded_font()
    sizes, view = case
    scene = built(sizes)
    CHOICES.clear()
    scene.set_view_size(QSizeF(*view))
    plan = scene.layout._shown[2]
    chosen = (plan.form.card, plan.form.fan, plan.style.lettering, plan.spread.gaps)
    assert (*chosen, plan.spread.pitch, plan.spread.bands) == CHOSEN[case][0]
    assert plan.score == CHOSEN[case][1] and not plan.hidden
    CHOICES.clear()


@pytest.mark.parametrize("case", PILLS_TRIED, ids=str)
def test_a_search_tries_to_place_far_fewer_pills(qtbot, monkeypatch, case):
    """Each pill tried costs a walk along its edge: the search tries at most two thirds of
    the pills it tried before (and every trial still counts the same, test above)."""
    skip_unless_recorded_font()
    sizes, view = case
    scene = built(sizes)
    tried, free_spot = [], label_spots.free_spot

    def counted(*args):
        tried.append(1)
        return free_spot(*args)

    monkeypatch.setattr(label_spots, "free_spot", counted)
    monkeypatch.setattr(network_plan, "free_spot", counted)
    CHOICES.clear()
    scene.set_view_size(QSizeF(*view))
    CHOICES.clear()
    assert 0 < len(tried) <= PILLS_TRIED[case] * 2 / 3

"""Plans on paper: a plan asked only to place every pill (`whole`) is the full plan, or None
exactly where the full plan leaves a pill without a spot."""

import pytest
from PySide6.QtCore import QSizeF

from ui.graph.network_scene import NetworkScene
from ui.graph.plans import Form, Spread

SIZES = (2, 4, 3)  # wide enough that some pills find spots only when the steepest go first
PARAMETERS = {
    f"W[{layer},{j},{i}]": 0.1 * (i - j)
    for layer in (1, 2)
    for j in range(1, SIZES[layer] + 1)
    for i in range(1, SIZES[layer - 1] + 1)
} | {f"b[{layer},{j}]": 0.1 for layer in (1, 2) for j in range(1, SIZES[layer] + 1)}
GROWTHS = [1.0 + k / 32 for k in range(65)]  # the crowded gaps' growth, as a search tries them


@pytest.mark.parametrize("form", [Form("stack"), Form("grid")])
def test_a_whole_plan_is_the_full_plan_or_none_where_a_pill_finds_no_spot(qtbot, form):
    scene = NetworkScene()
    scene.build(SIZES, PARAMETERS, [0.5, 0.8], [1.0, 0.0, 0.0])
    style = scene.style.with_changes(card=form.card, lettering=1.0)
    scene._restyle(style)
    layout, view = scene.layout, QSizeF(758, 462)
    measured = layout.measured(form, style)
    hidden = set()
    for t in GROWTHS:
        for gaps, pitch in (({1: 1.0, 2: t}, 1.0), ({1: 1.0, 2: t}, t), ({1: t, 2: t}, 1.0)):
            spread = Spread(gaps, pitch)
            full = layout.plan(form, style, measured, spread, view)
            whole = layout.plan(form, style, measured, spread, view, whole=True)
            hidden.add(bool(full.hidden))
            if full.hidden:
                assert whole is None, spread
            else:
                assert whole is not None, spread
                assert (whole.positions, whole.spots, whole.score, whole.rect) == (
                    full.positions,
                    full.spots,
                    full.score,
                    full.rect,
                ), spread
    assert hidden == {True, False}  # both kinds of plan were tried

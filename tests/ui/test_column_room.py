"""A band's room between neighbouring columns: the widest-first pairs give what testing every
rectangle of one column against every rectangle of the other gives, at any pitch factor."""

import pytest
from test_graph import NOTES_LABELS, NOTES_PARAMETERS

from ui.graph.column_room import BandRoom, column_boxes
from ui.graph.network_scene import NetworkScene
from ui.graph.placement import MARGIN  # in scene units at scale 1.0
from ui.graph.plans import Form


def every_pair_room(before: list, after: list, sy: float) -> float:
    """The oracle: every rectangle of `before` against every one of `after`, placed at pitch
    factor `sy`; the widest room of those within the margin of each other at the same height."""
    room = 0.0
    for _, right, y, at_y, offset, height in before:
        top = y + (at_y + offset * sy)
        for other_left, _, other_y, other_at_y, other_offset, other_height in after:
            other_top = other_y + (other_at_y + other_offset * sy)
            if top < other_top + other_height + MARGIN and other_top < top + height + MARGIN:
                room = max(room, right - other_left + MARGIN)
    return room


def test_touching_rectangles_need_no_room_and_overlapping_ones_do():
    """Rectangles one margin apart at pitch factor 1.0 just touch: no room; any closer, the
    room keeps them apart (and of two pairs that meet, the wider one counts)."""
    card = (-30.0, 30.0, -10.0, 0.0, 0.0, 20.0)  # left, right, y, at_y, offset, height
    low = (-20.0, 20.0, -10.0, 0.0, 30.0, 20.0)  # 30 below the axis per pitch factor
    tag = (-50.0, 50.0, -10.0, -80.0, 0.0, 20.0)  # far above: never meets the card
    for before, after, room in (([card], [low, tag], 30 + 20), ([low, tag], [card], 20 + 30)):
        band = BandRoom([before, after], [0.0], [None], MARGIN)
        assert band.rooms(1.0) == [0.0]  # card's bottom 10 + margin 10 = low's top 20
        assert band.rooms(0.999) == [room + MARGIN]
        assert every_pair_room(before, after, 1.0) == 0.0


@pytest.mark.parametrize("form", [Form("stack"), Form("grid"), Form("stack", fan=1.3)])
def test_the_notes_columns_need_the_room_every_pair_asks_for(qtbot, form):
    scene = NetworkScene()
    scene.build([2, 2, 1], NOTES_PARAMETERS, [0.5, 0.8], [1.0], NOTES_LABELS)
    layout = scene.layout
    style = scene.style.with_changes(card=form.card)
    scene._restyle(style)
    measured = layout.measured(form, style)
    boxes = [column_boxes(column, measured.shapes) for column in measured.bands[0]]
    room = BandRoom(boxes, [0.0] * (len(boxes) - 1), [None] * (len(boxes) - 1), MARGIN)
    rooms = {sy: room.rooms(sy) for sy in [0.5 + k / 64 for k in range(160)]}
    assert len({tuple(r) for r in rooms.values()}) > 1  # columns meet, then draw apart
    for sy, found in rooms.items():
        assert found == [every_pair_room(*pair, sy) for pair in zip(boxes, boxes[1:])], sy

"""How far apart a band's neighbouring columns stand when the pitch grows by a factor: room for
what stands at the same height in both, and for pills where their edges are labelled.

What the columns hold is measured once per form and style (NetworkPlanner.measured); a layout
search then asks at thousands of pitch factors (placement.fill bisects the pitch of every plan
it tries), so each answer is a few comparisons of plain numbers, worked out as a QRectF
translated to where its item stands would be (a boundary can be exact: at pitch factor 1.0
neighbouring columns' rectangles may just touch).
"""

from ui.graph.placement import Column


class BandRoom:
    """The distances between one band's neighbouring columns' centres at a pitch factor: the
    least room clear of each other (`clearance`, or the widest of each in a compact net), at
    least `floors` (room for a pill), grown by the spread of the layer in `layers` (None: an
    unlabelled gap, never grown)."""

    def __init__(self, boxes, floors: list, layers: list, margin: float, fixed=None, ends=(0, 0)):
        self.floors, self.layers, self.margin = floors, layers, margin
        self.ends = ends  # the reach of the band's first column left and its last one right
        self.pairs = [_widest_first(*pair, margin) for pair in zip(boxes, boxes[1:])]
        self.known = {} if fixed is None else None  # pitch factor -> rooms, once asked
        self.fixed = fixed

    def __repr__(self) -> str:
        return f"BandRoom({len(self.floors) + 1} columns, {len(self.known or ())} pitches known)"

    def gaps(self, spread: dict, sy: float) -> list:
        """The gaps at pitch factor `sy`, grown by `spread` (layer -> growth)."""
        rooms = self.rooms(sy)
        return [
            max(room, floor) * (1.0 if layer is None else spread[layer])
            for room, floor, layer in zip(rooms, self.floors, self.layers)
        ]

    def width(self, spread: dict, sy: float) -> float:
        """The band's width from end to end with `gaps(spread, sy)`, added in placement's
        order (as placement's _widths adds them)."""
        return sum(self.gaps(spread, sy)) + self.ends[0] + self.ends[1]

    def rooms(self, sy: float) -> list:
        """Each neighbouring pair's least distance clear of each other at pitch factor `sy`."""
        if self.fixed is not None:
            return self.fixed
        rooms = self.known.get(sy)
        if rooms is None:
            rooms = self.known[sy] = [clearance(pairs, sy, self.margin) for pairs in self.pairs]
        return rooms


def clearance(pairs: list, sy: float, margin: float) -> float:
    """The least distance between two columns' centres at which no rectangle of the second
    comes within `margin` of one of the first at the same height, at pitch factor `sy`: the
    widest of `pairs` whose rectangles meet there (placed as QRectF.translated would)."""
    for room, y, at_y, offset, height, other_y, other_at_y, other_offset, other_height in pairs:
        top = y + (at_y + offset * sy)
        other_top = other_y + (other_at_y + other_offset * sy)
        if top < other_top + other_height + margin and other_top < top + height + margin:
            return room
    return 0.0


def _widest_first(before: list, after: list, margin: float) -> list:
    """(room, then y, at_y, offset, height of a rectangle of `before` and of one of `after`)
    for every pair of rectangles that needs room between the columns' centres, the widest
    first: the first that meets is the clearance."""
    # a room as `right - left + margin` of the rectangles' (left, right, ...)
    pairs = [
        (box[1] - other[0] + margin, *box[2:], *other[2:]) for box in before for other in after
    ]
    return sorted((pair for pair in pairs if pair[0] > 0), key=lambda pair: -pair[0])


def column_boxes(column: Column, shapes) -> list:
    """(left, right, y, at_y, offset, height) of each rectangle a column's nodes and their tags
    take: its left and right from the column's centre, its top from the band's axis being
    y + (at_y + offset * pitch factor) (item coordinates, where its item stands from its node,
    and the node's height from the axis at pitch factor 1)."""
    middle, boxes = (len(column.nodes) - 1) / 2, []
    for j, node in enumerate(column.nodes):
        offset = (j - middle) * column.pitch
        for item, at in [(node, (0.0, 0.0)), *shapes.attached.get(node, ())]:
            for x, y, width, height in shapes.occupied.get(item) or [shapes.outline[item]]:
                left = x + at[0]
                boxes.append((left, left + width, y, at[1], offset, height))
    return boxes

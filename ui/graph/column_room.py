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

    def __init__(self, boxes: list, floors: list, layers: list, margin: float, fixed=None):
        self.boxes = boxes  # per column: (left, right, y, at_y, offset, height) of each rect
        self.floors, self.layers, self.margin = floors, layers, margin
        self.pairs = [_widest_first(*pair, margin) for pair in zip(boxes, boxes[1:])]
        self.known = {} if fixed is None else None  # pitch factor -> rooms, once asked
        self.fixed = fixed

    def __repr__(self) -> str:
        return f"BandRoom({len(self.boxes)} columns, {len(self.known or ())} pitches known)"

    def gaps(self, spread: dict, sy: float) -> list:
        """The gaps at pitch factor `sy`, grown by `spread` (layer -> growth)."""
        rooms = self.rooms(sy)
        return [
            max(room, floor) * (1.0 if layer is None else spread[layer])
            for room, floor, layer in zip(rooms, self.floors, self.layers)
        ]

    def rooms(self, sy: float) -> list:
        """Each neighbouring pair's least distance clear of each other at pitch factor `sy`."""
        if self.fixed is not None:
            return self.fixed
        rooms = self.known.get(sy)
        if rooms is None:
            margin = self.margin
            spans = []
            for boxes in self.boxes:  # as _column_sides placed them: the arithmetic kept
                tops = [y + (at_y + offset * sy) for _, _, y, at_y, offset, _ in boxes]
                reach = [top + box[5] + margin for top, box in zip(tops, boxes)]
                spans.append((tops, reach))
            rooms = self.known[sy] = [
                clearance(pairs, *spans[index], *spans[index + 1])
                for index, pairs in enumerate(self.pairs)
            ]
        return rooms


def clearance(pairs: list, tops: list, reach: list, other_tops: list, other_reach: list):
    """The least distance between two columns' centres at which no rectangle of the second
    comes within the margin of one of the first at the same height: the widest of `pairs`
    that meet (their rectangles' tops, and bottoms plus the margin, at this pitch)."""
    for room, index, other in pairs:
        if tops[index] < other_reach[other] and other_tops[other] < reach[index]:
            return room
    return 0.0


def _widest_first(before: list, after: list, margin: float) -> list:
    """(room, rectangle of `before`, rectangle of `after`) for every pair that needs room
    between the columns' centres, the widest first: the first that meets is the clearance."""
    pairs = [
        (right - other_left + margin, index, other)
        for index, (_, right, *_) in enumerate(before)
        for other, (other_left, *_) in enumerate(after)
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

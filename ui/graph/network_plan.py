"""One placement of the graph's items, worked out on paper: no item moves.

NetworkPlanner holds the scene's items by role and places them for one form (card, bands,
fan) at one spread (how much room the crowded gaps get): layers run left to right, neurons
evenly spaced and centred on one axis, every distance taken from what the items hold
(ui/graph/placement.py). Neighbouring columns come as close as their items allow where they
stand: a hidden neuron's card may pass over the output's bias tag when the two are at
different heights. NetworkLayout (network_layout.py) searches over these plans.
"""

from PySide6.QtCore import QRectF, QSizeF

from ui.graph.column_room import BandRoom, column_boxes
from ui.graph.graph_style import GraphStyle
from ui.graph.label_spots import (
    corners,
    edge_line,
    free_spot,
    pill_spots,
    reach,
    united,
)
from ui.graph.placement import (
    BIAS_LINK,
    MARGIN,
    TARGET_GAP,
    Column,
    fill,
    measure,
    pill_gap,
    pill_size,
)
from ui.graph.plans import Form, Measured, Plan, Shapes, Spread

MAX_FILL = 2.5  # a labelled net's gaps grow at most this much to fill the view's proportions
MAX_COMPACT_FILL = 8.0  # a compact net's (its edges are a mesh: long ones look fine)
MAX_LABELLED = 36  # a layer pair with more weights than this never shows edge labels
MAX_FIT_ZOOM = 2.5  # a fitted view never magnifies more than this (network_view.py)
SURE = 1 + 1e-9  # a bound on a score decides only this far from the floor: Qt's rounding


class NetworkPlanner:
    """The scene's items by role, and `plan`, which places them on paper.

    neurons[l][j-1] are NeuronItems (layer 0 = inputs); weights[l-1] the EdgeItems into layer
    l; biases (TagItem, NeuronItem) pairs; targets the y TagItems; loss the L node; links the
    keyless EdgeItems.
    """

    def __init__(self, sizes: tuple = ()):
        self.sizes = sizes
        self.neurons, self.weights, self.biases = [], [], []
        self.targets, self.links, self.loss = [], [], None
        self._tight = None  # the edge whose pill lately found no spot even alone (_lone_miss)

    def measured(self, form: Form, style: GraphStyle) -> Measured:
        """The form's bands of measured columns, every item's shapes and the room between
        neighbouring columns, for `style`."""
        bands, shapes = self._bands(form, style), self._shapes(style)
        return Measured(bands, shapes, [self._room(band, shapes, style) for band in bands])

    def _shapes(self, style: GraphStyle) -> Shapes:
        nodes = [*(item for row in self.neurons for item in row), self.loss]
        tags = [*(bias for bias, _ in self.biases), *self.targets]
        edges = [edge for edges in self.weights for edge in edges]
        occupied = {node: [rect.getRect() for rect in node.local_occupied()] for node in nodes}
        outline = {node: node.boundingRect().getRect() for node in nodes}
        outline |= {tag: tag.reserved_local().getRect() for tag in tags}
        pills = {} if style.compact else {edge: pill_size(edge, style) for edge in edges}
        pills = {edge: (size.width(), size.height()) for edge, size in pills.items()}
        radius = {node: node.radius for node in nodes}
        return Shapes(occupied, outline, pills, self._attached(outline, style), radius)

    def plan(
        self, form: Form, style: GraphStyle, measured: Measured, spread: Spread, view, whole=False
    ) -> Plan | None:
        """Place `form` at `spread` (on paper) and score it. With `whole`, None as soon as a
        pill finds no spot: a search that keeps only plans placing every pill is told so with
        less work."""
        positions = self._positions(measured, style, spread, view)
        return self._finished(form, style, spread, positions, measured.shapes, view, whole)

    def judged(
        self, form: Form, style: GraphStyle, measured: Measured, spread: Spread, view, floor
    ) -> tuple:
        """(the plan at `spread` if every pill finds a spot, else None; whether its labels are
        larger than `floor`), as `plan` would tell, with less work: where the nodes alone leave
        labels no larger, no pill is placed, and a plan hiding a pill is placed in full only if
        the spots its pills may take leave the answer open (a search's growing trials)."""
        shapes = measured.shapes
        positions = self._positions(measured, style, spread, view)
        nodes = _outlines(positions, shapes)
        if _score(style, nodes, view) * SURE <= floor:  # pills only widen the rectangle
            return None, False
        found = self._finished(form, style, spread, positions, shapes, view, True, nodes)
        if found is not None:
            return (found, True) if found.score > floor else (None, False)
        pills = reach(self._pill_lines(positions, shapes, style))
        widest = nodes if pills is None else united(nodes, *pills)
        if _score(style, widest, view) > floor * SURE:  # the spots pills may take leave it larger
            return None, True
        full = self._finished(form, style, spread, positions, shapes, view, False, nodes)
        return None, full.score > floor

    def _finished(self, form, style, spread, positions, shapes, view, whole, nodes=None):
        """The plan of nodes at `positions`: its pills' spots, rectangle and score (None with
        `whole` as soon as a pill finds no spot); `nodes` is their _outlines if known."""
        spots = self._spots(positions, shapes, style, whole)
        if spots is None:
            return None
        rect = _outlines(positions, shapes) if nodes is None else nodes
        for spot in spots.values():
            if spot is not None:
                rect = united(rect, *spot[1])
        hidden = {
            layer
            for layer, edges in enumerate(self.weights, 1)
            if any(spots[edge] is None for edge in edges)
        }
        score = _score(style, rect, view)
        return Plan(
            form, style, spread, positions, spots, QRectF(*_margined(rect, style)), score, hidden
        )

    def _pill_lines(self, positions: dict, shapes: Shapes, style: GraphStyle) -> list:
        """(line, pill size) of every weight edge whose pill may find a spot."""
        return [
            (edge_line(edge, positions, shapes.radius), shapes.pills[edge])
            for edges in self.weights
            if not style.compact and len(edges) <= MAX_LABELLED
            for edge in edges
        ]

    def _bands(self, form: Form, style: GraphStyle) -> list[list[Column]]:
        """The columns, measured, cut into the form's bands; the loss joins the last band."""
        biases = {neuron: bias for bias, neuron in self.biases}
        columns = [
            measure(Column(list(row), layer), biases, style)
            for layer, row in enumerate(self.neurons)
        ]
        per_band = -(-len(columns) // form.bands)
        bands = [columns[start : start + per_band] for start in range(0, len(columns), per_band)]
        bands[-1].append(measure(Column([self.loss]), {}, style, self.targets))
        for band in bands:  # layers share one height, as the notes draw them
            span = max(column.pitch * (len(column.nodes) - 1) for column in band)
            for column in band:
                if len(column.nodes) > 1:
                    column.pitch = max(column.pitch, span / (len(column.nodes) - 1))
                if column.layer not in (0, None, len(self.sizes) - 1):
                    column.pitch *= form.fan
        return bands

    def _room(self, band: list, shapes: Shapes, style: GraphStyle) -> BandRoom:
        """The band's gaps at any pitch: room for what stands at the same height in both
        neighbouring columns, and for pills where labelled (grown by the spread there)."""
        margin, pairs = style.px(MARGIN), list(zip(band, band[1:]))
        ends = (band[0].left, band[-1].right)
        layers = [after.layer if self._labelled(after.layer, style) else None for _, after in pairs]
        floors = [
            0.0 if layer is None else pill_gap(*pair, style) for pair, layer in zip(pairs, layers)
        ]
        if style.compact:  # thousands of neurons: room for each column's widest, not measured
            widest = [before.right + after.left + margin for before, after in pairs]
            return BandRoom([], floors, layers, margin, fixed=widest, ends=ends)
        boxes = [column_boxes(column, shapes) for column in band]
        return BandRoom(boxes, floors, layers, margin, ends=ends)

    @staticmethod
    def _offsets(column: Column, sy: float) -> dict:
        """node -> its height from the band's axis when the pitch grows by `sy`."""
        middle = (len(column.nodes) - 1) / 2
        return {node: (j - middle) * column.pitch * sy for j, node in enumerate(column.nodes)}

    def _attached(self, outline: dict, style: GraphStyle) -> dict:
        """node -> [(tag, (x, y) where it stands from the node's centre)]: a neuron's bias tag
        just above it, the targets stacked above the loss (tags grow up from their position)."""
        attached = {
            neuron: [(bias, (0.0, -neuron.radius - style.px(BIAS_LINK)))]
            for bias, neuron in self.biases
        }
        bottom, stacked = -self.loss.radius - style.px(TARGET_GAP), []
        for target in reversed(self.targets):
            stacked.append((target, (0.0, bottom)))
            bottom -= outline[target][3] + style.px(8)
        return attached | {self.loss: stacked}

    def _labelled(self, layer: int | None, style: GraphStyle) -> bool:
        """True when the weights into `layer` show their pills (None: the loss, no weights)."""
        if layer is None or style.compact:
            return False
        return len(self.weights[layer - 1]) <= MAX_LABELLED

    def _positions(self, measured: Measured, style, spread: Spread, view: QSizeF) -> dict:
        """Where every node and tag goes at `spread`, filled to the view's shape."""
        bands, attached = measured.bands, measured.shapes.attached
        band_gap = style.px(3 * MARGIN) * spread.bands
        limit = MAX_COMPACT_FILL if style.compact else MAX_FILL
        gaps_at = lambda sy: [room.gaps(spread.gaps, sy) for room in measured.rooms]  # noqa: E731
        width_at = lambda sy: max([room.width(spread.gaps, sy) for room in measured.rooms])  # noqa: E731
        sx, sy, gaps = fill(bands, gaps_at, width_at, (spread.pitch, band_gap, limit), view)
        positions, top = {}, 0.0
        for band, band_gaps in zip(bands, gaps):
            reach_up = max(c.pitch * sy * (len(c.nodes) - 1) / 2 + c.above for c in band)
            reach_down = max(c.pitch * sy * (len(c.nodes) - 1) / 2 + c.below for c in band)
            axis, x = top + reach_up, 0.0
            for index, column in enumerate(band):
                x += band_gaps[index - 1] * sx if index else 0.0
                for node, offset in self._offsets(column, sy).items():
                    y = axis + offset
                    positions[node] = x, y
                    for tag, at in attached.get(node, ()):
                        positions[tag] = x + at[0], y + at[1]
            top = axis + reach_down + band_gap * sy
        return positions

    @staticmethod
    def _lone_miss(edges, positions: dict, alone: list, shapes: Shapes):
        """The first of `edges` whose pill finds no spot clear of the nodes and tags (`alone`)
        alone, or None. More in its way never frees a spot, so with the crossings and the
        other pills too, in either order, it finds none either: a plan that must place every
        pill is given up before placing any (a search's crowded trials miss the same pill
        again and again: `_tight`)."""
        for edge in edges:
            line = edge_line(edge, positions, shapes.radius)
            if free_spot(line, shapes.pills[edge], alone) is None:
                return edge
        return None

    def _spots(self, positions: dict, shapes: Shapes, style: GraphStyle, whole: bool):
        """Each weight edge's pill spot, clear of nodes, tags, earlier pills and crossings;
        None where there is none (or the layer pair is too crowded to label). With `whole`,
        None as soon as a pill finds no spot."""
        alone = _taken(positions, shapes)
        tight = [self._tight] if self._tight in shapes.pills else []
        if whole and self._lone_miss(tight, positions, alone, shapes):
            return None
        taken, spots = list(alone), {}
        for edges in self.weights:
            if style.compact or len(edges) > MAX_LABELLED:
                if whole:
                    return None
                spots.update(dict.fromkeys(edges, None))
                continue
            found = pill_spots(edges, positions, taken, shapes, style, whole)
            if found is None:
                self._tight = self._lone_miss(edges, positions, alone, shapes) or self._tight
                return None
            spots.update(found)
            taken += [corners(spot[1]) for spot in found.values() if spot is not None]
        return spots


def _outlines(positions: dict, shapes: Shapes) -> tuple | None:
    """(x, y, width, height) of what every node and (open) tag at `positions` needs, united
    in their order as QRectF.united would (edges run between nodes)."""
    rect = None
    for item, (x, y) in positions.items():
        rx, ry, width, height = shapes.outline[item]
        rect = united(rect, rx + x, ry + y, width, height)
    return rect


def _margined(rect: tuple, style: GraphStyle) -> tuple:
    """`rect` with a margin around it, as QRectF.adjusted computes it."""
    margin = style.px(MARGIN / 2)
    x, y, width, height = rect
    return x - margin, y - margin, width + margin + margin, height + margin + margin


def _score(style: GraphStyle, rect: tuple, view: QSizeF) -> float:
    """A value label's size on screen once the view fits `rect` (x, y, width, height: what the
    items need, before its margin)."""
    width, height = _margined(rect, style)[2:]
    zoom = min(view.width() / width, view.height() / height, MAX_FIT_ZOOM)
    return style.value_px() * zoom


def _taken(positions: dict, shapes: Shapes) -> list:
    """(left, top, right, bottom) of every node, card and (open) tag at `positions`."""
    taken = []
    for item, rects in [*shapes.occupied.items(), *_tags(shapes)]:
        x, y = positions[item]
        taken += [corners((rx + x, ry + y, width, height)) for rx, ry, width, height in rects]
    return taken


def _tags(shapes: Shapes) -> list:
    """(tag, [its outline]) for every item with an outline and no body."""
    return [(item, [rect]) for item, rect in shapes.outline.items() if item not in shapes.occupied]

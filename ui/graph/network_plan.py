"""One placement of the graph's items, worked out on paper: no item moves.

NetworkPlanner holds the scene's items by role and places them for one form (card, bands,
fan) at one spread (how much room the crowded gaps get): layers run left to right, neurons
evenly spaced and centred on one axis, every distance taken from what the items hold
(ui/graph/placement.py). Neighbouring columns come as close as their items allow where they
stand: a hidden neuron's card may pass over the output's bias tag when the two are at
different heights. NetworkLayout (network_layout.py) searches over these plans.
"""

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF

from ui.graph.graph_style import GraphStyle
from ui.graph.label_spots import pill_spots
from ui.graph.placement import (
    BIAS_LINK,
    MARGIN,
    TARGET_GAP,
    Column,
    clearance,
    fill,
    gap,
    measure,
    pill_size,
)

MAX_FILL = 2.5  # a labelled net's gaps grow at most this much to fill the view's proportions
MAX_COMPACT_FILL = 8.0  # a compact net's (its edges are a mesh: long ones look fine)
MAX_LABELLED = 36  # a layer pair with more weights than this never shows edge labels
MAX_FIT_ZOOM = 2.5  # a fitted view never magnifies more than this (network_view.py)


@dataclass(frozen=True)
class Form:
    """How the net is drawn: each neuron's card ('stack', 'grid', 'side'), bands of layers, and
    how much further apart than the layer before it a narrower hidden layer spreads its
    neurons (`fan`: their edges then part sooner, leaving room for pills between them)."""

    card: str
    bands: int = 1
    fan: float = 1.0


@dataclass(frozen=True)
class Spread:
    """How much more than the least room each labelled gap (by the layer it leads into) and
    the pitch between neurons get, to make room for edge pills."""

    gaps: dict
    pitch: float = 1.0
    bands: float = 1.0  # the gap between bands, where the edge that wraps a chain runs

    @classmethod
    def grown(cls, layers: int, crowded: set, wraps: set, direction: tuple, t: float):
        """`t` - 1 more room in `direction` (gap, pitch) for the `crowded` layers' pills: their
        gaps, or between bands for a wrap, and the pitch."""
        gap = 1 + (t - 1) * direction[0]
        gaps = {layer: gap if layer in crowded else 1.0 for layer in range(1, layers)}
        return cls(gaps, 1 + (t - 1) * direction[1], gap if crowded & wraps else 1.0)


@dataclass
class Plan:
    """One placement of the items for a view, computed without moving any of them."""

    form: Form
    style: GraphStyle
    spread: Spread
    positions: dict  # item -> QPointF: neurons, the loss, bias tags and targets
    spots: dict  # weight edge -> (fraction along it, its pill's rectangle), or None
    rect: QRectF  # what the items need
    score: float  # a value label's size on screen once the view fits `rect`
    hidden: set  # the layers whose weights have a pill without a spot


@dataclass
class Shapes:
    """Each item's outline for one style, measured once for all the plans of a form."""

    occupied: dict  # node -> its body and card, in item coordinates
    outline: dict  # node or tag -> the area it may need, in item coordinates
    pills: dict  # weight edge -> the size of its full pill
    attached: dict  # node -> [(its bias tag or a target, where that stands from its centre)]
    # a column's nodes -> the rectangles they and their tags take (_column_boxes): a search
    # asks for them at thousands of pitches
    boxes: dict = field(default_factory=dict)


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

    def measured(self, form: Form, style: GraphStyle) -> tuple:
        """(the form's bands of measured columns, every item's shapes) for `style`."""
        return self._bands(form, style), self._shapes(style)

    def _shapes(self, style: GraphStyle) -> Shapes:
        nodes = [*(item for row in self.neurons for item in row), self.loss]
        tags = [*(bias for bias, _ in self.biases), *self.targets]
        edges = [edge for edges in self.weights for edge in edges]
        occupied = {node: node.local_occupied() for node in nodes}
        outline = {node: node.boundingRect() for node in nodes}
        outline |= {tag: tag.reserved_local() for tag in tags}
        pills = {} if style.compact else {edge: pill_size(edge, style) for edge in edges}
        return Shapes(occupied, outline, pills, self._attached(outline, style))

    def plan(self, form, style: GraphStyle, measured, spread: Spread, view: QSizeF) -> Plan:
        """Place `form` at `spread` (on paper) and score it; `measured` is (bands, shapes)."""
        bands, shapes = measured
        positions = self._positions(bands, shapes, style, spread, view)
        spots = self._spots(positions, shapes, style)
        rect = self._rect(positions, spots, shapes, style)
        zoom = min(view.width() / rect.width(), view.height() / rect.height(), MAX_FIT_ZOOM)
        layer_of = {edge: layer for layer, edges in enumerate(self.weights, 1) for edge in edges}
        hidden = {layer_of[edge] for edge, spot in spots.items() if spot is None}
        return Plan(form, style, spread, positions, spots, rect, style.value_px() * zoom, hidden)

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

    def _gaps(self, band, shapes: Shapes, style: GraphStyle, spread: Spread, sy: float) -> list:
        """Distances between the band's neighbouring columns when the pitch grows by `sy`:
        room for what stands at the same height in both, and for pills where labelled,
        grown by the spread there."""
        gaps, margin = [], style.px(MARGIN)
        # a compact net's thousands of neurons: room for each column's widest, not measured
        sides = [None if style.compact else self._column_sides(c, shapes, sy) for c in band]
        for index, (before, after) in enumerate(zip(band, band[1:])):
            labelled = self._labelled(after.layer, style)
            grown = spread.gaps[after.layer] if labelled else 1.0
            room = None if style.compact else clearance(*sides[index : index + 2], margin)
            gaps.append(gap(before, after, labelled, style, room) * grown)
        return gaps

    def _column_sides(self, column: Column, shapes: Shapes, sy: float) -> list:
        """(left, top, right, bottom) of every rectangle a column's nodes and their tags take,
        from its centre on the axis, when the pitch grows by `sy`."""
        middle, pitch, sides = (len(column.nodes) - 1) / 2, column.pitch, []
        for x, y, width, height, at_x, at_y, j in self._column_boxes(column, shapes):
            # as QRectF.translated(at + QPointF(0, offset)) computes them
            left, top = x + at_x, y + (at_y + (j - middle) * pitch * sy)
            sides.append((left, top, left + width, top + height))
        return sides

    @staticmethod
    def _column_boxes(column: Column, shapes: Shapes) -> list:
        """(x, y, width, height) of each rectangle (item coordinates), where its item stands
        from its node's centre (x, y), and the node's number in the column; measured once."""
        key = tuple(map(id, column.nodes))
        if key not in shapes.boxes:
            boxes = shapes.boxes[key] = []
            for j, node in enumerate(column.nodes):
                for item, at in [(node, QPointF()), *shapes.attached.get(node, ())]:
                    for r in shapes.occupied.get(item) or [shapes.outline[item]]:
                        boxes.append((r.x(), r.y(), r.width(), r.height(), at.x(), at.y(), j))
        return shapes.boxes[key]

    @staticmethod
    def _offsets(column: Column, sy: float) -> dict:
        """node -> its height from the band's axis when the pitch grows by `sy`."""
        middle = (len(column.nodes) - 1) / 2
        return {node: (j - middle) * column.pitch * sy for j, node in enumerate(column.nodes)}

    def _attached(self, outline: dict, style: GraphStyle) -> dict:
        """node -> [(tag, where it stands from the node's centre)]: a neuron's bias tag just
        above it, the targets stacked above the loss (tags grow up from their position)."""
        attached = {
            neuron: [(bias, QPointF(0, -neuron.radius - style.px(BIAS_LINK)))]
            for bias, neuron in self.biases
        }
        bottom, stacked = -self.loss.radius - style.px(TARGET_GAP), []
        for target in reversed(self.targets):
            stacked.append((target, QPointF(0, bottom)))
            bottom -= outline[target].height() + style.px(8)
        return attached | {self.loss: stacked}

    def _labelled(self, layer: int | None, style: GraphStyle) -> bool:
        """True when the weights into `layer` show their pills (None: the loss, no weights)."""
        if layer is None or style.compact:
            return False
        return len(self.weights[layer - 1]) <= MAX_LABELLED

    def _positions(self, bands, shapes: Shapes, style, spread: Spread, view: QSizeF) -> dict:
        """Where every node and tag goes at `spread`, filled to the view's shape."""
        band_gap = style.px(3 * MARGIN) * spread.bands
        limit = MAX_COMPACT_FILL if style.compact else MAX_FILL
        gaps_at = lambda sy: [self._gaps(b, shapes, style, spread, sy) for b in bands]  # noqa: E731
        sx, sy, gaps = fill(bands, gaps_at, (spread.pitch, band_gap, limit), view)
        positions, top = {}, 0.0
        for band, band_gaps in zip(bands, gaps):
            reach_up = max(c.pitch * sy * (len(c.nodes) - 1) / 2 + c.above for c in band)
            reach_down = max(c.pitch * sy * (len(c.nodes) - 1) / 2 + c.below for c in band)
            axis, x = top + reach_up, 0.0
            for index, column in enumerate(band):
                x += band_gaps[index - 1] * sx if index else 0.0
                for node, offset in self._offsets(column, sy).items():
                    positions[node] = QPointF(x, axis + offset)
                    for tag, at in shapes.attached.get(node, ()):
                        positions[tag] = positions[node] + at
            top = axis + reach_down + band_gap * sy
        return positions

    @staticmethod
    def _taken(positions: dict, shapes: Shapes) -> list[QRectF]:
        """The rectangles of every node, card and (open) tag at `positions`."""
        taken = [
            rect.translated(positions[node])
            for node, rects in shapes.occupied.items()
            for rect in rects
        ]
        nodes = shapes.occupied.keys()
        tags = [item for item in shapes.outline if item not in nodes]
        return taken + [shapes.outline[tag].translated(positions[tag]) for tag in tags]

    def _spots(self, positions: dict, shapes: Shapes, style: GraphStyle) -> dict:
        """Each weight edge's pill spot, clear of nodes, tags, earlier pills and crossings;
        None where there is none (or the layer pair is too crowded to label)."""
        taken, spots = self._taken(positions, shapes), {}
        for edges in self.weights:
            if style.compact or len(edges) > MAX_LABELLED:
                spots.update(dict.fromkeys(edges, None))
                continue
            found = pill_spots(edges, positions, taken, shapes.pills, style)
            spots.update(found)
            taken += [spot[1] for spot in found.values() if spot is not None]
        return spots

    @staticmethod
    def _rect(positions: dict, spots: dict, shapes: Shapes, style: GraphStyle) -> QRectF:
        """The rectangle every item needs (tags as open as they can be), with a margin: the
        nodes, tags and pills (edges run between nodes)."""
        rect = QRectF()
        for item, position in positions.items():
            rect = rect.united(shapes.outline[item].translated(position))
        for spot in spots.values():
            if spot is not None:
                rect = rect.united(spot[1])
        margin = style.px(MARGIN / 2)
        return rect.adjusted(-margin, -margin, margin, margin)

"""Where each graph item goes: layers left to right, neurons evenly spaced and centred."""

from itertools import combinations

from PySide6.QtCore import QRectF

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import PLACEHOLDER
from ui.graph.tag_item import MARKER

BIAS_LINK = 16.0  # gap between a bias tag and its neuron
MIN_GAP = 300.0  # scene units between layers; not scaled, so presentation mode enlarges text
MIN_PITCH = 240.0  # scene units between neurons of a layer; not scaled either
# (gap, pitch) factors tried in turn until no edge pill overlaps another pill or a node
SPREADS = ((1, 1), (1, 1.25), (1.3, 1), (1.3, 1.25), (1.6, 1.25), (1.6, 1.6), (2, 1.6))
ASPECT = 1.6  # a compact net spreads its layers to about this width : height
MAX_LABELLED = 36  # a layer pair with more weights than this never shows edge labels


class NetworkLayout:
    """The scene's items by role, and `arrange`, which positions them for a style.

    neurons[l][j-1] are NeuronItems (layer 0 = inputs); weights[l-1] the EdgeItems into layer
    l; biases (TagItem, NeuronItem) pairs; targets the y TagItems; loss the L node; links the
    keyless EdgeItems.
    """

    def __init__(self, sizes: tuple = ()):
        self.sizes = sizes
        self.neurons, self.weights, self.biases = [], [], []
        self.targets, self.links, self.loss = [], [], None
        self.label_at = 0.3

    def __repr__(self) -> str:
        return f"NetworkLayout({self.sizes})"

    def arrange(self, style: GraphStyle) -> QRectF:
        """Position every item and return the rectangle they need, with a margin.

        A small net gets the first of SPREADS under which its edge pills overlap nothing;
        failing that, the tightest, with the crowded layer pairs' pills hidden until hovered.
        """
        gap, pitch = self._spacing(style)
        spreads = ((1, 1),) if style.compact else SPREADS
        for gap_factor, pitch_factor in spreads:
            self._place(gap * gap_factor, pitch * pitch_factor, style)
            crowded = self._crowded_pairs(style)
            if not any(crowded):
                break
        else:
            self._place(gap, pitch, style)
            crowded = self._crowded_pairs(style)
        for edges, hidden in zip(self.weights, crowded):
            for edge in edges:
                edge.set_label_hidden(hidden)
        rect = QRectF()
        for item in self.loss.scene().items():
            rect = rect.united(item.sceneBoundingRect())
        for bias, _ in self.biases:  # room for tags that open on hover or highlight
            rect = rect.united(bias.reserved_rect())
        margin = style.px(30)
        return rect.adjusted(-margin, -margin, margin, margin)

    def _place(self, gap: float, pitch: float, style: GraphStyle) -> None:
        for layer, row in enumerate(self.neurons):
            for j, neuron in enumerate(row):
                neuron.setPos(layer * gap, (j - (len(row) - 1) / 2) * pitch)
        for bias, neuron in self.biases:
            bias.setPos(neuron.x(), neuron.y() - neuron.radius - style.px(BIAS_LINK))
        self._place_loss(gap, style)
        self.label_at = min(self._reach(style) / gap, 0.5)
        for edge in (edge for edges in self.weights for edge in edges):
            edge.label_at = self.label_at
            edge.adjust()
        for link in self.links:
            link.adjust()

    def _spacing(self, style: GraphStyle) -> tuple[float, float]:
        """The tightest (gap between layers, pitch between neurons) that fits cards and tags."""
        sample = self.neurons[-1][0]
        radius, card_width = sample.radius, sample.rows_width()
        if style.compact:
            pitch = max(2 * radius + style.px(MARKER + 6), sample.rows_height()) + style.px(12)
            columns = len(self.neurons) - 0.5  # the loss column is half a gap
            spread = pitch * (max(self.sizes) - 1) * ASPECT / columns
            return max(2 * radius + card_width + style.px(90), spread), pitch
        bias_height = 2 * sample.row_height() + style.px(6)
        above = radius + style.px(BIAS_LINK) + bias_height
        below = radius + style.px(8) + sample.rows_height()
        pitch = max(above + below + style.px(24), MIN_PITCH)
        return max(2 * self._reach(style), MIN_GAP), pitch

    def _reach(self, style: GraphStyle) -> float:
        """How far right of its source an edge pill's centre must be to clear the source's
        circle and card, so pills sit near the source where fan-outs keep them apart."""
        sample = self.neurons[-1][0]
        body = max(2 * sample.radius, sample.rows_width())
        return (body + self._pill_width(style)) / 2 + style.px(12)

    @staticmethod
    def _pill_width(style: GraphStyle) -> float:
        """Width of an edge pill holding the widest expected row."""
        return style.metrics(bold=True).horizontalAdvance(PLACEHOLDER) + style.px(16)

    def _place_loss(self, gap: float, style: GraphStyle) -> None:
        outputs = self.neurons[-1]
        centre_y = sum(output.y() for output in outputs) / len(outputs)
        self.loss.setPos(outputs[0].x() + 0.5 * gap, centre_y)
        bottom = centre_y - self.loss.radius - style.px(28)
        for target in reversed(self.targets):
            target.setPos(self.loss.x(), bottom)
            bottom -= target.frame_rect().height() + style.px(8)

    def _crowded_pairs(self, style: GraphStyle) -> list[bool]:
        """For each layer pair, whether its edge pills would overlap (always, when compact)."""
        obstacles = [item.sceneBoundingRect() for row in self.neurons for item in row]
        obstacles += [bias.reserved_rect() for bias, _ in self.biases]
        return [
            style.compact or len(edges) > MAX_LABELLED or self._overlapping(edges, obstacles, style)
            for edges in self.weights
        ]

    def _overlapping(self, edges, obstacles, style: GraphStyle) -> bool:
        """Would full-size pills (two rows of the widest text) touch each other or a node?"""
        width = self._pill_width(style)
        height = 2 * edges[0].row_height() + style.px(4)
        pills = []
        for edge in edges:
            pill = QRectF(0, 0, width, height)
            pill.moveCenter(edge.line.pointAt(self.label_at))
            pills.append(pill)
        if any(a.intersects(b) for a, b in combinations(pills, 2)):
            return True
        return any(pill.intersects(node) for pill in pills for node in obstacles)

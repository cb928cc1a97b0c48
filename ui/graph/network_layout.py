"""Where each graph item goes: layers left to right, neurons evenly spaced and centred."""

from itertools import combinations

from PySide6.QtCore import QRectF

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import PLACEHOLDER
from ui.graph.tag_item import MARKER

LABEL_AT = (0.3, 0.42)  # edge pills sit this far along the edge (near the source), at most
BIAS_LINK = 16.0  # gap between a bias tag and its neuron
MIN_GAP = 400.0  # scene units between layers; not scaled, so presentation mode enlarges text
MIN_PITCH = 280.0  # scene units between neurons of a layer; not scaled either
STRETCHES = (1.0, 1.2, 1.45, 1.75)  # extra vertical spacing tried so pills need not hide
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
        self.label_at = LABEL_AT[0]

    def __repr__(self) -> str:
        return f"NetworkLayout({self.sizes})"

    def arrange(self, style: GraphStyle) -> QRectF:
        """Position every item and return the rectangle they need, with a margin.

        A small net is stretched vertically (up to STRETCHES[-1]) until its edge pills stop
        overlapping; pills that still would overlap are hidden until hovered.
        """
        gap, pitch = self._spacing(style)
        for stretch in (1.0,) if style.compact else STRETCHES:
            self._place(gap, pitch * stretch, style)
            crowded = self._crowded_pairs(style)
            if not any(crowded):
                break
        for edges, hidden in zip(self.weights, crowded):
            for edge in edges:
                edge.label_at = self.label_at
                edge.set_label_hidden(hidden)
        rect = QRectF()
        for item in self.loss.scene().items():
            rect = rect.united(item.sceneBoundingRect())
        margin = style.px(30)
        return rect.adjusted(-margin, -margin, margin, margin)

    def _place(self, gap: float, pitch: float, style: GraphStyle) -> None:
        for layer, row in enumerate(self.neurons):
            for j, neuron in enumerate(row):
                neuron.setPos(layer * gap, (j - (len(row) - 1) / 2) * pitch)
        for bias, neuron in self.biases:
            bias.setPos(neuron.x(), neuron.y() - neuron.radius - style.px(BIAS_LINK))
        self._place_loss(gap, style)
        for edge in [*self.links, *(edge for edges in self.weights for edge in edges)]:
            edge.adjust()

    def _spacing(self, style: GraphStyle) -> tuple[float, float]:
        """(gap between layers, pitch between neurons) so cards, tags and pills fit; also sets
        `label_at` so a pill clears its source neuron's card."""
        sample = self.neurons[-1][0]
        radius, card_width = sample.radius, sample.rows_width()
        if style.compact:
            pitch = max(2 * radius + style.px(MARKER + 6), sample.rows_height()) + style.px(12)
            columns = len(self.neurons) - 0.4  # the loss column is a bit over half a gap
            spread = pitch * (max(self.sizes) - 1) * ASPECT / columns
            return max(2 * radius + card_width + style.px(90), spread), pitch
        bias_height = 2 * sample.row_height() + style.px(6)
        above = radius + style.px(BIAS_LINK) + bias_height
        below = radius + style.px(8) + sample.rows_height()
        pitch = max(above + below + style.px(24), MIN_PITCH)
        reach = (card_width + self._pill_width(style)) / 2 + style.px(12)
        gap = max(reach / LABEL_AT[1], MIN_GAP)
        self.label_at = max(reach / gap, LABEL_AT[0])
        return gap, pitch

    @staticmethod
    def _pill_width(style: GraphStyle) -> float:
        """Width of an edge pill holding the widest expected row."""
        return style.metrics(bold=True).horizontalAdvance(PLACEHOLDER) + style.px(16)

    def _place_loss(self, gap: float, style: GraphStyle) -> None:
        outputs = self.neurons[-1]
        centre_y = sum(output.y() for output in outputs) / len(outputs)
        self.loss.setPos(outputs[0].x() + 0.6 * gap, centre_y)
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

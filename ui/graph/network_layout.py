"""Where each graph item goes: layers left to right, neurons evenly spaced and centred."""

from PySide6.QtCore import QRectF

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import PLACEHOLDER
from ui.graph.tag_item import MARKER

BIAS_LINK = 16.0  # gap between a bias tag and its neuron
MIN_GAP = 260.0  # scene units between layers; not scaled, so presentation mode enlarges text
MIN_PITCH = 240.0  # scene units between neurons of a layer; not scaled either
# (gap, pitch) factors tried in turn until no edge pill overlaps another pill or a node
SPREADS = ((1, 1), (1, 1.25), (1.3, 1), (1.3, 1.25), (1.6, 1.25))
ASPECT = 1.6  # a compact net spreads its layers to about this width : height
# where along an edge a pill may sit, in order of preference
LABEL_SPOTS = (0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8)
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

    def __repr__(self) -> str:
        return f"NetworkLayout({self.sizes})"

    def arrange(self, style: GraphStyle) -> QRectF:
        """Position every item and return the rectangle they need, with a margin.

        A small net gets the first of SPREADS under which every edge pill finds a free spot,
        else the one leaving fewest pills without; those show only while hovered or current.
        """
        gap, pitch = self._spacing(style)
        spreads = ((1, 1),) if style.compact else SPREADS
        best = None
        for gap_factor, pitch_factor in spreads:
            self._place(gap * gap_factor, pitch * pitch_factor, style)
            hidden = self._place_labels(style)
            if best is None or sum(hidden.values()) < sum(best[1].values()):
                best = ((gap_factor, pitch_factor), hidden)
            if not any(hidden.values()):
                break
        (gap_factor, pitch_factor), _ = best
        self._place(gap * gap_factor, pitch * pitch_factor, style)
        for edge, unplaced in self._place_labels(style).items():
            edge.set_label_hidden(unplaced)
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
        for edge in [*self.links, *(edge for edges in self.weights for edge in edges)]:
            edge.adjust()

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
        room = max(2 * radius + self._pill_width(style), card_width) + style.px(40)
        return max(room, MIN_GAP), pitch

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

    def _place_labels(self, style: GraphStyle) -> dict:
        """Put each weight's pill at the first of LABEL_SPOTS along its edge where it touches
        no node, tag or pill placed before; map each edge to True if its pill found no spot."""
        taken = [rect for row in self.neurons for item in row for rect in item.occupied()]
        taken += [bias.reserved_rect() for bias, _ in self.biases]
        unplaced = {}
        for edges in self.weights:
            crowded = style.compact or len(edges) > MAX_LABELLED
            for edge in edges:
                spot = None if crowded else self._free_spot(edge, taken, style)
                unplaced[edge] = spot is None
                if spot is not None:
                    taken.append(spot)
        return unplaced

    def _free_spot(self, edge, taken: list, style: GraphStyle) -> QRectF | None:
        """The first free full-size pill (two rows of the widest text) along `edge`."""
        pill = QRectF(0, 0, self._pill_width(style), 2 * edge.row_height() + style.px(4))
        for fraction in LABEL_SPOTS:
            pill.moveCenter(edge.line.pointAt(fraction))
            if not any(pill.intersects(rect) for rect in taken):
                edge.label_at = fraction
                return QRectF(pill)
        return None

"""Distances between the graph's columns from what the items hold, the pills' sizes, and how far
the gaps or the pitch stretch to fill the view's proportions (`fill`). NetworkPlanner
(network_plan.py) uses these to place the items on paper without moving any.

All lengths are scene units; they grow with the style's scale as the items do, so a fitted
view shows the labels at the same size on screen whatever the scale, as large as it allows.
"""

from dataclasses import dataclass

from PySide6.QtCore import QSizeF

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import PLACEHOLDER
from ui.graph.neuron_item import CARD_GAP, GLOW
from ui.graph.tag_item import MARKER

BIAS_LINK = 10.0  # gap between a bias tag and its neuron
MARGIN = 10.0  # between neighbouring items' outlines
TARGET_GAP = 20.0  # between the loss node and the target tags above it
FILL_BISECTIONS = 8  # halvings of the pitch that fills the view as gaps narrow


@dataclass
class Column:
    """One column of the graph (a layer, or the loss): its nodes and how far they reach."""

    nodes: list  # NeuronItems (the loss column holds the L node)
    layer: int | None = None  # None for the loss column
    left: float = 0.0  # reach left of the nodes' centres
    right: float = 0.0
    above: float = 0.0  # reach above a node's centre (its bias tag) ...
    below: float = 0.0  # ... and below it (its card)
    pitch: float = 0.0  # between neighbouring nodes' centres


def measure(column: Column, biases: dict, style: GraphStyle, tags: list = ()) -> Column:
    """Fill in a column's reach for `style`'s card form; `biases` maps a neuron to its bias tag,
    `tags` are the targets stacked above the loss node."""
    margin, glow = style.px(MARGIN), style.px(GLOW)
    for node in column.nodes:
        radius, card_width, card_height = node.radius, node.rows_width(), node.rows_height()
        bias = biases.get(node)
        tag = tag_size(bias, style) if bias is not None else QSizeF()
        tag_width = tag.width()
        above = radius + glow
        if bias is not None:
            above = max(above, radius + style.px(BIAS_LINK) + tag.height())
        for target in tags:
            above += target.frame_rect().height() + style.px(TARGET_GAP)
            tag_width = max(tag_width, target.frame_rect().width())
        if style.card == "side":
            left, right = radius + glow, radius + style.px(CARD_GAP) + card_width
            below = max(radius + glow, card_height / 2)
            above = max(above, card_height / 2)
        else:
            left = right = max(radius + glow, card_width / 2, tag_width / 2)
            below = radius + style.px(CARD_GAP) + card_height
        column.left, column.right = max(column.left, left), max(column.right, right)
        column.above, column.below = max(column.above, above), max(column.below, below)
    column.pitch = column.above + column.below + margin
    return column


def fill(bands, gaps_at, width_at, vertical: tuple, view: QSizeF) -> tuple:
    """(gap factor, pitch factor, each band's gaps) that match the net's shape to the view's:
    the gaps grown (up to a limit) if the net is tall, else the pitch, as little as makes it
    tall enough. `vertical` is (the spread's pitch factor, gap between bands, limit);
    `gaps_at(sy)` each band's gaps at pitch factor sy (they narrow as columns draw apart);
    `width_at(sy)` the widest band's width, as _widths of those gaps gives it (the pitch's
    bisection asks only that)."""
    sy, band_gap, limit = vertical
    spacing = sum(max(c.pitch * (len(c.nodes) - 1) for c in band) for band in bands)
    stretchable = spacing + band_gap * (len(bands) - 1)
    reach = sum(max(c.above + c.below for c in band) for band in bands)
    gaps = gaps_at(sy)
    widths = _widths(bands, gaps)
    width, height = max(widths), stretchable * sy + reach
    aspect = view.width() / view.height()
    if width < aspect * height:
        widest = sum(gaps[widths.index(width)])
        sx = min(limit, 1 + (aspect * height - width) / widest) if widest else 1.0
        return sx, sy, gaps
    if width == aspect * height or not stretchable:
        return 1.0, sy, gaps
    # the pitch that makes the net as tall as the view's shape asks at today's gaps: at
    # most this much, and less where the gaps narrow as neighbouring columns draw apart
    low, high = sy, sy * min(limit, 1 + (width / aspect - height) / (stretchable * sy))
    for _ in range(FILL_BISECTIONS):
        middle = (low + high) / 2
        width, height = width_at(middle), stretchable * middle + reach
        low, high = (middle, high) if width > aspect * height else (low, middle)
    return 1.0, high, gaps_at(high)


def _widths(bands, gaps) -> list:
    """Each band's width from its first column's left reach to its last's right one."""
    return [sum(g) + band[0].left + band[-1].right for band, g in zip(bands, gaps)]


def tag_size(tag, style: GraphStyle) -> QSizeF:
    """The room a bias tag needs: open with every row, or a marker in a compact net."""
    if style.compact:
        return QSizeF(style.px(MARKER), style.px(MARKER))
    return tag.reserved_local().size()


def pill_gap(before: Column, after: Column, style: GraphStyle) -> float:
    """The least distance between two columns' centres that leaves an edge pill room between
    their circles (labelled edges)."""
    margin = style.px(MARGIN)
    circles = before.nodes[0].radius + after.nodes[0].radius + 2 * style.px(GLOW)
    return circles + pill_width(style) + 2 * margin


def pill_width(style: GraphStyle) -> float:
    """Width of an edge pill holding the widest expected row."""
    return style.text_width(PLACEHOLDER, bold=True) + style.px(16)


def pill_size(edge, style: GraphStyle) -> QSizeF:
    """The full-size pill of a weight edge: its rows as named, with room for their widest
    numbers (as EdgeItem.label_rect draws it once every row shows)."""
    keys = edge.reserved_keys()
    return QSizeF(edge.rows_width(keys=keys) + style.px(4), edge.rows_height(keys) + style.px(4))

"""Distances between the graph's columns from what the items hold, the pills' sizes, and how far
the gaps or the pitch stretch to fill the view's proportions (`fill`). NetworkLayout
(network_layout.py) uses these to try its forms without moving any item.

All lengths are scene units; they grow with the style's scale as the items do, so a fitted
view shows the labels at the same size on screen whatever the scale, as large as it allows.
"""

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QSizeF

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import PLACEHOLDER
from ui.graph.neuron_item import CARD_GAP, GLOW
from ui.graph.tag_item import MARKER

BIAS_LINK = 10.0  # gap between a bias tag and its neuron
MARGIN = 10.0  # between neighbouring items' outlines
TARGET_GAP = 20.0  # between the loss node and the target tags above it


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


def fill(bands, gaps, vertical: tuple, view: QSizeF) -> tuple:
    """(gap, pitch) factors: 1 and the spread's pitch, then grown (up to a limit) along the
    axis the net is short of, so its shape matches the view's; `vertical` is (pitch
    factor, gap between bands, limit)."""
    sx, (sy, band_gap, limit) = 1.0, vertical
    widths = [sum(g) * sx + b[0].left + b[-1].right for b, g in zip(bands, gaps)]
    spacing = [max(c.pitch * (len(c.nodes) - 1) for c in band) for band in bands]
    reach = [max(c.above + c.below for c in band) for band in bands]
    band_gaps = band_gap * (len(bands) - 1)
    width = max(widths)
    height = sum(spacing) * sy + sum(reach) + band_gaps * sy
    aspect = view.width() / view.height()
    stretchable_x = sum(gaps[widths.index(width)]) * sx
    stretchable_y = (sum(spacing) + band_gaps) * sy
    if width < aspect * height and stretchable_x > 0:
        sx *= min(limit, 1 + (aspect * height - width) / stretchable_x)
    elif width > aspect * height and stretchable_y > 0:
        sy *= min(limit, 1 + (width / aspect - height) / stretchable_y)
    return sx, sy


def tag_size(tag, style: GraphStyle) -> QSizeF:
    """The room a bias tag needs: open with every row, or a marker in a compact net."""
    if style.compact:
        return QSizeF(style.px(MARKER), style.px(MARKER))
    return tag.reserved_local().size()


def gap(before: Column, after: Column, labelled: bool, style: GraphStyle) -> float:
    """The distance between two columns' centres: room for both, and for an edge pill between
    their circles when the edges are labelled."""
    margin = style.px(MARGIN)
    room = before.right + after.left + margin
    if labelled:
        circles = before.nodes[0].radius + after.nodes[0].radius + 2 * style.px(GLOW)
        room = max(room, circles + pill_width(style) + 2 * margin)
    return room


def pill_width(style: GraphStyle) -> float:
    """Width of an edge pill holding the widest expected row."""
    return style.metrics(bold=True).horizontalAdvance(PLACEHOLDER) + style.px(16)


def pill_size(edge, style: GraphStyle) -> QSizeF:
    """The full-size pill of a weight edge: its rows as named, with room for their widest
    numbers (as EdgeItem.label_rect draws it once every row shows)."""
    keys = edge.reserved_keys()
    return QSizeF(edge.rows_width(keys=keys) + style.px(4), edge.rows_height(keys) + style.px(4))


def anchor(centre: QPointF, radius: float, toward: QPointF) -> QPointF:
    """The point of a circle of `radius` around `centre` that faces `toward`."""
    dx, dy = toward.x() - centre.x(), toward.y() - centre.y()
    length = math.hypot(dx, dy) or 1.0
    return QPointF(centre.x() + dx / length * radius, centre.y() + dy / length * radius)

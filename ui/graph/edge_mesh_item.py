"""The weight edges of a compact net: plain data by key, drawn as one cached picture."""

import math
from collections import defaultdict

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from simulator.keys import gradient_key, mean_key, weight_key
from ui.graph.edge_item import HIT_WIDTH, EdgeItem, weight_pen
from ui.graph.graph_style import GraphStyle
from ui.graph.neuron_item import outline_point

WIDTH_STEPS = 8  # magnitudes are drawn in this many thicknesses


class EdgeMeshItem(QGraphicsItem):
    """Every weight edge of a compact net, with one drawLines call per pen and layer, cached
    on the device.

    A 4 x 128 net has 65,536 weights: an item each took seconds to build and to lay out. The
    mesh keeps each edge's texts, names, sign and magnitude by key and makes an EdgeItem
    (`make_item`) only for an edge that stands out: the scene lifts out the current, read or
    hovered ones and puts them back when they are plain again. A step repaints from the
    cache; only `regroup` (new weights), `adjust` (a new layout) and `set_style` redraw the
    lines, and a view zoomed in (or scrolled) redraws only the layers it shows.
    """

    def __init__(self, neurons: list[list], style: GraphStyle):
        super().__init__()
        self.neurons = neurons  # the NeuronItems of each layer, inputs first
        self.style = style
        self.edge_of: dict[str, tuple] = {}  # 'W[l,j,i]', its gradient and mean -> (l, j, i)
        self.keys_of: dict[tuple, tuple] = {}  # (l, j, i) -> its keys, the weight's first
        for layer in range(1, len(neurons)):
            for j in range(1, len(neurons[layer]) + 1):
                for i in range(1, len(neurons[layer - 1]) + 1):
                    weight = weight_key(layer, j, i)
                    gradient = gradient_key(weight)
                    keys = (weight, gradient, mean_key(gradient))
                    self.keys_of[(layer, j, i)] = keys
                    self.edge_of.update(dict.fromkeys(keys, (layer, j, i)))
        self.texts: dict[str, str | None] = {}  # key -> text shown (absent: blank)
        self.names: dict[str, str] = {}  # key -> the row name the caller's labels give it
        self.weights: dict[tuple, tuple] = {}  # (l, j, i) -> (sign, magnitude 0..1)
        self.lifted: dict[tuple, EdgeItem] = {}  # (l, j, i) -> its item, while it stands out
        self._retired: list[EdgeItem] = []  # the items `settle` took out last
        self._lines: dict[tuple, QLineF] = {}
        self._groups: dict = {}  # (layer, positive, width step) -> lines
        self._spans: list[QRectF] = []  # each layer's edges' bounds
        self._bounds = QRectF()
        self.setZValue(0.5)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect

    def __repr__(self) -> str:
        return f"EdgeMeshItem({len(self.keys_of)} edges)"

    def set_style(self, style: GraphStyle) -> None:
        self.style = style
        self.update()

    def set_weight(self, key: str, sign: int, magnitude: float) -> bool:
        """Colour and thickness of the edge of weight `key`; True when either changed (the
        caller regroups once after a batch)."""
        edge = self.edge_of[key]
        if self.weights.get(edge) == (sign, magnitude):
            return False
        self.weights[edge] = (sign, magnitude)
        item = self.lifted.get(edge)
        if item is not None:
            item.set_weight(sign, magnitude)
        return True

    def set_text(self, key: str, text: str | None) -> None:
        """Show `text` on the row of `key` (None blanks it), on its lifted item too."""
        self.texts[key] = text
        item = self.lifted.get(self.edge_of[key])
        if item is not None:
            item.set_text(key, text)

    def rename(self, names: dict) -> None:
        """The row names the caller's labels give the edges' keys (key -> name)."""
        self.names = names
        for item in self.lifted.values():
            item.rename({key: names[key] for key in item.keys if key in names})

    def lift(self, key: str) -> EdgeItem | None:
        """The EdgeItem of the edge holding `key` (None: no edge holds it), made and added to
        the scene the first time it is asked for; it stays until `settle` finds it plain."""
        edge = self.edge_of.get(key)
        if edge is None:
            return None
        item = self.lifted.get(edge)
        if item is None:
            item = self.lifted[edge] = self._make_item(edge)
            self.scene().addItem(item)
        return item

    def settle(self) -> None:
        """Take every lifted edge that is neither marked nor hovered out of the scene again:
        the mesh draws it."""
        # an item taken out lives on until the next call: Qt may still hold it in the event
        # being handled (a hover that moved from one edge to another)
        self._retired = [item for item in self.lifted.values() if not (item.mark or item.hovered)]
        for item in self._retired:
            del self.lifted[self.edge_of[item.keys[0]]]
            self.scene().removeItem(item)

    def hover(self, key: str | None) -> None:
        """The pointer is over the edge holding `key` (None: over no edge)."""
        for item in self.lifted.values():
            if item.hovered and item.keys[0] != key:
                item.set_hovered(False)
        if key is not None:
            self.lift(key).set_hovered(True)
        self.settle()

    def _make_item(self, edge: tuple) -> EdgeItem:
        """An EdgeItem for `edge` (l, j, i) with the mesh's texts, names and weight."""
        layer, j, i = edge
        keys = self.keys_of[edge]
        source, dest = self.neurons[layer - 1][i - 1], self.neurons[layer][j - 1]
        item = EdgeItem(source, dest, keys, self.style)
        item.edit_key = item.click_key = keys[0]
        item.rename({key: self.names[key] for key in keys if key in self.names})
        for key in keys:
            item.set_text(key, self.texts.get(key))
        item.set_weight(*self.weights.get(edge, (1, 0.5)))
        item.adjust()
        return item

    def key_at(self, point: QPointF) -> str | None:
        """The weight key of the edge nearest scene `point`, within the edges' hit width."""
        best, reach = None, self.style.px(HIT_WIDTH) / 2
        for edge, line in self._lines.items():
            if not self._spans[edge[0] - 1].contains(point):
                continue
            distance = _distance(point, line)
            if distance <= reach:
                best, reach = edge, distance
        return None if best is None else self.keys_of[best][0]

    def adjust(self) -> None:
        """Take the neurons' new places after a layout: each edge runs between their outlines."""
        self._lines = {}
        self._spans = []
        pad = self.style.px(4)
        for layer in range(1, len(self.neurons)):
            sources = [(n.scenePos(), n.radius) for n in self.neurons[layer - 1]]
            left = top = math.inf
            right = bottom = -math.inf
            for j, dest in enumerate(self.neurons[layer], 1):
                end, r = dest.scenePos(), dest.radius
                for i, (start, radius) in enumerate(sources, 1):
                    line = _between(start, radius, end, r)
                    self._lines[(layer, j, i)] = line
                    left, right = min(left, line.x1(), line.x2()), max(right, line.x1(), line.x2())
                    top, bottom = min(top, line.y1(), line.y2()), max(bottom, line.y1(), line.y2())
            span = QRectF(left, top, right - left, bottom - top) if sources else QRectF()
            self._spans.append(span.adjusted(-pad, -pad, pad, pad))
        self.prepareGeometryChange()
        self._bounds = QRectF()
        for span in self._spans:
            self._bounds = self._bounds.united(span)
        for item in self.lifted.values():
            item.adjust()
        self.regroup()

    def regroup(self) -> None:
        """Group the edges by layer and pen again after their weights changed, and redraw."""
        groups = defaultdict(list)
        weights = self.weights
        for edge, line in self._lines.items():
            sign, magnitude = weights.get(edge, (1, 0.5))
            groups[(edge[0] - 1, sign >= 0, round(magnitude * WIDTH_STEPS))].append(line)
        self._groups = dict(groups)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def hoverMoveEvent(self, event) -> None:
        """The edge under the pointer opens up as the scene's own item (its pill, its clicks)."""
        self.hover(self.key_at(event.scenePos()))

    def hoverLeaveEvent(self, event) -> None:
        """Off the mesh: onto the edge it lifted (which takes its own hover from here), or
        away from every edge."""
        point = event.scenePos()
        lifted = self.lifted.values()
        if not any(item.hovered and item.contains(item.mapFromScene(point)) for item in lifted):
            self.hover(None)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        # aliased thin lines rasterise several times faster; in a mesh this dense nobody sees it
        antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        exposed = option.exposedRect
        for (layer, positive, step), lines in self._groups.items():
            if self._spans[layer].intersects(exposed):
                painter.setPen(weight_pen(self.style, 1 if positive else -1, step / WIDTH_STEPS))
                painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)


def _between(start: QPointF, start_radius: float, end: QPointF, end_radius: float) -> QLineF:
    """The line from circle to circle, each end on its outline, as an EdgeItem's."""
    start, end = start.toTuple(), end.toTuple()
    return QLineF(*outline_point(start, end, start_radius), *outline_point(end, start, end_radius))


def _distance(point: QPointF, line: QLineF) -> float:
    """How far `point` is from the segment `line`."""
    dx, dy = line.dx(), line.dy()
    squared = dx * dx + dy * dy or 1.0
    t = ((point.x() - line.x1()) * dx + (point.y() - line.y1()) * dy) / squared
    t = min(max(t, 0.0), 1.0)
    return math.hypot(point.x() - line.x1() - t * dx, point.y() - line.y1() - t * dy)

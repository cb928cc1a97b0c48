"""The weight edges of a compact net: plain data in arrays by edge, drawn as one cached picture."""

from bisect import bisect_right
from collections import ChainMap
from collections.abc import Mapping, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from simulator.keys import gradient_key, mean_key, weight_keys
from ui.graph.edge_item import HIT_WIDTH, EdgeItem, weight_pen
from ui.graph.edge_lines import (
    draw_lines,
    meeting,
    nearest,
    outline_lines,
    pen_groups,
    span,
)
from ui.graph.graph_style import GraphStyle
from ui.graph.read_edges_item import ReadEdgesItem

WIDTH_STEPS = 8  # magnitudes are drawn in this many thicknesses
LOOSE_TEXTS = 4096  # fewer texts than this are copied in one by one (a key press sends tens)
TEXT_LAYERS = 6  # more mappings of texts than this are merged into one


class EdgeMeshItem(QGraphicsItem):
    """Every weight edge of a compact net, with one drawLines call per pen and layer, cached
    on the device.

    A 4 x 128 net has 65,536 weights: an item each took seconds to build and to lay out. The
    mesh numbers its edges layer by layer, (l, j, i) in order, and keeps their lines, signs
    and magnitudes in arrays and their texts and names by key; it makes an EdgeItem
    (`make_item`) only for an edge that stands out: the scene lifts out the current, read or
    hovered ones and puts them back when they are plain again. A step repaints from the
    cache; only `regroup` (new weights), `adjust` (a new layout) and `set_style` redraw the
    lines, and a view zoomed in (or scrolled) redraws only the layers it shows.
    """

    def __init__(self, neurons: list[list], style: GraphStyle):
        super().__init__()
        self.neurons = neurons  # the NeuronItems of each layer, inputs first
        self.style = style
        sizes = [len(row) for row in neurons]
        counts = [before * after for before, after in zip(sizes, sizes[1:])]
        self._starts = np.cumsum([0, *counts]).tolist()  # each layer's first edge, and the end
        neurons = [(layer, j) for layer in range(1, len(sizes)) for j in range(1, sizes[layer] + 1)]
        rows = [(layer, j, sizes[layer - 1]) for layer, j in neurons]  # each neuron's weights
        weights = [key for row in rows for key in weight_keys(*row)]
        gradients = [key for row in rows for key in weight_keys(*row, gradient_key("W"))]
        means = list(map(mean_key, gradients))
        self.keys_of: list[tuple] = list(zip(weights, gradients, means))  # edge -> its keys
        self.edge_of: dict[str, int] = dict(zip(weights, range(len(weights))))  # key -> edge
        self.edge_of.update(zip(gradients, range(len(weights))))
        self.edge_of.update(zip(means, range(len(weights))))
        self.texts = ChainMap({})  # key -> text shown (absent: blank), newest first
        self.names: dict[str, str] = {}  # key -> the row name the caller's labels give it
        self.positive = np.ones(len(weights), dtype=bool)  # edge -> its weight's sign >= 0
        self.magnitude = np.full(len(weights), 0.5)  # edge -> |w| relative to the largest
        self.lifted: dict[int, EdgeItem] = {}  # edge -> its item, while it stands out
        self.read: dict[int, frozenset] = {}  # edge -> the keys the step on show reads there
        self._reads: ReadEdgesItem | None = None  # draws the read edges, made when first asked
        self._retired: list[EdgeItem] = []  # the items `settle` took out last
        self.lines = np.zeros((len(weights), 4))  # edge -> x1, y1, x2, y2 in the scene; read only
        self._groups: dict = {}  # (layer, positive, width step) -> its lines, (n, 4)
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
        self._redraw_reads()

    def set_weights(self, keys: Sequence[str], signs: np.ndarray, magnitudes: np.ndarray) -> None:
        """Colour and thickness of the edges of weights `keys` (signs +1 / -1, magnitudes
        0..1, in the keys' order); regroups once when any changed."""
        edges = np.fromiter(map(self.edge_of.__getitem__, keys), dtype=np.intp, count=len(keys))
        positive = np.asarray(signs) >= 0
        changed = (self.positive[edges] != positive) | (self.magnitude[edges] != magnitudes)
        if not changed.any():
            return
        self.positive[edges], self.magnitude[edges] = positive, magnitudes
        for edge, item in self.lifted.items():
            item.set_weight(*self.weight_of(edge))
        self.regroup()
        self._redraw_reads()

    def weight_of(self, edge: int) -> tuple:
        """(sign, magnitude) of `edge` as an EdgeItem takes them."""
        return 1 if self.positive[edge] else -1, float(self.magnitude[edge])

    def set_texts(self, texts: Mapping[str, str | None]) -> None:
        """Show each key's text on its edge's row (None blanks it), on lifted items too. Keys
        of other items may come along: they are never shown. A big mapping is kept as it is,
        in front of the ones before (a lazy one writes a text only when an edge shows it)."""
        if self.edge_of.keys() <= texts.keys():  # every edge's texts anew
            self.texts = ChainMap({}, texts)
        elif len(texts) <= LOOSE_TEXTS:
            self.texts.maps[0].update(texts)
        else:
            self.texts = ChainMap({}, texts, *self.texts.maps)
            if len(self.texts.maps) > TEXT_LAYERS:
                self.texts = ChainMap(dict(self.texts))
        for item in self.lifted.values():
            for key in item.keys:
                if key in texts:
                    item.set_text(key, texts[key])

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
            if edge in self.read:  # the step reads it: it draws itself so, not `_reads`
                item.set_marks(None, self.read[edge])
                self._reads.update()
            self.scene().addItem(item)
        return item

    def mark_read(self, read: dict[int, frozenset]) -> None:
        """The edges the step on show reads (edge -> its keys read there), drawn in the read
        colour by one item over the mesh; an edge lifted (hovered, current) is marked by the
        scene and draws itself."""
        if read == self.read:
            return
        self.read = read
        if self._reads is None:
            self._reads = ReadEdgesItem(self)
        self._reads.set_edges(list(read))
        if read and self._reads.scene() is None:  # in the scene only while it draws some
            self.scene().addItem(self._reads)
        elif not read and self._reads.scene() is not None:
            self.scene().removeItem(self._reads)

    def _redraw_reads(self) -> None:
        """The read edges again, after their lines, weights or style changed."""
        if self._reads is not None:
            self._reads.set_edges(self._reads.edges)

    def settle(self) -> None:
        """Take every lifted edge that is neither marked nor hovered out of the scene again:
        the mesh draws it."""
        # an item taken out lives on until the next call: Qt may still hold it in the event
        # being handled (a hover that moved from one edge to another)
        self._retired = [item for item in self.lifted.values() if not (item.mark or item.hovered)]
        for item in self._retired:
            del self.lifted[self.edge_of[item.keys[0]]]
            self.scene().removeItem(item)
        if self._retired and self._reads is not None:  # a read edge back in `_reads`' hands
            self._reads.update()

    def hover(self, key: str | None) -> None:
        """The pointer is over the edge holding `key` (None: over no edge)."""
        for item in self.lifted.values():
            if item.hovered and item.keys[0] != key:
                item.set_hovered(False)
        if key is not None:
            self.lift(key).set_hovered(True)
        self.settle()

    def place(self, edge: int) -> tuple:
        """(l, j, i) of `edge`."""
        layer = bisect_right(self._starts, edge)
        j, i = divmod(edge - self._starts[layer - 1], len(self.neurons[layer - 1]))
        return layer, j + 1, i + 1

    def _make_item(self, edge: int) -> EdgeItem:
        """An EdgeItem for `edge` with the mesh's texts, names and weight."""
        layer, j, i = self.place(edge)
        keys = self.keys_of[edge]
        source, dest = self.neurons[layer - 1][i - 1], self.neurons[layer][j - 1]
        item = EdgeItem(source, dest, keys, self.style)
        item.edit_key = item.click_key = keys[0]
        item.rename({key: self.names[key] for key in keys if key in self.names})
        for key in keys:
            item.set_text(key, self.texts.get(key))
        item.set_weight(*self.weight_of(edge))
        item.adjust()
        return item

    def key_at(self, point: QPointF) -> str | None:
        """The weight key of the edge nearest scene `point`, within the edges' hit width."""
        reach, x, y = self.style.px(HIT_WIDTH) / 2, point.x(), point.y()
        spans = enumerate(self._spans, 1)
        near = [self._edges(layer) for layer, rect in spans if rect.contains(point)]
        if not near:
            return None
        edges = np.concatenate([np.arange(edges.start, edges.stop) for edges in near])
        found = nearest(self.lines[edges], x, y, reach)
        return None if found is None else self.keys_of[edges[found]][0]

    def _edges(self, layer: int) -> range:
        """The edges of weight layer `layer` (1-based)."""
        return range(self._starts[layer - 1], self._starts[layer])

    def adjust(self) -> None:
        """Take the neurons' new places after a layout: each edge runs between their outlines."""
        pad = self.style.px(4)
        self._spans = []
        for layer, (sources, dests) in enumerate(zip(self.neurons, self.neurons[1:]), 1):
            lines = outline_lines(*_centres(sources), *_centres(dests))
            edges = self._edges(layer)
            self.lines[edges.start : edges.stop] = lines
            self._spans.append(span(lines, pad))
        self.prepareGeometryChange()
        self._bounds = QRectF()
        for rect in self._spans:
            self._bounds = self._bounds.united(rect)
        for item in self.lifted.values():
            item.adjust()
        self.regroup()
        self._redraw_reads()

    def regroup(self) -> None:
        """Group the edges by layer and pen again after their weights changed, and redraw."""
        layers = np.repeat(np.arange(len(self._starts) - 1), np.diff(self._starts))
        steps = np.round(self.magnitude * WIDTH_STEPS).astype(np.intp)
        codes = (layers * 2 + self.positive) * (WIDTH_STEPS + 1) + steps
        self._groups = {}
        for code, edges in pen_groups(codes):
            rest, step = divmod(code, WIDTH_STEPS + 1)
            self._groups[(rest // 2, bool(rest % 2), step)] = self.lines[edges]
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
        pixel = 1 / min(abs(painter.worldTransform().m11()), abs(painter.worldTransform().m22()))
        for (layer, positive, step), lines in self._groups.items():
            if self._spans[layer].intersects(exposed):
                pen = weight_pen(self.style, 1 if positive else -1, step / WIDTH_STEPS)
                reach = pen.widthF() + 2 * pixel  # a line's stroke, caps and rounding
                painter.setPen(pen)
                draw_lines(painter, meeting(lines, exposed.adjusted(-reach, -reach, reach, reach)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)


def _centres(neurons: list) -> tuple:
    """The scene centres (n, 2) and radii (n,) of `neurons`."""
    centres = np.array([n.scenePos().toTuple() for n in neurons], dtype=float).reshape(-1, 2)
    return centres, np.array([n.radius for n in neurons], dtype=float)

"""All plain weight edges of a compact net drawn as one cached picture."""

from collections import defaultdict

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui.graph.edge_item import EdgeItem, weight_pen
from ui.graph.graph_style import GraphStyle

WIDTH_STEPS = 8  # magnitudes are drawn in this many thicknesses


class EdgeMeshItem(QGraphicsItem):
    """Draws thousands of weight edges with one drawLines call per pen and layer, cached on
    the device.

    A step repaints from the cache; only `regroup` (new weights), `adjust` (a new layout) and
    `set_style` redraw the lines, and a view zoomed in (or scrolled) redraws only the layers
    it shows. Each EdgeItem still handles its own hover, click and highlight.
    """

    def __init__(self, layers: list[list[EdgeItem]], style: GraphStyle):
        super().__init__()
        self.layers = layers  # the weight edges into layer 1, 2, ...
        self.style = style
        self._groups: dict = {}  # (layer, positive, width step) -> lines
        self._spans: list[QRectF] = []  # each layer's edges' bounds
        self._bounds = QRectF()
        self.setZValue(0.5)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect

    def __repr__(self) -> str:
        return f"EdgeMeshItem({sum(map(len, self.layers))} edges)"

    def set_style(self, style: GraphStyle) -> None:
        self.style = style
        self.update()

    def adjust(self) -> None:
        """Take the edges' new positions after a layout."""
        pad = self.style.px(4)
        self._spans = []
        for edges in self.layers:
            span = QRectF()
            for edge in edges:
                span = span.united(QRectF(edge.line.p1(), edge.line.p2()).normalized())
            self._spans.append(span.adjusted(-pad, -pad, pad, pad))
        self.prepareGeometryChange()
        self._bounds = QRectF()
        for span in self._spans:
            self._bounds = self._bounds.united(span)
        self.regroup()

    def regroup(self) -> None:
        """Group the edges by layer and pen again after their weights changed, and redraw."""
        groups = defaultdict(list)
        for layer, edges in enumerate(self.layers):
            for edge in edges:
                step = round(edge.magnitude * WIDTH_STEPS)
                groups[(layer, edge.sign >= 0, step)].append(edge.line)
        self._groups = dict(groups)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

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

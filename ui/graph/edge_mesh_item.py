"""All plain weight edges of a compact net drawn as one cached picture."""

from collections import defaultdict

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui.graph.edge_item import EdgeItem, weight_pen
from ui.graph.graph_style import GraphStyle

WIDTH_STEPS = 8  # magnitudes are drawn in this many thicknesses


class EdgeMeshItem(QGraphicsItem):
    """Draws thousands of weight edges with one drawLines call per pen, cached on the device.

    A step repaints from the cache; only `regroup` (new weights), `adjust` (a new layout) and
    `set_style` redraw the lines. Each EdgeItem still handles its own hover, click and highlight.
    """

    def __init__(self, edges: list[EdgeItem], style: GraphStyle):
        super().__init__()
        self.edges = edges
        self.style = style
        self._groups: dict = {}
        self._bounds = QRectF()
        self.setZValue(0.5)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def __repr__(self) -> str:
        return f"EdgeMeshItem({len(self.edges)} edges)"

    def set_style(self, style: GraphStyle) -> None:
        self.style = style
        self.update()

    def adjust(self) -> None:
        """Take the edges' new positions after a layout."""
        bounds = QRectF()
        for edge in self.edges:
            bounds = bounds.united(QRectF(edge.line.p1(), edge.line.p2()).normalized())
        pad = self.style.px(4)
        self.prepareGeometryChange()
        self._bounds = bounds.adjusted(-pad, -pad, pad, pad)
        self.regroup()

    def regroup(self) -> None:
        """Group the edges by pen again after their weights changed, and redraw."""
        groups = defaultdict(list)
        for edge in self.edges:
            groups[(edge.sign >= 0, round(edge.magnitude * WIDTH_STEPS))].append(edge.line)
        self._groups = dict(groups)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        # aliased thin lines rasterise several times faster; in a mesh this dense nobody sees it
        antialiased = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for (positive, step), lines in self._groups.items():
            painter.setPen(weight_pen(self.style, 1 if positive else -1, step / WIDTH_STEPS))
            painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)

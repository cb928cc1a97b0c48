"""A line between two graph items: a weight (coloured by sign, thick by magnitude) or a link."""

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import KeyedItem

ARROW = 9.0  # arrowhead length at scale 1
HIT_WIDTH = 10.0  # how far from the line the pointer still hovers or clicks it
# a marked weight stands above every edge and pill (1, 1.5) and below the bias tags (2) and the
# nodes with their cards (3): its line never crosses the numbers it runs past or into
MARK_RAISE = 0.75
MESH_OPACITY = 0.45  # how strongly a compact net's edges show against the background


def weight_pen(style: GraphStyle, sign: int, magnitude: float, mark: str | None = None) -> QPen:
    """The pen of a weight: highlight or sign colour, width growing with magnitude (0..1)."""
    if mark:
        base, extra = (1.5, 2.0) if style.compact else (3.0, 4.0)
        colour = style.colour(mark)
    elif style.compact:
        # opaque blended colours: thousands of translucent lines are slow to rasterise
        base, extra = 0.4, 2.0
        colour = style.blend("positive" if sign >= 0 else "negative", MESH_OPACITY)
    else:
        base, extra = 1.0, 5.0
        colour = style.colour("positive" if sign >= 0 else "negative")
    pen = QPen(colour, style.px(base + extra * magnitude))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


class EdgeItem(KeyedItem):
    """A directed line from `source` to `dest` (NeuronItem or TagItem).

    A weight edge holds the keys 'W[l,j,i]' and 'dL/dW[l,j,i]' and shows them on a pill near
    the source end (`label_at` of the way along). The pill is hidden in crowded nets
    (`label_hidden`) and then shows while the edge is hovered or is the current step. In a
    compact net an EdgeMeshItem draws all plain edges at once, and an edge paints itself only
    while hovered or highlighted. An edge without keys is a plain link (bias to neuron, output
    to loss), drawn `dashed` or solid.
    """

    def __init__(self, source, dest, keys, style: GraphStyle, names=None, dashed=False):
        super().__init__(keys, style, names)
        self.source, self.dest = source, dest
        self.dashed = dashed
        self.packed = True
        self.label_at = 0.3
        self.label_hidden = style.compact  # a crowded net's layout rarely finds its pill a spot
        self.attached = False  # no line yet: nothing to measure until the layout places it
        self.sign = 1
        self.magnitude = 0.5  # |w| relative to the largest |w| in the net, 0..1
        self.line = QLineF()
        self.label_item = None  # an EdgeLabelItem paints the pill when set (small nets)
        self.setAcceptHoverEvents(bool(self.keys))
        self.setZValue(self.base_z())

    def __repr__(self) -> str:
        return f"EdgeItem({self.source!r} -> {self.dest!r}, keys={self.keys})"

    def base_z(self) -> float:
        return 1.0 if self.keys else 0.0

    mark_raise = MARK_RAISE

    def adjust(self) -> None:
        """Re-attach to the endpoints after they moved (call after layout or a scale change)."""
        start, end = self.source.scenePos(), self.dest.scenePos()
        self.line = QLineF(self.source.anchor(end), self.dest.anchor(start))
        self.attached = True
        self.reshape()

    def set_weight(self, sign: int, magnitude: float) -> bool:
        """Colour by `sign` (+1 / -1) and thickness by `magnitude` (0..1): a pen change only.
        True when either changed."""
        if (sign, magnitude) == (self.sign, self.magnitude):
            return False
        self.sign, self.magnitude = sign, magnitude
        if not self.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents:
            self.update()
        return True

    def set_label_hidden(self, hidden: bool) -> None:
        """Hide the value pill unless hovered or current (for crowded layer pairs)."""
        if hidden != self.label_hidden:
            self.label_hidden = hidden
            self.reshape()

    def set_hovered(self, hovered: bool) -> None:
        self.hovered = hovered
        self.setZValue(self.base_z() + (4 if hovered else self.mark_raise if self.mark else 0))
        self.reshape()

    def reshape(self) -> None:
        # a net being built names and fills its edges before laying them out: each edge is
        # measured once, when placed, not at every text (a 4 x 128 net has 65,000 edges)
        if not self.attached:
            return
        # a compact net's mesh draws this edge unless it stands out
        in_mesh = self.style.compact and bool(self.keys) and not (self.hovered or self.mark)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, in_mesh)
        super().reshape()
        if self.label_item is not None:
            self.label_item.sync()

    def retext(self) -> None:
        """A pill that is an item of its own repaints alone: the line looks the same."""
        if self.label_item is None or not self.attached:
            self.reshape()
        else:
            self.label_item.sync()

    @property
    def label_visible(self) -> bool:
        # a compact net's read edges are too many to label; a small net's few are worth it
        read = bool(self.reads) and not self.style.compact
        shown = not self.label_hidden or self.hovered or self.current is not None or read
        return shown and any(text is not None for text in self.texts.values())

    def pen(self) -> QPen:
        """The line's pen now: a weight's pen, or a muted link pen."""
        if self.keys:
            pen = weight_pen(self.style, self.sign, self.magnitude, self.mark)
            if self.dimmed and not self.mark:
                pen.setColor(self.style.colour("dimmed"))
            return pen
        pen = QPen(self.style.colour("muted"), self.style.px(1.5))
        if self.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def focus_point(self) -> QPointF:
        """The pill, where the edge's value shows (the line is long in a big net)."""
        return self.line.pointAt(self.label_at)

    def label_rect(self) -> QRectF:
        """The value pill in scene coordinates, centred `label_at` of the way along."""
        width = self.rows_width(reserve=False) + self.style.px(4)
        height = self.rows_height() + self.style.px(4)
        rect = QRectF(0, 0, width, height)
        rect.moveCenter(self.line.pointAt(self.label_at))
        return rect

    def compute_bounds(self) -> QRectF:
        extra = self.style.px(ARROW + HIT_WIDTH)
        rect = QRectF(self.line.p1(), self.line.p2()).normalized()
        rect = rect.adjusted(-extra, -extra, extra, extra)
        return rect.united(self.label_rect()) if self._paints_label() else rect

    def _paints_label(self) -> bool:
        return self.label_item is None and self.label_visible

    def shape(self) -> QPainterPath:
        path = QPainterPath(self.line.p1())
        path.lineTo(self.line.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(self.style.px(HIT_WIDTH))
        shape = stroker.createStroke(path)
        if self._paints_label():
            shape.addRect(self.label_rect())
        return shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        pen = self.pen()
        painter.setPen(pen)
        painter.drawLine(self.line)
        if not self.style.compact and not self.dashed:
            self._paint_arrow(painter, pen)
        if self._paints_label():
            self.paint_label(painter)

    def _paint_arrow(self, painter: QPainter, pen: QPen) -> None:
        length = self.style.px(ARROW) + pen.widthF()
        angle = math.atan2(self.line.dy(), self.line.dx())
        tip = self.line.p2()
        points = [tip]
        for side in (-0.45, 0.45):
            points.append(
                QPointF(
                    tip.x() - length * math.cos(angle + side),
                    tip.y() - length * math.sin(angle + side),
                )
            )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        painter.drawPolygon(QPolygonF(points))

    def paint_label(self, painter: QPainter) -> None:
        """Draw the value pill (by the edge itself, or by its EdgeLabelItem)."""
        rect = self.label_rect()
        outline = self.mark or ("positive" if self.sign >= 0 else "negative")
        painter.setPen(QPen(self.style.colour(outline), self.style.px(1.2)))
        painter.setBrush(self.style.colour("surface", 240))
        corner = min(rect.height() / 2, self.style.px(10))
        painter.drawRoundedRect(rect, corner, corner)
        self.paint_rows(painter, rect.adjusted(0, self.style.px(2), 0, -self.style.px(2)))

"""The value pill of one weight edge, stacked above every edge line so none crosses it."""

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

LABEL_Z = 1.5  # above weight edges (1), below neurons and tags (2, 3)


class EdgeLabelItem(QGraphicsItem):
    """Paints `edge`'s pill (its W and dL/dW rows) where the edge places it.

    The edge owns the texts and marks and calls `sync` when they change; hovering the pill
    hovers the edge, and clicks on it count as clicks on the edge.
    """

    def __init__(self, edge):
        super().__init__()
        self.edge = edge
        self._bounds = QRectF()
        self.setAcceptHoverEvents(True)
        self.setZValue(LABEL_Z)

    def __repr__(self) -> str:
        return f"EdgeLabelItem({self.edge.keys[0]})"

    def sync(self) -> None:
        """Follow the edge's pill: its place, size, visibility and highlight."""
        bounds = self.edge.label_rect() if self.edge.label_visible else QRectF()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        # a highlighted or hovered edge is raised; its pill stays just above it
        raised = self.edge.mark or self.edge.hovered
        self.setZValue(self.edge.zValue() + 0.5 if raised else LABEL_Z)
        self.update()

    def set_style(self, style) -> None:
        """The edge has the style; its reshape syncs this label."""

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        if self.edge.label_visible:
            self.edge.paint_label(painter)

    def hoverEnterEvent(self, event) -> None:
        self.edge.hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.edge.hoverLeaveEvent(event)

"""A small rounded tag holding values beside a neuron: a bias (b, dL/db) or a target (y)."""

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import KeyedItem

MARKER = 14.0  # side of the collapsed tag in a compact net


class TagItem(KeyedItem):
    """A rounded rectangle of value rows whose bottom centre is the item's position, so it
    grows upwards, away from the neuron below it, as rows appear.

    In a compact net the tag collapses to a small marker showing `title` and opens while it
    is hovered or highlighted, so a large net stays uncluttered.
    """

    def __init__(self, title: str, keys, style: GraphStyle, names=None):
        super().__init__(keys, style, names)
        self.title = title
        self.packed = True
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.reshape()
        self.setZValue(self.base_z())

    def __repr__(self) -> str:
        return f"TagItem({self.title!r}, {', '.join(self.keys)})"

    def base_z(self) -> float:
        return 2.0

    @property
    def collapsed(self) -> bool:
        return self.style.compact and not self.hovered and not self.mark

    def frame_rect(self) -> QRectF:
        """The tag's outline in item coordinates."""
        if self.collapsed:
            side = self.style.px(MARKER)
            return QRectF(-side / 2, -side, side, side)
        width = self.rows_width(reserve=False) + self.style.px(6)
        height = self.rows_height() + self.style.px(4)
        return QRectF(-width / 2, -height, width, height)

    def slots(self, keys: tuple | None = None) -> dict:
        """In a 'grid' net a bias and its gradient sit side by side: b | ∂L/∂b."""
        keys = self.row_keys() if keys is None else keys
        if self.style.card != "grid":
            return super().slots(keys)
        return {key: (self.keys.index(key), 0) for key in keys}

    def reserved_local(self) -> QRectF:
        """The area the open tag needs once every row is shown, in item coordinates."""
        keys = self.reserved_keys()
        width = self.rows_width(keys=keys) + self.style.px(6)
        height = self.rows_height(keys=keys) + self.style.px(4)
        return QRectF(-width / 2, -height, width, height)

    def reserved_rect(self) -> QRectF:
        """The scene area the open tag needs once every row is shown (for layout checks)."""
        return self.reserved_local().translated(self.pos())

    def compute_bounds(self) -> QRectF:
        pen = self.style.px(3)
        return self.frame_rect().adjusted(-pen, -pen, pen, pen)

    def anchor(self, toward: QPointF) -> QPointF:
        """Where a link leaves the tag: the middle of the side facing `toward`."""
        rect = self.frame_rect().translated(self.scenePos())
        dx, dy = toward.x() - rect.center().x(), toward.y() - rect.center().y()
        if abs(dy) * rect.width() >= abs(dx) * rect.height():
            return QPointF(rect.center().x(), rect.bottom() if dy > 0 else rect.top())
        return QPointF(rect.right() if dx > 0 else rect.left(), rect.center().y())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = self.frame_rect()
        colour = self.mark or ("dimmed" if self.dimmed else "muted")
        painter.setPen(QPen(self.style.colour(colour), self.style.px(2 if self.mark else 1.2)))
        painter.setBrush(self.style.colour("surface"))
        corner = self.style.px(5)
        painter.drawRoundedRect(frame, corner, corner)
        if self.collapsed:
            painter.setFont(self.style.font(7.0))
            painter.setPen(self.style.colour("muted"))
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, self.title)
        else:
            self.paint_rows(painter, frame.adjusted(0, self.style.px(2), 0, -self.style.px(2)))

    def set_hovered(self, hovered: bool) -> None:
        """Open a collapsed tag while the pointer is over it."""
        self.hovered = hovered
        self.setZValue(self.base_z() + (4 if hovered else 0))
        self.reshape()

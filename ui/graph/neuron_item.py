"""A neuron drawn as a circle (or the loss as a rounded square) with a card of value rows."""

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from simulator.keys import Key
from ui.graph.graph_style import TITLE_PT, GraphStyle
from ui.graph.keyed_item import KeyedItem

RADIUS = 20.0  # scene units at scale 1
COMPACT_RADIUS = 18.0
GLOW = 7.0  # room for the highlight ring around the circle
CARD_GAP = 6.0  # between the circle and its card
GRID = {"z": (0, 0), "dL/dz": (1, 0), "a": (0, 1), "dL/da": (1, 1)}  # kind -> (column, row)


def outline_point(centre: tuple, toward: tuple, radius: float, square=False) -> tuple:
    """(x, y) of the point of a circle's (or square's) outline around `centre` facing the
    point `toward` (points as (x, y): a layout search asks for thousands)."""
    dx, dy = toward[0] - centre[0], toward[1] - centre[1]
    length = math.hypot(dx, dy) or 1.0
    if square:  # a square's outline is reached when the larger coordinate reaches r
        radius = radius * length / max(abs(dx), abs(dy), 1e-9)
    return centre[0] + dx / length * radius, centre[1] + dy / length * radius


class NeuronItem(KeyedItem):
    """A circle titled like the notes (x1, H1, O) with its values on a card below it.

    In a compact (large) net the card sits to the right of the circle instead, so neurons can
    be packed closely. `square` draws a rounded square, used for the loss node L.
    """

    def __init__(self, title: str, keys, style: GraphStyle, names=None, square=False):
        super().__init__(keys, style, names)
        self.title = title
        self.square = square
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.reshape()
        self.setZValue(self.base_z())

    def __repr__(self) -> str:
        return f"NeuronItem({self.title!r}, {', '.join(self.keys)})"

    def base_z(self) -> float:
        return 3.0

    @property
    def radius(self) -> float:
        """Grows with the lettering too, so the title inside keeps its size beside the values."""
        base = COMPACT_RADIUS if self.style.compact else RADIUS
        return self.style.px(base) * self.style.lettering

    def body_rect(self) -> QRectF:
        """The circle (or square) in item coordinates, centred on the item's position."""
        r = self.radius
        return QRectF(-r, -r, 2 * r, 2 * r)

    def slots(self, keys: tuple | None = None) -> dict:
        """In a 'grid' card each value sits beside its gradient: z | ∂L/∂z over a | ∂L/∂a."""
        if self.style.card != "grid" or len(self.keys) != len(GRID):
            return super().slots(keys)
        return {key: GRID[Key.parse(key).kind] for key in self.keys}

    def rows_rect(self) -> QRectF:
        """The value card: below the circle, or right of it ('side', a compact net)."""
        width, height = self.rows_width(), self.rows_height()
        gap = self.style.px(CARD_GAP)
        if self.style.card == "side":
            return QRectF(self.radius + gap, -height / 2, width, height)
        return QRectF(-width / 2, self.radius + gap, width, height)

    def compute_bounds(self) -> QRectF:
        glow = self.style.px(GLOW)
        return self.body_rect().adjusted(-glow, -glow, glow, glow).united(self.rows_rect())

    def local_occupied(self) -> list[QRectF]:
        """The glowing body and the card, in item coordinates (for layout checks)."""
        glow = self.style.px(GLOW)
        return [self.body_rect().adjusted(-glow, -glow, glow, glow), self.rows_rect()]

    def shape(self) -> QPainterPath:
        """What a click hits: the glowing body and the card, not the empty corners of their
        bounding rectangle, where edges run into the circle and must take their own clicks."""
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # where the two overlap is inside too
        for rect in self.local_occupied():
            path.addRect(rect)
        return path

    def occupied(self) -> list[QRectF]:
        """The glowing body and the card, in scene coordinates."""
        return [rect.translated(self.scenePos()) for rect in self.local_occupied()]

    def anchor(self, toward: QPointF) -> QPointF:
        """The point on the outline facing the scene point `toward`, where edges attach."""
        centre = self.scenePos()
        at = outline_point(centre.toTuple(), toward.toTuple(), self.radius, self.square)
        return QPointF(*at)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.mark:
            self._paint_glow(painter)
        outline = "dimmed" if self.dimmed else "text"
        painter.setPen(QPen(self.style.colour(outline), self.style.px(2)))
        painter.setBrush(self.style.colour("surface"))
        self._draw_body(painter, self.body_rect())
        self._paint_title(painter)
        if any(text is not None for text in self.texts.values()):
            self._paint_card(painter)

    def _draw_body(self, painter: QPainter, rect: QRectF) -> None:
        if self.square:
            corner = rect.width() / 5
            painter.drawRoundedRect(rect, corner, corner)
        else:
            painter.drawEllipse(rect)

    def _paint_glow(self, painter: QPainter) -> None:
        colour = self.style.colour(self.mark)
        for spread, alpha in ((self.style.px(GLOW), 60), (self.style.px(4), 255)):
            ring = self.body_rect().adjusted(-spread, -spread, spread, spread)
            width = self.style.px(6 if alpha < 255 else 3)
            painter.setPen(QPen(self.style.colour(self.mark, alpha), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            self._draw_body(painter, ring)
        painter.setPen(QPen(colour, self.style.px(2)))

    def _paint_title(self, painter: QPainter) -> None:
        font = QFont(self.style.font(TITLE_PT, bold=True))
        width = self.style.text_width(self.title, TITLE_PT, bold=True)
        room = 1.6 * self.radius
        if width > room:
            font.setPointSizeF(font.pointSizeF() * room / width)
        painter.setFont(font)
        painter.setPen(self.style.colour("dimmed" if self.dimmed else "text"))
        painter.drawText(self.body_rect(), Qt.AlignmentFlag.AlignCenter, self.title)

    def _paint_card(self, painter: QPainter) -> None:
        card = self.rows_rect()
        painter.setPen(QPen(self.style.colour("grid"), self.style.px(1)))
        painter.setBrush(self.style.colour("background", 230))
        corner = self.style.px(6)
        painter.drawRoundedRect(card, corner, corner)
        self.paint_rows(painter, card)

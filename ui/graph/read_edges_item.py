"""The edges a step reads in a compact net, drawn at once in the read colour over the mesh."""

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui.graph.edge_item import ARROW, HIT_WIDTH, MARK_RAISE, weight_pen
from ui.graph.edge_lines import span

READ_Z = 1.0 + MARK_RAISE  # where a weight's EdgeItem stands when marked


class ReadEdgesItem(QGraphicsItem):
    """The read edges of an EdgeMeshItem (`mark_read`), drawn as EdgeItems marked 'read'
    draw them, without an item each: a weighted sum on a 4 x 128 net reads 128 weights, and
    making, adding and taking out an EdgeItem for each was a fifth of such a key press. (In
    a compact net a read edge shows no pill.) An edge the mesh lifted anyway, hovered or
    current, draws itself."""

    def __init__(self, mesh):
        super().__init__()
        self.mesh = mesh
        self.edges: list[int] = []  # in the order the step reads them
        self._bounds = QRectF()
        self.setZValue(READ_Z)

    def __repr__(self) -> str:
        return f"ReadEdgesItem({len(self.edges)} edges)"

    def set_edges(self, edges: list[int]) -> None:
        """Draw `edges` (their lines and pens as the mesh has them now)."""
        self.edges = edges
        pad = self.mesh.style.px(ARROW + HIT_WIDTH)  # an EdgeItem's room around its line
        bounds = span(self.mesh.lines[edges], pad) if edges else QRectF()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def set_style(self, style) -> None:
        """Drawn in its mesh's style: the mesh, restyled, draws it again."""

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget = None):
        mesh = self.mesh
        for edge in self.edges:
            if edge not in mesh.lifted:
                painter.setPen(weight_pen(mesh.style, *mesh.weight_of(edge), "read"))
                painter.drawLine(QLineF(*mesh.lines[edge]))

"""Where each weight edge's pill sits along its edge, clear of nodes, tags, other pills and
edge crossings. NetworkPlanner (network_plan.py) asks for the spots of every plan it makes.
"""

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF

from ui.graph.graph_style import GraphStyle
from ui.graph.placement import anchor

CROSSING = 6.0  # the square around an edge crossing that no pill may cover
# where along an edge a pill may sit, in order of preference: the middle, then outwards
LABEL_SPOTS = tuple(sorted((k / 40 for k in range(6, 35)), key=lambda f: (abs(f - 0.5), f)))


def pill_spots(edges: list, positions: dict, taken: list, sizes: dict, style) -> dict:
    """Each edge's (fraction, pill rectangle) or None, for one layer pair's `edges` with their
    ends at `positions`; pills of `sizes` avoid `taken` rectangles and the edges' crossings.
    Places the pills in the order (as listed, or steepest first) that leaves the fewest
    without a spot."""
    lines = {edge: _line(edge, positions) for edge in edges}
    fixed = [corners(rect) for rect in [*taken, *crossings(lines, style)]]
    steepest = sorted(lines, key=lambda e: -abs(lines[e].dy()) / (abs(lines[e].dx()) or 1))
    best = None
    for order in (list(lines), steepest):
        spots, placed = {}, []
        for edge in order:
            spots[edge] = spot = free_spot(lines[edge], sizes[edge], fixed + placed)
            if spot is not None:
                placed.append(corners(spot[1]))
        if best is None or _misses(spots) < _misses(best):
            best = spots
        if not _misses(best):
            break
    return best


def _misses(spots: dict) -> int:
    return sum(spot is None for spot in spots.values())


def _line(edge, positions: dict) -> QLineF:
    start, end = positions[edge.source], positions[edge.dest]
    return QLineF(anchor(start, edge.source.radius, end), anchor(end, edge.dest.radius, start))


def free_spot(line: QLineF, size: QSizeF, taken: list) -> tuple | None:
    """(fraction of the way along, rectangle) of the first spot of LABEL_SPOTS where a pill of
    `size` on `line` overlaps none of `taken` (tuples of left, top, right, bottom); None if
    there is none."""
    half_w, half_h = size.width() / 2, size.height() / 2
    x, y, dx, dy = line.x1(), line.y1(), line.dx(), line.dy()
    left, right = min(x, x + dx) - half_w, max(x, x + dx) + half_w
    top, bottom = min(y, y + dy) - half_h, max(y, y + dy) + half_h
    near = [r for r in taken if r[0] < right and r[2] > left and r[1] < bottom and r[3] > top]
    for fraction in LABEL_SPOTS:  # a layout search asks thousands of times: plain numbers
        cx, cy = x + fraction * dx, y + fraction * dy
        left, top, right, bottom = cx - half_w, cy - half_h, cx + half_w, cy + half_h
        for other_left, other_top, other_right, other_bottom in near:
            if (
                left < other_right
                and right > other_left
                and top < other_bottom
                and bottom > other_top
            ):
                break  # overlaps
        else:
            return fraction, QRectF(left, top, 2 * half_w, 2 * half_h)
    return None


def corners(rect: QRectF) -> tuple:
    """A rectangle as (left, top, right, bottom), for `free_spot`."""
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def crossings(lines: dict, style: GraphStyle) -> list[QRectF]:
    """A small square around every point where two edges of `lines` (edge -> QLineF) cross
    away from their ends: no pill sits on a crossing."""
    side = style.px(CROSSING)
    edges = list(lines)
    squares = []
    for index, edge in enumerate(edges):
        for other in edges[index + 1 :]:
            if edge.source is other.source or edge.dest is other.dest:
                continue
            kind, point = lines[edge].intersects(lines[other])
            if kind == QLineF.IntersectionType.BoundedIntersection:
                squares.append(QRectF(point - QPointF(side / 2, side / 2), QSizeF(side, side)))
    return squares

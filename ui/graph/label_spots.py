"""Where each weight edge's pill sits along its edge, clear of nodes, tags, other pills and
edge crossings. NetworkPlanner (network_plan.py) asks for the spots of every plan it makes,
in plain numbers: points as (x, y), lines as (x1, y1, x2, y2), rectangles as (x, y, width,
height) or, to test overlaps, (left, top, right, bottom), each as Qt would compute it.
"""

import math

from ui.graph.graph_style import GraphStyle
from ui.graph.neuron_item import outline_point

CROSSING = 6.0  # the square around an edge crossing that no pill may cover
# where along an edge a pill may sit, in order of preference: the middle, then outwards
LABEL_SPOTS = tuple(sorted((k / 40 for k in range(6, 35)), key=lambda f: (abs(f - 0.5), f)))
NOWHERE = (math.inf, math.inf, -math.inf, -math.inf)  # (left, top, right, bottom) overlapping none


def pill_spots(edges: list, positions: dict, taken: list, shapes, style, whole=False):
    """Each edge's (fraction, pill rectangle) or None, for one layer pair's `edges` with their
    ends at `positions`; pills of `shapes.pills`' sizes avoid `taken` (left, top, right,
    bottom) and the edges' crossings. Places the pills in the order (as listed, or steepest
    first) that leaves the fewest without a spot; with `whole`, None if each order leaves
    one (each given up at the first)."""
    lines = {edge: edge_line(edge, positions, shapes.radius) for edge in edges}
    fixed = [*taken, *crossings(lines, style)]
    listed = list(lines)
    best = _placed(listed, lines, fixed, shapes.pills, 1 if whole else len(listed) + 1)
    misses = 1 if best is None else sum(spot is None for spot in best.values())
    if misses:
        steepest = sorted(listed, key=lambda e: -abs(_dy(lines[e])) / (abs(_dx(lines[e])) or 1))
        if steepest != listed:  # in the same order the same pills find no spot
            best = _placed(steepest, lines, fixed, shapes.pills, misses) or best
    return best


def _placed(order: list, lines: dict, taken: list, pills: dict, misses: int) -> dict | None:
    """Each edge's spot with the pills placed in `order`; None as soon as `misses` of them
    find no spot (no better than an order tried before)."""
    spots, placed = {}, []
    for edge in order:
        spots[edge] = spot = free_spot(lines[edge], pills[edge], taken + placed)
        if spot is not None:
            placed.append(corners(spot[1]))
        elif (misses := misses - 1) == 0:
            return None
    return spots


def edge_line(edge, positions: dict, radius: dict) -> tuple:
    """(x1, y1, x2, y2) of an edge between its ends' outlines (as EdgeItem.adjust draws it)."""
    start, end = positions[edge.source], positions[edge.dest]
    return (
        *outline_point(start, end, radius[edge.source]),
        *outline_point(end, start, radius[edge.dest]),
    )


def _dx(line: tuple) -> float:
    return line[2] - line[0]


def _dy(line: tuple) -> float:
    return line[3] - line[1]


def free_spot(line: tuple, size: tuple, taken: list) -> tuple | None:
    """(fraction of the way along, (x, y, width, height)) of the first spot of LABEL_SPOTS
    where a pill of `size` (width, height) on `line` overlaps none of `taken` (left, top,
    right, bottom); None if there is none."""
    half_w, half_h = size[0] / 2, size[1] / 2
    x, y, dx, dy = line[0], line[1], _dx(line), _dy(line)
    left, right = min(x, x + dx) - half_w, max(x, x + dx) + half_w
    top, bottom = min(y, y + dy) - half_h, max(y, y + dy) + half_h
    near = [r for r in taken if r[0] < right and r[2] > left and r[1] < bottom and r[3] > top]
    # the spots alternate sides of the middle, and what blocked one mostly blocks the next
    # on its side: the last two blockers are tried before the others
    last = before = near[0] if near else NOWHERE
    for fraction in LABEL_SPOTS:  # a layout search asks thousands of times: plain numbers
        cx, cy = x + fraction * dx, y + fraction * dy
        left, top, right, bottom = cx - half_w, cy - half_h, cx + half_w, cy + half_h
        if left < last[2] and right > last[0] and top < last[3] and bottom > last[1]:
            last, before = before, last
            continue
        if left < before[2] and right > before[0] and top < before[3] and bottom > before[1]:
            continue
        for other in near:
            if left < other[2] and right > other[0] and top < other[3] and bottom > other[1]:
                last, before = before, other
                break  # overlaps
        else:
            return fraction, (left, top, 2 * half_w, 2 * half_h)
    return None


def reach(lines: list) -> tuple | None:
    """(x, y, width, height) around every spot free_spot may find for the pills of `lines`
    ((line, pill size) pairs), in its arithmetic: the spots at the first and last fraction
    of LABEL_SPOTS along each line bound the others. None for no lines."""
    ends = (min(LABEL_SPOTS), max(LABEL_SPOTS))
    left = top = math.inf
    right = bottom = -math.inf
    for line, size in lines:
        half_w, half_h = size[0] / 2, size[1] / 2
        x, y, dx, dy = line[0], line[1], _dx(line), _dy(line)
        for fraction in ends:
            cx, cy = x + fraction * dx, y + fraction * dy
            left, right = min(left, cx - half_w), max(right, cx + half_w)
            top, bottom = min(top, cy - half_h), max(bottom, cy + half_h)
    return (left, top, right - left, bottom - top) if lines else None


def corners(rect: tuple) -> tuple:
    """A rectangle (x, y, width, height) as (left, top, right, bottom), as QRectF gives them."""
    x, y, width, height = rect
    return x, y, x + width, y + height


def crossings(lines: dict, style: GraphStyle) -> list[tuple]:
    """A small square (left, top, right, bottom) around every point where two edges of
    `lines` (edge -> (x1, y1, x2, y2)) cross away from their ends: no pill sits on a
    crossing."""
    side = style.px(CROSSING)
    edges = list(lines)
    squares = []
    for index, edge in enumerate(edges):
        for other in edges[index + 1 :]:
            if edge.source is other.source or edge.dest is other.dest:
                continue
            point = crossing(lines[edge], lines[other])
            if point is not None:
                squares.append(corners((point[0] - side / 2, point[1] - side / 2, side, side)))
    return squares


def crossing(line: tuple, other: tuple) -> tuple | None:
    """(x, y) where two segments (x1, y1, x2, y2) cross, or None: QLineF.intersects' bounded
    intersection in its own order of operations, so the numbers are Qt's to the last bit (a
    search asks for every pair of edges of every plan; QLineF objects cost more than this)."""
    ax, ay = line[2] - line[0], line[3] - line[1]
    bx, by = other[0] - other[2], other[1] - other[3]
    cx, cy = line[0] - other[0], line[1] - other[1]
    denominator = ay * bx - ax * by
    if denominator == 0 or not math.isfinite(denominator):
        return None
    reciprocal = 1 / denominator
    na = (by * cx - bx * cy) * reciprocal
    if na < 0 or na > 1:
        return None
    nb = (ax * cy - ay * cx) * reciprocal
    if nb < 0 or nb > 1:
        return None
    return line[0] + ax * na, line[1] + ay * na


def united(rect: tuple | None, x: float, y: float, width: float, height: float) -> tuple:
    """`rect` (x, y, width, height; None: none yet) united with another, as QRectF.united
    computes it: a null rectangle (no width and no height) adds nothing, and each union's
    right and bottom come from its x + width again, as Qt's do."""
    if width == 0 and height == 0:
        return rect
    if rect is None:
        return x, y, width, height
    rx, ry, rw, rh = rect
    left, right = min(rx, x), max(rx + rw, x + width)
    top, bottom = min(ry, y), max(ry + rh, y + height)
    return left, top, right - left, bottom - top

"""A compact net's edges as NumPy arrays of lines (x1, y1, x2, y2), all edges at once.

A 4 x 128 net has 65,536 edges: a QLineF and a few Python calls each took seconds to lay out
and to group. Here each layer's lines come from one vectorised outline computation, the lines
are grouped by pen with one sort, and a group is drawn straight from its array.
"""

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter


def outline_lines(sources: np.ndarray, source_radii, dests: np.ndarray, dest_radii) -> np.ndarray:
    """(dests x sources, 4) lines, row j * len(sources) + i from source i to dest j, each end on
    its circle's outline where neuron_item.outline_point puts it (the same arithmetic).

    sources: (n, 2) centres, source_radii: (n,); dests: (m, 2), dest_radii: (m,).
    """
    start, end = sources[None, :, :], dests[:, None, :]
    delta = end - start  # (m, n, 2): from each source centre to each dest centre
    length = np.hypot(delta[..., 0], delta[..., 1])
    length[length == 0] = 1.0
    unit = delta / length[..., None]
    first = start + unit * np.asarray(source_radii, dtype=float)[None, :, None]
    last = end - unit * np.asarray(dest_radii, dtype=float)[:, None, None]
    return np.concatenate([first, last], axis=2).reshape(-1, 4)


def span(lines: np.ndarray, pad: float) -> QRectF:
    """The rectangle around `lines`, `pad` wider on each side (empty for no lines)."""
    if not len(lines):
        return QRectF().adjusted(-pad, -pad, pad, pad)
    xs, ys = lines[:, 0::2], lines[:, 1::2]
    left, top, right, bottom = xs.min(), ys.min(), xs.max(), ys.max()
    return QRectF(left, top, right - left, bottom - top).adjusted(-pad, -pad, pad, pad)


def nearest(lines: np.ndarray, x: float, y: float, reach: float) -> int | None:
    """The row of the line nearest the point (x, y), if within `reach` (the last of equals)."""
    if not len(lines):
        return None
    x1, y1, x2, y2 = lines.T
    dx, dy = x2 - x1, y2 - y1
    squared = dx * dx + dy * dy
    squared[squared == 0] = 1.0
    along = np.clip(((x - x1) * dx + (y - y1) * dy) / squared, 0.0, 1.0)
    distance = np.hypot(x - x1 - along * dx, y - y1 - along * dy)
    closest = distance.min()
    return int(np.flatnonzero(distance == closest)[-1]) if closest <= reach else None


def meeting(lines: np.ndarray, rect: QRectF) -> np.ndarray:
    """Those of `lines` (in order) whose bounding boxes meet `rect`: a scroll repaints a strip
    of the view, which most of a layer's lines never cross."""
    x1, y1, x2, y2 = lines.T
    meet = (np.maximum(x1, x2) >= rect.left()) & (np.minimum(x1, x2) <= rect.right())
    meet &= (np.maximum(y1, y2) >= rect.top()) & (np.minimum(y1, y2) <= rect.bottom())
    return lines if meet.all() else np.ascontiguousarray(lines[meet])


def pen_groups(codes: np.ndarray) -> list:
    """The rows of each distinct code, groups in the order their first rows come, rows in
    order within a group: [(code, rows)]. The mesh codes each edge's layer and pen."""
    order = np.argsort(codes, kind="stable")
    distinct, starts = np.unique(codes[order], return_index=True)
    groups = np.split(order, starts[1:])
    return sorted(zip(distinct.tolist(), groups), key=lambda group: group[1][0])


def draw_lines(painter: QPainter, lines: np.ndarray) -> None:
    """One drawLines call for (n, 4) float64 C-ordered `lines`, read in place (no QLineF list)."""
    if len(lines):  # (an empty array's memory may be no address at all)
        painter.drawLines(shiboken6.wrapInstance(lines.ctypes.data, QLineF), len(lines))

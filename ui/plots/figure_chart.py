"""One chart of an exported figure, drawn with QPainter straight in pixel coordinates.

No transform scales the painter and nothing is cached as a pixmap: every point is mapped to
pixels here and every mark is a plain line, polyline, rectangle, circle or text. So an SVG
renderer that ignores 'non-scaling-stroke' (ImageMagick, some editors) draws the same thin curve
a browser does, and the PNG, painted by the same code, matches both.
"""

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from simulator.notation import format_number

FONT_FAMILY = "sans-serif"  # a CSS generic family: browsers and fontconfig both resolve it
TICKS = 6  # about this many ticks per axis


@dataclass(frozen=True)
class Series:
    """One curve: legend label, x and y values, theme colour (hex) and line style."""

    label: str
    xs: tuple
    ys: tuple
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Ink:
    """The colours and base font size a figure is drawn with."""

    text: str
    muted: str
    grid: str
    background: str
    font_px: float


def font(ink: Ink, factor: float = 1.0, bold: bool = False) -> QFont:
    """The figure's font at `factor` times its base size."""
    chosen = QFont(FONT_FAMILY)
    chosen.setPixelSize(max(1, round(ink.font_px * factor)))
    chosen.setBold(bold)
    return chosen


def nice_ticks(low: float, high: float, count: int = TICKS) -> list:
    """Round tick values (1, 2 or 5 times a power of ten) from `low` to `high`."""
    if not high > low:
        return [low]
    raw = (high - low) / max(1, count - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9)
    return [k * step for k in range(first, math.floor(high / step + 1e-9) + 1)]


def padded_range(values, fixed=None) -> tuple:
    """(low, high) around the values with a little room, or `fixed` when given."""
    if fixed is not None:
        return fixed
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    room = (high - low) * 0.05
    if not low - room < high + room:  # one value, or a range lost in float rounding
        room = max(abs(low), abs(high), 1.0) * 0.05
    return low - room, high + room


def draw_text(painter: QPainter, point: QPointF, text: str, align: str = "left") -> None:
    """Text whose baseline starts at (align 'left'), is centred on or ends at `point`."""
    width = QFontMetricsF(painter.font()).horizontalAdvance(text)
    shift = {"left": 0.0, "centre": width / 2, "right": width}[align]
    painter.drawText(QPointF(point.x() - shift, point.y()), text)


def draw_chart(painter, rect: QRectF, ink: Ink, title: str, labels: tuple, series, y_fixed=None):
    """A titled chart of `series` in `rect`: grid, round ticks, axis labels, curves, legend.

    `labels` is (x label, y label); `y_fixed` pins the y range, as (0, 1) for accuracy, whose
    curves climb along the top: its legend goes to the bottom.
    """
    shown = [s for s in series if s.xs]
    xs = [x for s in shown for x in s.xs]
    ys = [y for s in shown for y in s.ys]
    x_range, y_range = padded_range(xs), padded_range(ys, y_fixed)
    if xs and min(xs) >= 1 and len(set(xs)) > 1:
        x_range = (min(xs), max(xs))  # epochs run from the first to the last, no padding
    line = ink.font_px * 1.4
    draw_title(painter, rect, ink, title)
    y_ticks = nice_ticks(*y_range)
    metrics = QFontMetricsF(painter.font())
    left = max(metrics.horizontalAdvance(format_number(t)) for t in y_ticks) + 2.2 * line
    area = QRectF(rect.left() + left, rect.top() + 2.8 * line, 0, 0)
    area.setRight(rect.right() - line)
    area.setBottom(rect.bottom() - 2.4 * line)

    def to_pixel(x, y):
        px = area.left() + (x - x_range[0]) / (x_range[1] - x_range[0]) * area.width()
        py = area.bottom() - (y - y_range[0]) / (y_range[1] - y_range[0]) * area.height()
        return QPointF(px, py)

    _draw_grid(painter, area, ink, nice_ticks(*x_range), y_ticks, to_pixel)
    painter.setPen(QColor(ink.text))
    draw_text(painter, QPointF(area.center().x(), rect.bottom() - 0.4 * line), labels[0], "centre")
    # Upright above the axis: some SVG renderers mirror rotated text.
    draw_text(painter, QPointF(area.left(), area.top() - 0.35 * line), labels[1], "centre")
    _draw_curves(painter, ink, shown, to_pixel)
    corner = "bottom" if y_fixed else "top"
    draw_legend(painter, area, ink, [(s.label, s.colour, s.dashed) for s in shown], "line", corner)


def draw_title(painter, rect: QRectF, ink: Ink, title: str) -> None:
    """A panel's bold title centred at its top; leaves the painter in the base font."""
    painter.setFont(font(ink, 1.2, bold=True))
    painter.setPen(QColor(ink.text))
    draw_text(painter, QPointF(rect.center().x(), rect.top() + ink.font_px * 1.4), title, "centre")
    painter.setFont(font(ink))


def _draw_curves(painter, ink: Ink, shown, to_pixel) -> None:
    for one in shown:
        pen = QPen(QColor(one.colour), max(1.5, ink.font_px / 6))
        pen.setStyle(Qt.PenStyle.DashLine if one.dashed else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([to_pixel(x, y) for x, y in zip(one.xs, one.ys)]))


def _draw_grid(painter, area: QRectF, ink: Ink, x_ticks, y_ticks, to_pixel) -> None:
    """Grid lines and tick labels inside `area`, then its frame."""
    line = ink.font_px * 1.4
    for x in x_ticks:
        point = to_pixel(x, 0.0)
        if area.left() - 0.5 <= point.x() <= area.right() + 0.5:
            painter.setPen(QPen(QColor(ink.grid), 1))
            painter.drawLine(QPointF(point.x(), area.top()), QPointF(point.x(), area.bottom()))
            painter.setPen(QColor(ink.text))
            draw_text(painter, QPointF(point.x(), area.bottom() + line), format_number(x), "centre")
    for y in y_ticks:
        point = to_pixel(0.0, y)
        if area.top() - 0.5 <= point.y() <= area.bottom() + 0.5:
            painter.setPen(QPen(QColor(ink.grid), 1))
            painter.drawLine(QPointF(area.left(), point.y()), QPointF(area.right(), point.y()))
            painter.setPen(QColor(ink.text))
            baseline = QPointF(area.left() - 0.3 * line, point.y() + 0.35 * ink.font_px)
            draw_text(painter, baseline, format_number(y), "right")
    painter.setPen(QPen(QColor(ink.muted), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(area)


def draw_legend(painter, area: QRectF, ink: Ink, entries, mark: str, corner: str) -> None:
    """A legend box of (label, colour, dashed) entries, each a short line (`mark` 'line') or a
    filled circle ('dot'), inside `area` at its 'top' or 'bottom' right, or 'below' it."""
    if not entries:
        return
    painter.setFont(font(ink))
    metrics = QFontMetricsF(painter.font())
    line = ink.font_px * 1.5
    width = max(metrics.horizontalAdvance(label) for label, _, _ in entries) + 3.6 * line
    height = line * len(entries) + 0.6 * line
    top = {
        "top": area.top() + 0.5 * line,
        "bottom": area.bottom() - 0.5 * line - height,
        "below": area.bottom() + 0.5 * line,
    }[corner]
    left = area.left() if corner == "below" else area.right() - width - 0.5 * line
    box = QRectF(left, top, width, height)
    backdrop = QColor(ink.background)
    painter.setPen(QPen(QColor(ink.grid), 1))
    painter.setBrush(backdrop)
    painter.drawRect(box)
    for row, entry in enumerate(entries):
        middle = box.top() + 0.3 * line + (row + 0.5) * line
        _legend_entry(painter, ink, QPointF(box.left() + 0.5 * line, middle), entry, mark)


def _legend_entry(painter, ink: Ink, start: QPointF, entry, mark: str) -> None:
    """One legend row from `start` (left end, vertical middle): its mark, then its label."""
    label, colour, dashed = entry
    line, middle = ink.font_px * 1.5, start.y()
    if mark == "line":
        pen = QPen(QColor(colour), max(1.5, ink.font_px / 6))
        pen.setStyle(Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawLine(start, QPointF(start.x() + 1.8 * line, middle))
    else:
        painter.setPen(QPen(QColor(ink.text), 1))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QPointF(start.x() + 0.9 * line, middle), 0.3 * line, 0.3 * line)
    painter.setPen(QColor(ink.text))
    draw_text(painter, QPointF(start.x() + 2.4 * line, middle + 0.35 * ink.font_px), label)

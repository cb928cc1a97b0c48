"""The training figure a teacher hands out: title and settings, the engine's verdict, the loss
and accuracy curves and, for 2-D data, the decision boundary in class colours with a legend.

One routine paints it for both PNG (a QImage) and SVG (QSvgGenerator), in plain shapes at pixel
coordinates (figure_chart.py), so browsers, ImageMagick and Qt render the SVG as the PNG looks.
Every number comes from the engine: the History's records and verdict, Network.predict on a grid,
the Dataset's class names.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from simulator.datasets import sample_rows
from simulator.notation import format_number
from ui.plots.boundary_plot import CLASS_COLOURS, MAX_POINTS, TINT, grid_points, tint
from ui.plots.figure_chart import Ink, Series, draw_chart, draw_legend, draw_text, draw_title, font
from ui.theme import LIGHT, Theme

DEFAULT_SIZE = (1400, 900)  # pixels; a projector or a printed page
MIN_SIZE = (600, 400)
BOUNDARY_GRID = 160  # grid points per axis of the boundary's heat map
SVG_DPI = 96  # one SVG user unit is one CSS pixel


@dataclass(frozen=True)
class Boundary:
    """The network's outputs over a grid around 2-D data, and the data points drawn on it."""

    outputs: np.ndarray  # (BOUNDARY_GRID**2, n_out), x index first as grid_points lays them out
    extent: tuple  # (x low, x high, y low, y high) of the grid
    points: np.ndarray  # (n, 2) inputs, at most MAX_POINTS
    classes: np.ndarray  # (n,) class index of each point
    names: tuple  # one name per class


@dataclass(frozen=True)
class TrainingFigure:
    """What the figure shows: title, settings line, verdict sentence, curves, boundary."""

    title: str
    settings: str
    verdict: str  # the engine's sentence on a troubled run, else ""
    history: object  # simulator.training.History
    boundary: Boundary | None
    trouble: tuple | None = None  # (epoch it began, kind) of a troubled run, marked on the loss


def figure_of_run(title: str, network, data, history) -> TrainingFigure:
    """The figure of a training run: `data` is the engine's TrainingData it trained on."""
    troubled = history.verdict is not None and history.verdict.trouble
    verdict = history.verdict.sentence if troubled else ""
    trouble = (history.verdict.epoch, history.verdict.kind) if troubled else None
    return TrainingFigure(
        title,
        settings_line(network, data, history),
        verdict,
        history,
        boundary_of(network, data.train),
        trouble,
    )


def settings_line(network, data, history) -> str:
    """The settings of a run as one line: optimizer, η, batch, epochs, seed, test set, scaling."""
    optimizer = network.optimizer
    parts = [
        f"{optimizer.name}, learning rate {format_number(optimizer.learning_rate)}",
        f"batch {network.batch_size}",
        f"{len(history)} epoch{'s' if len(history) != 1 else ''}",
        f"seed {network.seed}",
        f"{len(data.train)} training samples",
    ]
    if data.test is not None:
        parts.append(f"{len(data.test)} test samples")
    if data.standardization is not None:
        parts.append("inputs standardised")
    return " · ".join(parts)


def boundary_of(network, dataset) -> Boundary | None:
    """The decision boundary of a network on 2-D data; None for other data or a broken network."""
    if dataset.inputs.shape[1] != 2:
        return None
    grid = grid_points(dataset.inputs, BOUNDARY_GRID)
    with np.errstate(all="ignore"):
        outputs = network.predict(grid)
    if not np.all(np.isfinite(outputs)):
        return None
    rows = sample_rows(len(dataset), MAX_POINTS)
    targets = dataset.targets[rows]
    classes = targets.argmax(axis=1) if targets.shape[1] > 1 else (targets[:, 0] > 0.5) * 1
    count = max(2, dataset.targets.shape[1])
    names = dataset.classes or tuple(f"class {k}" for k in range(count))
    extent = (grid[0, 0], grid[-1, 0], grid[0, 1], grid[-1, 1])
    return Boundary(outputs, extent, dataset.inputs[rows], classes, names)


def write_figure(figure: TrainingFigure, path, size=DEFAULT_SIZE, theme: Theme = LIGHT) -> None:
    """Paint the figure into `path`: an SVG for a .svg name, else a PNG. OSError when the file
    cannot be written."""
    path = Path(path)
    width, height = size
    _ensure_application()
    if path.suffix.lower() == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRectF(0, 0, width, height))
        generator.setResolution(SVG_DPI)
        generator.setTitle(figure.title)
        painter = QPainter(generator)
        paint_figure(painter, figure, size, theme)
        if not painter.end() or not path.is_file():
            raise OSError(f"{path}: the SVG could not be written.")
        return
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_figure(painter, figure, size, theme)
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"{path}: the PNG could not be written.")


def paint_figure(painter: QPainter, figure: TrainingFigure, size, theme: Theme = LIGHT) -> None:
    """The whole figure: a heading band, then the charts side by side."""
    width, height = size
    ink = Ink(theme.text, theme.muted, theme.grid, theme.background, max(12.0, width / 90))
    painter.fillRect(QRectF(0, 0, width, height), QColor(theme.background))
    top = _heading(painter, figure, ink, width, theme)
    body = QRectF(ink.font_px, top, width - 2 * ink.font_px, height - top - ink.font_px)
    records = list(figure.history)
    classified = bool(records) and records[-1].accuracy is not None
    panels = 1 + classified + (figure.boundary is not None)
    gap = ink.font_px * 1.5
    share = (body.width() - gap * (panels - 1)) / panels
    rects = iter(
        QRectF(body.left() + k * (share + gap), body.top(), share, body.height())
        for k in range(panels)
    )
    epochs = tuple(r.epoch for r in records)
    loss_fields = ("loss", "test_loss")
    _chart(painter, next(rects), ink, theme, "Loss", records, epochs, loss_fields, figure.trouble)
    if classified:
        fields = ("accuracy", "test_accuracy")
        _chart(painter, next(rects), ink, theme, "Accuracy", records, epochs, fields)
    if figure.boundary is not None:
        _boundary(painter, next(rects), ink, theme, figure.boundary)


def _heading(painter, figure: TrainingFigure, ink: Ink, width: float, theme: Theme) -> float:
    """Title, settings and verdict lines at the top; returns where the charts start."""
    line = ink.font_px * 1.6
    y = ink.font_px * 2.2
    painter.setPen(QColor(theme.text))
    painter.setFont(font(ink, 1.5, bold=True))
    draw_text(painter, QPointF(ink.font_px, y), figure.title)
    painter.setFont(font(ink, 1.1))
    painter.setPen(QColor(theme.muted))
    y += line * 1.2
    draw_text(painter, QPointF(ink.font_px, y), figure.settings)
    if figure.verdict:
        painter.setPen(QColor(theme.mismatch))
        for text in _wrapped(figure.verdict, painter, width - 2 * ink.font_px):
            y += line
            draw_text(painter, QPointF(ink.font_px, y), text)
    return y + line * 0.6


def _wrapped(text: str, painter: QPainter, width: float) -> list:
    """The text broken at spaces into lines no wider than `width` in the painter's font."""
    from PySide6.QtGui import QFontMetricsF

    metrics, lines, current = QFontMetricsF(painter.font()), [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and metrics.horizontalAdvance(trial) > width:
            lines.append(current)
            trial = word
        current = trial
    return [*lines, current] if current else lines


def _chart(painter, rect, ink, theme, title, records, epochs, fields, trouble=None) -> None:
    """Training (solid) and test (dashed) curves of one EpochRecord figure; a dashed line in
    the slip colour where a trouble began."""
    series = []
    for field, colour, dashed in zip(fields, (theme.positive, theme.negative), (False, True)):
        values = tuple(getattr(record, field) for record in records)
        if values and None not in values:
            label = ("train " if not dashed else "test ") + title.lower()
            series.append(Series(label, epochs, values, colour, dashed))
    if trouble and series:
        epoch, kind = trouble
        span = [y for one in series for y in one.ys]
        label = f"{kind} from epoch {epoch}"
        series.append(Series(label, (epoch, epoch), (min(span), max(span)), theme.mismatch, True))
    fixed = (0.0, 1.05) if title == "Accuracy" else None
    draw_chart(painter, rect, ink, title, ("epoch", title.lower()), series, fixed)


def _boundary(painter, rect: QRectF, ink: Ink, theme: Theme, boundary: Boundary) -> None:
    """The heat map of the outputs in class colours, the data points, a legend of the classes."""
    line = ink.font_px * 1.4
    draw_title(painter, rect, ink, "Decision boundary")
    legend = (len(boundary.names) + 1.5) * ink.font_px * 1.5
    side = min(rect.width(), rect.height() - 2.8 * line - legend)
    area = QRectF(rect.center().x() - side / 2, rect.top() + 2.8 * line, side, side)
    image = _heat_map(boundary, theme)
    # Scaled here, once, to the pixels it covers, so no renderer smooths or blocks it its own way.
    size = QSize(round(side), round(side))
    smooth = Qt.TransformationMode.SmoothTransformation
    painter.drawImage(area, image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, smooth))
    x0, x1, y0, y1 = boundary.extent
    colours = [_class_colour(theme, k, 1.0) for k in range(len(boundary.names))]
    radius = max(2.0, ink.font_px / 4)
    painter.setPen(QPen(QColor(theme.text), 0.8))
    for (x, y), k in zip(boundary.points, boundary.classes):
        painter.setBrush(colours[k])
        centre = QPointF(
            area.left() + (x - x0) / (x1 - x0) * side, area.bottom() - (y - y0) / (y1 - y0) * side
        )
        painter.drawEllipse(centre, radius, radius)
    painter.setPen(QPen(QColor(theme.muted), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(area)
    entries = [(name, colours[k].name(), False) for k, name in enumerate(boundary.names)]
    draw_legend(painter, area, ink, entries, "dot", "below")


def _heat_map(boundary: Boundary, theme: Theme) -> QImage:
    """One pixel per grid point, y up: class tints, the background where the output is 0.5."""
    n = BOUNDARY_GRID
    outputs = boundary.outputs
    names = len(boundary.names)
    tints = np.array([_class_colour(theme, k, TINT).getRgb()[:3] for k in range(names)], float)
    if outputs.shape[1] == 1:
        # Class 0's tint, through the background at 0.5 (the boundary), to class 1's tint.
        share = np.clip(outputs[:, 0], 0.0, 1.0)[:, None]
        background = np.array(QColor(theme.background).getRgb()[:3], float)
        low = tints[0] + (background - tints[0]) * np.clip(share * 2, 0, 1)
        rgb = np.where(share < 0.5, low, background + (tints[1] - background) * (share * 2 - 1))
    else:
        rgb = tints[outputs.argmax(axis=1)]
    pixels = rgb.reshape(n, n, 3).transpose(1, 0, 2)[::-1]  # rows are y, top row highest
    packed = (0xFF << 24) | (pixels[..., 0].astype(np.uint32) << 16)
    packed |= (pixels[..., 1].astype(np.uint32) << 8) | pixels[..., 2].astype(np.uint32)
    packed = np.ascontiguousarray(packed.astype(np.uint32))
    return QImage(packed.data, n, n, 4 * n, QImage.Format.Format_RGB32).copy()


def _class_colour(theme: Theme, k: int, share: float) -> QColor:
    return tint(theme, CLASS_COLOURS[k % len(CLASS_COLOURS)], share)


_HEADLESS = []  # the application made for drawing without a window, kept alive


def _ensure_application() -> None:
    """Fonts need a Qt application: make an offscreen one when none runs (the command line).
    A QApplication, not a QGuiApplication, so widgets made later in the process still work."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _HEADLESS.append(QApplication([]))

"""The decision boundary of a 2-input network: a heat map of its outputs under the data points.

The plot only lays out the grid of input points; the values on it come from the engine's
`Network.predict`, passed in through `show_outputs`. Big data is drawn as a seeded sample of
at most MAX_POINTS points (the engine's `sample_rows`): 100,000 scatter points take seconds.
"""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from simulator.datasets import sample_rows
from ui.plots.themed_plot import ThemedPlot
from ui.theme import LIGHT, Theme

GRID_SIZE = 80  # grid points per axis
MAX_POINTS = 2000  # data points drawn at most
MARGIN = 0.1  # share of the data's extent added on each side
POINT_SIZE = 9  # pixels at presentation scale 1
TINT = 0.45  # how much of a class colour the heat map keeps (the rest is background)
CLASS_COLOURS = ("negative", "positive", "current", "read", "match", "mismatch")


class BoundaryPlot(ThemedPlot):
    """Heat map (pg.ImageItem) of the outputs over a grid, the data (ScatterPlotItem) on top."""

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        self.dataset = None
        self.grid = None  # (GRID_SIZE**2, 2) inputs, or None when the data is not 2-D
        super().__init__("Decision boundary", "x2", "x1", theme, scale, parent=parent)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.points = pg.ScatterPlotItem()
        self.addItem(self.image)
        self.addItem(self.points)
        self.showGrid(x=False, y=False)
        self.setAspectLocked(True)
        self.setMouseEnabled(x=False, y=False)

    def __repr__(self) -> str:
        return f"BoundaryPlot({self.dataset!r})"

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """The plot's theme and scale; the heat map and the points are repainted in them."""
        super().apply_theme(theme, scale)
        if self.dataset is not None:
            self.set_data(self.dataset)

    def set_data(self, dataset) -> None:
        """Show the data points and lay out the grid around them (for 2-D inputs only)."""
        self.dataset = dataset
        two_d = dataset.inputs.shape[1] == 2
        self.image.setVisible(two_d)
        self.points.setVisible(two_d)
        self.grid = grid_points(dataset.inputs) if two_d else None
        if not two_d:
            self.set_title("Boundary needs 2 inputs")  # short: it fits a narrow plot
            return
        self.set_title("Decision boundary")
        self._colour_map = self._heat_map()
        rows = sample_rows(len(dataset), MAX_POINTS)
        self.points.setData(
            pos=dataset.inputs[rows],
            size=POINT_SIZE * self.presentation_scale,
            brush=self._point_brushes(dataset.targets[rows]),
            pen=pg.mkPen(self.theme.text, width=max(1.0, self.presentation_scale)),
        )
        xs, ys = np.unique(self.grid[:, 0]), np.unique(self.grid[:, 1])
        step_x, step_y = xs[1] - xs[0], ys[1] - ys[0]
        # Each grid point is the centre of one image pixel.
        self._rect = QRectF(
            xs[0] - step_x / 2, ys[0] - step_y / 2, xs[-1] - xs[0] + step_x, ys[-1] - ys[0] + step_y
        )
        self.image.clear()

    def show_outputs(self, outputs: np.ndarray) -> None:
        """Paint the network's outputs on the grid: (GRID_SIZE**2, n_out) from Network.predict."""
        if self.grid is None:
            return
        if outputs.shape[1] == 1:
            self.image.setImage(
                outputs[:, 0].reshape(GRID_SIZE, GRID_SIZE),
                lut=self._colour_map.getLookupTable(nPts=256),
                levels=self._target_levels(),
            )
        else:  # one colour per class: the output unit with the largest value wins
            classes = outputs.argmax(axis=1).reshape(GRID_SIZE, GRID_SIZE)
            self.image.setImage(
                classes, lut=self._class_table(outputs.shape[1], TINT), levels=(0, 255)
            )
        self.image.setRect(self._rect)  # after setImage: the rect scales by the image's size

    def _target_levels(self) -> tuple:
        """The targets' own range sets the colour scale, so the boundary sits mid-way."""
        low, high = float(self.dataset.targets.min()), float(self.dataset.targets.max())
        return (low, high) if high > low else (low - 1.0, high + 1.0)

    def _heat_map(self) -> pg.ColorMap:
        """Class-0 tint, background at the midpoint (the boundary), class-1 tint."""
        low, high = (tint(self.theme, colour, TINT) for colour in CLASS_COLOURS[:2])
        return pg.ColorMap([0.0, 0.5, 1.0], [low, QColor(self.theme.background), high])

    def _point_brushes(self, targets) -> list:
        if targets.shape[1] == 1:
            low, high = self._target_levels()
            full = pg.ColorMap(
                [0.0, 1.0], [QColor(self.theme.negative), QColor(self.theme.positive)]
            )
            return [
                pg.mkBrush(full.map((t - low) / (high - low), mode="qcolor")) for t in targets[:, 0]
            ]
        table = self._class_table(targets.shape[1], 1.0)
        return [pg.mkBrush(*table[k]) for k in targets.argmax(axis=1)]

    def _class_table(self, classes: int, share: float) -> np.ndarray:
        """A 256-entry lookup table whose first `classes` entries are the class colours."""
        table = np.zeros((256, 3), dtype=np.ubyte)
        for k in range(classes):
            colour = tint(self.theme, CLASS_COLOURS[k % len(CLASS_COLOURS)], share)
            table[k] = (colour.red(), colour.green(), colour.blue())
        return table


def grid_points(inputs: np.ndarray, size: int = GRID_SIZE) -> np.ndarray:
    """size x size points covering the inputs plus a margin, x index first."""
    low, high = inputs.min(axis=0), inputs.max(axis=0)
    pad = np.maximum(high - low, 1.0) * MARGIN
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], size)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], size)
    grid_x, grid_y = np.meshgrid(xs, ys, indexing="ij")
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])


def tint(theme: Theme, field: str, share: float) -> QColor:
    """The theme colour `field` mixed with the background: `share` of the colour."""
    colour, background = QColor(getattr(theme, field)), QColor(theme.background)
    mix = [
        share * c + (1 - share) * b for c, b in zip(colour.getRgbF()[:3], background.getRgbF()[:3])
    ]
    return QColor.fromRgbF(*mix)

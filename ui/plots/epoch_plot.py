"""A thin pyqtgraph plot of per-epoch figures: named curves updated in place, a divergence line.

While a run trains the view grows in round steps (epochs 1 to 200, then to 500; a loss up to 1,
then to 2) instead of following every new point: pyqtgraph lays an axis out anew, and paints it,
each time its range moves, and its automatic range paints a plot twice per update.
"""

import math

import numpy as np

from ui.plots.record_columns import RecordColumns
from ui.plots.themed_plot import ThemedPlot
from ui.theme import LIGHT, Theme

PADDING = 0.02  # share of the view left around the round limits
TICK_ROOM = "0.0005"  # the widest y tick label the left axis keeps room for


def round_up(value: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least `value` (1 for none)."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


class EpochPlot(ThemedPlot):
    """A plot whose x axis is the epoch; curves are made once, then only `setData` is called.

    Subclasses list their curves in `CURVES` as (EpochRecord field, legend label, theme colour
    field, dashed); `show_history` reads each curve's figures straight from the engine's records.
    """

    CURVES: tuple = ()
    TITLE = ""
    Y_LABEL = ""
    LEGEND_OFFSET = (-10, 10)  # pixels from the top right; a negative y counts from the bottom
    LOG_Y = False  # the y axis counts in decades

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None, axisItems=None):
        super().__init__(
            self.TITLE,
            self.Y_LABEL,
            "epoch",
            theme,
            scale,
            tick_room=TICK_ROOM,  # a fixed axis width: new ticks never re-lay the plot out
            axisItems=axisItems,
            parent=parent,
        )
        self.add_legend(self.LEGEND_OFFSET)
        self.curves = {
            name: self.add_curve(colour, dashed=dashed) for name, _, colour, dashed in self.CURVES
        }
        self.labels = {name: label for name, label, _, _ in self.CURVES}
        self.columns = self._columns()  # the history's figures, read once per record
        self._shown = set()  # names of the curves that hold data, as listed in the legend
        self.divergence_line = self.add_line("mismatch")
        self.setMouseEnabled(x=False, y=False)
        self.getPlotItem().disableAutoRange()
        self.setLogMode(x=False, y=self.LOG_Y)
        # before the first epoch, the range an empty run has (on a log axis pyqtgraph's 1..10
        # labelled every unit from 2 to 9; the accuracy's 1.0 sat on the edge, unlabelled)
        self.setYRange(*self.y_range([]), padding=PADDING)
        self._view = None  # (x range, y range) on show

    def _columns(self) -> RecordColumns:
        """The columns of the curves' figures, in the order of `curves`."""
        names = tuple(self.curves)
        return RecordColumns(lambda record: [getattr(record, name) for name in names], len(names))

    def y_range(self, values) -> tuple:
        """The y range that holds `values` (a list or array): from 0 to a round limit above the
        largest."""
        values = np.asarray(values, dtype=float)
        return 0.0, round_up(float(values.max()) if values.size else 1.0)

    def fit_view(self, epochs, values) -> None:
        """Show the epochs and values (lists or arrays) in round limits; the view moves only
        past a limit."""
        if not len(epochs):
            self._view = None
            return
        first, last = int(epochs[0]), int(epochs[-1])
        x_range = (first, max(first + 1, round_up(last)))
        view = (x_range, self.y_range(values))
        if view != self._view:
            self._view = view
            self.setRange(xRange=view[0], yRange=view[1], padding=PADDING)
            # Move the items now: pyqtgraph would do it as the paint begins, and their moving
            # would ask for a second paint.
            self.getViewBox().updateMatrix()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self.curves)})"

    def _refresh_legend(self) -> None:
        """List only the curves that hold data."""
        self.legend.clear()
        for name, curve in self.curves.items():
            if curve.xData is not None and len(curve.xData):
                self.legend.addItem(curve, self.labels[name])

    def show_history(self, history) -> None:
        """Show every EpochRecord of `history`; a figure the run did not record stays empty.
        Called with the same history as it grows, it reads only the records added since."""
        self.columns.follow(history)
        epochs, shown, drawn = self.columns.epochs, set(), []
        for index, (name, curve) in enumerate(self.curves.items()):
            values = self.columns.figure(index) if len(epochs) else None
            if values is not None:
                curve.setData(epochs, values)
                shown.add(name)
                drawn.append(values)
            elif curve.xData is not None and len(curve.xData):
                curve.setData([], [])
        values = np.concatenate(drawn) if drawn else np.empty(0)
        self.fit_view(epochs, values[np.isfinite(values)])
        if shown != self._shown:
            self._shown = shown
            self._refresh_legend()

    def mark_divergence(self, epoch: int | None) -> None:
        """Draw a vertical line at the epoch where training diverged, or where the engine saw
        its loss begin to rise, oscillate or stall (None hides it)."""
        self.divergence_line.setVisible(epoch is not None)
        if epoch is not None:
            self.divergence_line.setValue(epoch)

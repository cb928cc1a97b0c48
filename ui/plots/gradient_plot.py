"""Per-layer mean |dL/dW| per epoch on a log scale, where vanishing gradients show as a fan."""

import math

import numpy as np

from ui.plots.epoch_plot import EpochPlot
from ui.plots.record_columns import RecordColumns
from ui.plots.themed_plot import series_colour

EDGE = 0.3  # decades shown beyond the whole decades, so the decades at the ends are labelled


class GradientPlot(EpochPlot):
    """One curve per layer l = 1..L: the epoch's mean |dL/dW[l]| from EpochRecord.gradient_means."""

    TITLE = "Mean |dL/dW| per layer"
    Y_LABEL = "mean |dL/dW|"
    LOG_Y = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layer_curves = []
        self.getAxis("left").setStyle(maxTextLevel=0)  # label the decades only (a DecadeAxis)

    def set_layers(self, depth: int) -> None:
        """Make one curve per layer; called once per network, not per epoch."""
        for curve in self.layer_curves:
            self.removeItem(curve)
        self.layer_curves = [self.add_curve(series_colour(layer)) for layer in range(depth)]
        self.columns = RecordColumns(lambda record: record.gradient_means, depth)
        self._refresh_legend()

    def _refresh_legend(self) -> None:
        self.legend.clear()
        for layer, curve in enumerate(self.layer_curves, start=1):
            self.legend.addItem(curve, f"layer {layer}")

    def y_range(self, values) -> tuple:
        """Whole decades around the values (a list or array), and a little beyond: a label at
        the very end of the axis would stick out of it, and pyqtgraph leaves it out (the axis
        counts in log10 units)."""
        values = np.asarray(values, dtype=float)
        kept = values[(values > 0) & np.isfinite(values)]
        if kept.size:  # log10 rises with its argument: the extremes' logs are the logs' extremes
            low, high = math.floor(math.log10(kept.min())), math.ceil(math.log10(kept.max()))
        else:
            low, high = -1, 0
        return low - EDGE, max(high, low + 1) + EDGE

    def show_history(self, history) -> None:
        """Each layer's mean |dL/dW| against the epoch, as the engine recorded it (only the
        records added since the last call are read)."""
        self.columns.follow(history)
        epochs = self.columns.epochs
        drawn = [self.columns.figure(index) for index in range(len(self.layer_curves))]
        for curve, values in zip(self.layer_curves, drawn):
            curve.setData(epochs, values)
        self.fit_view(epochs, np.concatenate(drawn) if drawn else np.empty(0))

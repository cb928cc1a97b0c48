"""A thin pyqtgraph plot of per-epoch figures: named curves updated in place, a divergence line."""

from ui.plots.themed_plot import ThemedPlot
from ui.theme import LIGHT, Theme


class EpochPlot(ThemedPlot):
    """A plot whose x axis is the epoch; curves are made once, then only `setData` is called.

    Subclasses list their curves in `CURVES` as (EpochRecord field, legend label, theme colour
    field, dashed); `show_history` reads each curve's figures straight from the engine's records.
    """

    CURVES: tuple = ()
    TITLE = ""
    Y_LABEL = ""
    LEGEND_OFFSET = (-10, 10)  # pixels from the top right; a negative y counts from the bottom

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None, axisItems=None):
        super().__init__(
            self.TITLE, self.Y_LABEL, "epoch", theme, scale, axisItems=axisItems, parent=parent
        )
        self.add_legend(self.LEGEND_OFFSET)
        self.curves = {
            name: self.add_curve(colour, dashed=dashed) for name, _, colour, dashed in self.CURVES
        }
        self.labels = {name: label for name, label, _, _ in self.CURVES}
        self._shown = set()  # names of the curves that hold data, as listed in the legend
        self.divergence_line = self.add_line("mismatch")
        self.setMouseEnabled(x=False, y=False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self.curves)})"

    def _refresh_legend(self) -> None:
        """List only the curves that hold data."""
        self.legend.clear()
        for name, curve in self.curves.items():
            if curve.xData is not None and len(curve.xData):
                self.legend.addItem(curve, self.labels[name])

    def show_history(self, history) -> None:
        """Show every EpochRecord of `history`; a figure the run did not record stays empty."""
        epochs = [record.epoch for record in history]
        shown = set()
        for name, curve in self.curves.items():
            values = [getattr(record, name) for record in history]
            present = bool(values) and None not in values
            curve.setData(epochs if present else [], values if present else [])
            if present:
                shown.add(name)
        if shown != self._shown:
            self._shown = shown
            self._refresh_legend()

    def mark_divergence(self, epoch: int | None) -> None:
        """Draw a vertical line at the epoch where training diverged, or where the engine saw
        its loss begin to rise, oscillate or stall (None hides it)."""
        self.divergence_line.setVisible(epoch is not None)
        if epoch is not None:
            self.divergence_line.setValue(epoch)

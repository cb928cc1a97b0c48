"""A thin pyqtgraph plot of per-epoch figures: named curves updated in place, a divergence line."""

import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont

from ui.theme import LIGHT, Theme, font_px

PREFERRED_SIZE = (320, 240)  # pixels at presentation scale 1

CURVE_WIDTH = 2.5


class EpochPlot(pg.PlotWidget):
    """A plot whose x axis is the epoch; curves are made once, then only `setData` is called.

    Subclasses list their curves in `CURVES` as (EpochRecord field, legend label, theme colour
    field, dashed); `show_history` reads each curve's figures straight from the engine's records.
    """

    CURVES: tuple = ()
    TITLE = ""
    Y_LABEL = ""
    LEGEND_OFFSET = (-10, 10)  # pixels from the top right; a negative y counts from the bottom

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.legend = self.addLegend(offset=self.LEGEND_OFFSET)
        self.curves = {name: self.plot([], []) for name, _, _, _ in self.CURVES}
        self.labels = {name: label for name, label, _, _ in self.CURVES}
        self._shown = set()  # names of the curves that hold data, as listed in the legend
        self.divergence_line = pg.InfiniteLine(angle=90, movable=False)
        self.divergence_line.setVisible(False)
        self.addItem(self.divergence_line)
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setMouseEnabled(x=False, y=False)
        self.apply_theme(theme, scale)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self.curves)})"

    def sizeHint(self) -> QSize:
        """A modest preferred size, so a splitter beside the view leaves room for the graph."""
        return QSize(round(PREFERRED_SIZE[0] * self.scale), round(PREFERRED_SIZE[1] * self.scale))

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """Colours from the theme; fonts and line widths grow with the presentation scale."""
        self.theme, self.scale = theme, scale
        self.setBackground(theme.background)
        px = font_px(scale)
        tick_font = QFont()
        tick_font.setPixelSize(px)
        label_style = {"color": theme.text, "font-size": f"{px}px"}
        for side, text in (("bottom", "epoch"), ("left", self.Y_LABEL)):
            axis = self.getAxis(side)
            axis.setPen(theme.muted)
            axis.setTextPen(theme.text)
            # Major ticks and grid lines only: minor grid lines cost most of a repaint.
            axis.setStyle(tickFont=tick_font, maxTickLevel=0)
            axis.setLabel(text, **label_style)
            axis.enableAutoSIPrefix(False)  # a loss of 0.45 reads 0.45, not 450 (x0.001)
        self.setTitle(self.TITLE, color=theme.text, size=f"{font_px(scale, 1.15)}px")
        for name, _, colour, dashed in self.CURVES:
            style = pg.QtCore.Qt.PenStyle.DashLine if dashed else pg.QtCore.Qt.PenStyle.SolidLine
            pen = pg.mkPen(getattr(theme, colour), width=CURVE_WIDTH * scale, style=style)
            self.curves[name].setPen(pen)
        self.divergence_line.setPen(pg.mkPen(theme.mismatch, width=2 * scale))
        self.legend.opts.update(labelTextColor=theme.text, labelTextSize=f"{px}px")
        backdrop = QColor(theme.background)
        backdrop.setAlpha(210)  # curves stay visible behind the legend, its text stays legible
        self.legend.setBrush(pg.mkBrush(backdrop))
        self.legend.setPen(pg.mkPen(theme.grid))
        self._refresh_legend()

    def _refresh_legend(self) -> None:
        """List only the curves that hold data, in the theme's text colour and size."""
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
        """Draw a vertical line at the epoch where training diverged (None hides it)."""
        self.divergence_line.setVisible(epoch is not None)
        if epoch is not None:
            self.divergence_line.setValue(epoch)

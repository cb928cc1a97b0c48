"""The left axis of every ThemedPlot: decades only on a log scale, and a width that holds its
tick labels and its title side by side at any presentation scale."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics


class DecadeAxis(pg.AxisItem):
    """An axis that, on a log scale, marks and labels whole decades only (1, 2 and 5 x 10^n
    where the range holds fewer than two): pyqtgraph adds a tick and a grid line at every
    2..9 x 10^n, a grey blur on a projector once the range spans a few decades. On a linear
    scale it is pyqtgraph's axis."""

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        if not self.logMode:
            return levels
        major = [(spacing, values) for spacing, values in levels if spacing is not None]
        if major:
            return major
        minor = np.asarray(levels[0][1] if levels else [])  # under two decades: pick them out
        decades = minor[np.isclose(minor, np.round(minor))]
        if decades.size >= 2:
            return [(1.0, decades.tolist())]
        # within a decade or so: 1, 2 and 5 x 10^n (every unit from 2 to 9 crowded the axis)
        mantissas = 10 ** (minor - np.floor(minor + 1e-9))
        kept = minor[np.isclose(mantissas[:, None], (1.0, 2.0, 5.0), rtol=1e-6).any(axis=1)]
        return [(None, kept.tolist())] if kept.size else levels

    def fit_width(self, tick_room: str | None) -> None:
        """As wide as the ticks (`tick_room`, else the widest tick label of the range on show)
        and the title written upwards beside them. Left to pyqtgraph, the width followed the
        labels a frame late and kept 0.8 of the title's height: at scale 2 the title ran into
        the ticks."""
        metrics = QFontMetrics(self.style["tickFont"])
        if tick_room:
            widest = metrics.horizontalAdvance(tick_room)
        else:
            low, high = self.linkedView().viewRange()[1]
            levels = self.tickValues(low, high, max(self.size().height(), 1.0))
            texts = [text for step, values in levels for text in self.tickStrings(values, 1, step)]
            widest = max(map(metrics.horizontalAdvance, texts), default=0)
        width, shown = widest + 2 * metrics.height(), self.fixedWidth or 0
        # a little narrower keeps the width: ticks that come and go never shake the plot
        if width > shown or width < shown - metrics.height():
            self.setWidth(width)

"""RowLegend: a plot's legend in a row of its own under the axes, as wide as the plot allows."""

import pyqtgraph as pg
from PySide6.QtCore import Qt

MOST_COLUMNS = 4  # entries side by side where the width holds them


class RowLegend(pg.LegendItem):
    """A legend that takes its place in the plot's layout (a row under the axes) instead of
    floating over the data. It keeps the room of one row even while it lists nothing, so the
    first curve to get data (as training starts) does not lay the plot out again and paint it
    twice more. Given the plot's width (`fit`), it sets fewer entries side by side, and wraps
    an entry wider than the whole row, rather than widen the plot past its window."""

    reserved = 0.0  # the height of one row of entries at the current font
    room = None  # the width it may take, in pixels (None: as wide as it likes)
    _fitting = False

    def __init__(self, **options):
        super().__init__(colCount=MOST_COLUMNS, **options)

    def updateSize(self):
        if self.size is not None:
            return
        self._fit()
        self.layout.activate()
        hint = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
        height = max(hint.height(), self.reserved)
        self.setPreferredSize(hint.width(), height)
        self.setMinimumHeight(height)
        self.updateGeometry()

    def fit(self, room: float) -> None:
        """Keep within `room` pixels of width from now on."""
        if room != self.room:
            self.room = room
            self.updateSize()

    def _fit(self) -> None:
        """Wrap the entries wider than the room; then as many columns as the room holds."""
        if self.room is None or not self.items or self._fitting:
            return
        self._fitting = True  # a new column count lays the entries out again, and asks here
        try:
            for sample, label in self.items:
                label.item.setTextWidth(-1)
                wrap = self.room - sample.width() - 2 * self.layout.horizontalSpacing() - 8
                if label.itemRect().width() > wrap:
                    label.item.setTextWidth(max(wrap, 1.0))
                label.updateMin()
            for columns in range(MOST_COLUMNS, 0, -1):
                self.setColumnCount(columns)
                self.layout.activate()
                if self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize).width() <= self.room:
                    break
        finally:
            self._fitting = False

    def reserve_row(self) -> None:
        """Measure one row of entries at the current font (with a stand-in entry when the
        legend lists nothing yet) and keep that room from now on."""
        self.reserved = 0.0
        stand_in = None if self.items else pg.PlotDataItem()
        if stand_in is not None:
            self.addItem(stand_in, "Xg")
        self.layout.activate()
        self.reserved = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize).height()
        if stand_in is not None:
            self.removeItem(stand_in)
        self.updateSize()

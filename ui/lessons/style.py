"""The lesson views' shared parts: their plots (themed by ui.plots.themed_plot), tables that fit."""

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from ui.plots.themed_plot import ThemedPlot
from ui.theme import Theme

MIN_PLOT_HEIGHT = 180  # a lesson's plot never shrinks to a strip (pixels at scale 1)


def lesson_plot(title: str, left: str, bottom: str, theme: Theme, scale: float) -> ThemedPlot:
    """A lesson's plot: themed like every plot, room kept for ticks like '-0.0001', no menu,
    never flatter than MIN_PLOT_HEIGHT (at the presentation scale)."""
    plot = ThemedPlot(title, left, bottom, theme, scale, tick_room="-0.0001")
    plot.getPlotItem().setMenuEnabled(False)
    plot.set_least_height(MIN_PLOT_HEIGHT)
    return plot


def read_only_table(columns) -> QTableWidget:
    """A table with these column titles, no row numbers, columns sized to their contents."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fit_rows(table: QTableWidget, shrinks: bool = False) -> None:
    """Make the table tall enough for its header and every row, at any font size; with
    `shrinks`, that is only its most, and with less room it scrolls (down to three rows)."""
    table.resizeRowsToContents()
    header = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    full = table.verticalHeader().length() + header
    if not shrinks:
        table.setFixedHeight(full)
        return
    table.setMaximumHeight(full)
    table.setMinimumHeight(min(full, header + 3 * table.verticalHeader().defaultSectionSize()))

"""The lesson views' shared parts: their plots (themed by ui.plots.themed_plot), tables that fit."""

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from ui.plots.themed_plot import ThemedPlot
from ui.theme import Theme


def lesson_plot(title: str, left: str, bottom: str, theme: Theme, scale: float) -> ThemedPlot:
    """A lesson's plot: themed like every plot, room kept for ticks like '-0.0001', no menu."""
    plot = ThemedPlot(title, left, bottom, theme, scale, tick_room="-0.0001")
    plot.getPlotItem().setMenuEnabled(False)
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


def fit_rows(table: QTableWidget) -> None:
    """Make the table exactly tall enough for its header and every row, at any font size."""
    table.resizeRowsToContents()
    table.setFixedHeight(
        table.verticalHeader().length()
        + table.horizontalHeader().sizeHint().height()
        + 2 * table.frameWidth()
    )

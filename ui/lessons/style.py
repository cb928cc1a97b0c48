"""The lesson views' shared look: theme colours, the app's scalable font, tables that fit."""

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from ui.theme import Theme


def font_size(font: QFont) -> str:
    """The font's size as pyqtgraph wants it ('14px' or '11pt'), so plots scale with the app."""
    if font.pixelSize() > 0:
        return f"{font.pixelSize()}px"
    return f"{font.pointSizeF():g}pt"


def series_colours(theme: Theme) -> tuple:
    """Distinct colours for overlaid series, Okabe-Ito pairs first."""
    return (
        theme.positive,
        theme.negative,
        theme.read,
        theme.current,
        theme.match,
        theme.mismatch,
        theme.muted,
    )


def themed_plot(theme: Theme, font: QFont, title: str, left: str, bottom: str) -> pg.PlotWidget:
    """A PlotWidget in the theme's colours with titles and ticks in the app font."""
    plot = pg.PlotWidget(background=theme.background)
    item = plot.getPlotItem()
    size = font_size(font)
    item.setTitle(title, color=theme.text, size=size)
    for name, text in (("left", left), ("bottom", bottom)):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.muted))
        axis.setTextPen(pg.mkPen(theme.text))
        axis.setStyle(tickFont=font)
        axis.setLabel(text, color=theme.text, size=size)
        axis.enableAutoSIPrefix(False)
    metrics = QFontMetrics(font)  # room for ticks like '-0.0001' and the rotated axis title
    item.getAxis("left").setWidth(metrics.horizontalAdvance("-0.0001") + 2 * metrics.height())
    item.showGrid(x=True, y=True, alpha=0.25)
    item.setMenuEnabled(False)
    return plot


def add_legend(plot: pg.PlotWidget, theme: Theme, font: QFont, offset=(30, 30)):
    """A legend in the theme's text colour and the app font (negative offset: from the right)."""
    return plot.getPlotItem().addLegend(
        offset=offset,
        labelTextColor=theme.text,
        labelTextSize=font_size(font),
        brush=theme.surface,
        pen=pg.mkPen(theme.grid),
    )


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

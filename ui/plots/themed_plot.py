"""ThemedPlot: the one path by which every plot of the program takes its theme and scale.

The training plots (ui/plots/) and the lessons' plots are all ThemedPlots, so a theme or a
presentation-scale change restyles each of them the same way: background, axis pens, tick and
label fonts, title, legend, grid and the pens of the items added through `add_curve`,
`add_marker`, `add_bars` and `add_line` (which name a theme colour, not a hex string).
Whatever the scale, the title fits the plot's width and the left axis's title its height.
"""

import math

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QTextOption
from PySide6.QtWidgets import QGraphicsItem

from ui.plots.axes import DecadeAxis
from ui.plots.plot_menus import MenuOnDemandViewBox, follow_window
from ui.plots.row_legend import RowLegend
from ui.theme import LIGHT, Theme, font_px

PREFERRED_SIZE = (320, 240)  # pixels at presentation scale 1
CURVE_WIDTH = 2.5  # pixels at presentation scale 1
LINE_WIDTH = 2.0  # a marking line, such as the epoch where training diverged
MARKER_SIZE = 14
TITLE_FACTOR = 1.15  # a plot's title is this much larger than its axis text
LEGEND_ALPHA = 210  # the legend's backdrop lets curves show through, its text stays legible
LEGEND_ROW = 4  # the legend's row of the plot's layout: under the bottom axis
# blue, orange, green first: three hues a projector keeps apart (blue and teal, orange and
# amber do not); the learning-rate lesson overlays three runs
SERIES_COLOURS = ("positive", "negative", "match", "mismatch", "read", "current", "muted")


def series_colour(index: int) -> str:
    """The theme colour of the index-th overlaid series (Okabe-Ito pairs first)."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


class ThemedPlot(pg.PlotWidget):
    """A PlotWidget whose every colour, font and line width comes from `apply_theme`.

    Its axes show plain numbers: pyqtgraph's automatic SI prefix is off, so a loss of 0.3 is
    labelled 0.3, never 300 with an 'x0.001' (or nothing) beside the axis title.
    """

    _title_px = 0  # the title's type as shown (smaller where the plot is narrow); 0: none yet
    _worn = None  # the (theme, scale) applied last
    legend = None  # a RowLegend, once `add_legend` made one

    def __init__(
        self,
        title: str = "",
        left: str = "",
        bottom: str = "",
        theme: Theme = LIGHT,
        scale: float = 1.0,
        tick_room: str | None = None,
        axisItems=None,
        parent=None,
    ):
        super().__init__(
            parent,
            axisItems=axisItems or {"left": DecadeAxis("left")},
            viewBox=MenuOnDemandViewBox(),
        )
        self.title_text, self.axis_titles = title, {"left": left, "bottom": bottom}
        self.tick_room = tick_room  # left-axis ticks as wide as this text keep their room
        self.least_height = 0  # pixels at presentation scale 1 (0: no least height)
        self._painted = {}  # item -> (kind, theme colour field, dashed)
        plot_item = self.getPlotItem()
        # the title spans the axes' columns too: over the data alone it was cut at presentation
        # scale (and pushed the plot's right edge out of the widget)
        plot_item.layout.removeItem(plot_item.titleLabel)
        plot_item.layout.addItem(plot_item.titleLabel, 0, 0, 1, 3)
        follow_window(plot_item.ctrlMenu, self)  # the view box's menu, once made, too
        self.showGrid(x=True, y=True, alpha=0.25)
        for side in ("left", "bottom"):
            # An axis draws its grid across the whole plot, so every new point of a curve would
            # repaint it, tick labels and all: Qt keeps it as a picture until its ticks change.
            self.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.apply_theme(theme, scale)
        if tick_room is None:  # the ticks change with the range shown
            self.getViewBox().sigYRangeChanged.connect(self._fit_left_axis)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.title_text!r})"

    def set_least_height(self, height: int) -> None:
        """Never flatter than `height` pixels at presentation scale 1 (it grows with it)."""
        self.least_height = height
        self._keep_least_height()

    def _keep_least_height(self) -> None:
        """The least height: `least_height` at the scale, and never so flat that the left
        axis's title (written upwards) is longer than the axis."""
        plot_item = self.getPlotItem()
        axis = plot_item.getAxis("left")
        length = axis.label.boundingRect().width() if axis.labelText else 0.0
        axis.setMinimumHeight(length)
        plot_item.layout.invalidate()
        needed = plot_item.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()
        least = round(self.least_height * self.presentation_scale)
        self.setMinimumHeight(max(least, math.ceil(needed) + 2 * self.frameWidth()))

    def sizeHint(self) -> QSize:
        """A modest preferred size, so a splitter beside the view leaves room for the graph."""
        scale = self.presentation_scale
        return QSize(round(PREFERRED_SIZE[0] * scale), round(PREFERRED_SIZE[1] * scale))

    # -- items that follow the theme -----------------------------------------------------

    def add_curve(self, colour: str, name: str | None = None, dashed: bool = False):
        """A line in the theme colour `colour` (a Theme field), listed in the legend as `name`."""
        return self._paint(self.plot([], [], name=name), "curve", colour, dashed)

    def add_marker(self, colour: str):
        """Round points in `colour`, outlined in the text colour (no line between them)."""
        return self._paint(self.plot([], [], pen=None, symbol="o"), "marker", colour)

    def add_bars(self, colour: str, width: float) -> pg.BarGraphItem:
        """A bar chart in `colour` whose bars are `width` x-units wide."""
        bars = pg.BarGraphItem(x=[], height=[], width=width)
        self.addItem(bars)
        return self._paint(bars, "bars", colour)

    def add_line(self, colour: str) -> pg.InfiniteLine:
        """A vertical line across the plot (hidden until it is placed with setValue)."""
        line = pg.InfiniteLine(angle=90, movable=False)
        line.setVisible(False)
        self.addItem(line)
        return self._paint(line, "line", colour)

    def add_legend(self, offset=None) -> pg.LegendItem:
        """The legend, in a row of its own under the plot, where it never covers a curve
        (`offset` is not used: it stays for the callers that placed the legend inside)."""
        plot_item = self.getPlotItem()
        self.legend = RowLegend(offset=None)
        plot_item.layout.addItem(self.legend, LEGEND_ROW, 0, 1, 3)  # under the axes' titles too
        plot_item.legend = self.legend  # curves made with a name join it
        self._style_legend()
        return self.legend

    def removeItem(self, item) -> None:
        """Remove `item` from the plot; it no longer follows the theme."""
        self._painted.pop(item, None)
        super().removeItem(item)

    def _paint(self, item, kind: str, colour: str, dashed: bool = False):
        self._painted[item] = (kind, colour, dashed)
        self._style_item(item)
        return item

    # -- the theme -----------------------------------------------------------------------

    def set_title(self, text: str) -> None:
        """Change the title; it keeps the theme's colour and size (as the width allows)."""
        self.title_text = text
        self._show_title(font_px(self.presentation_scale, TITLE_FACTOR))
        self._fit_title()

    def _show_title(self, px: int, wrap_width: float = -1) -> None:
        """The title in `px` type, wrapped at `wrap_width` (-1: on one line); its row of the
        plot as tall as its lines (pyqtgraph fixes it at 30 px, a line of 12 pt type)."""
        self._title_px = px
        label = self.getPlotItem().titleLabel
        label.item.setTextWidth(wrap_width)
        label.item.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        self.setTitle(self.title_text, color=self.theme.text, size=f"{px}px")
        height = label.item.boundingRect().height() if self.title_text else 0.0
        label.setMaximumHeight(height)
        layout = self.getPlotItem().layout
        layout.setRowFixedHeight(0, height)
        layout.activate()  # the row takes its height now, not at a later event

    def _fit_title(self) -> None:
        """Shrink the title's type to fit the plot's width, down to the axes' size; narrower
        still, wrap it between words."""
        scale = self.presentation_scale
        largest, least = font_px(scale, TITLE_FACTOR), font_px(scale)
        room = self.viewport().width() - 12  # the layout's margins, and a hair
        font = QFont()
        font.setPixelSize(largest)
        natural = QFontMetrics(font).horizontalAdvance(self.title_text)
        px = largest if natural <= room else max(least, math.floor(largest * room / natural))
        font.setPixelSize(px)
        wrap = -1 if QFontMetrics(font).horizontalAdvance(self.title_text) <= room else room
        if px != self._title_px or wrap != self.getPlotItem().titleLabel.item.textWidth():
            self._show_title(px, wrap)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.closed:  # pyqtgraph's close lets the plot item go, then resizes the viewport
            return
        if self._title_px:  # pyqtgraph's constructor resizes before the theme is applied
            self._fit_title()
        if self.legend is not None:  # its row is as wide as the plot
            self.legend.fit(self.viewport().width() - 12)
            self._keep_least_height()  # and as tall as its entries need

    def set_axis_title(self, side: str, text: str) -> None:
        """Change the title of the 'left' or 'bottom' axis; it keeps the theme's colour and size
        (a new theme or scale writes this title, not the first one)."""
        self.axis_titles[side] = text
        self.getAxis(side).setLabel(text)  # pyqtgraph keeps the label's style
        self._keep_least_height()  # the left title, written upwards, sets the least height

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """Colours from the theme; fonts, pens and markers grow with the presentation scale.
        The theme and scale the plot wears already change nothing (a view made in them)."""
        if (theme, scale) == self._worn:
            return
        self._worn = (theme, scale)
        self.theme, self.presentation_scale = theme, scale
        self.setBackground(theme.background)
        px = font_px(scale)
        tick_font = QFont()
        tick_font.setPixelSize(px)
        for side, text in self.axis_titles.items():
            axis = self.getAxis(side)
            axis.setPen(pg.mkPen(theme.muted))
            axis.setTextPen(pg.mkPen(theme.text))
            # Major ticks and grid lines only: minor grid lines cost most of a repaint.
            axis.setStyle(tickFont=tick_font, maxTickLevel=0)
            # No SI prefix anywhere: pyqtgraph would otherwise freeze a x1000 tick scale
            # whenever the axis is restyled while it spans less than 1.
            axis.setLabel(
                text, siPrefixEnableRanges=(), color=theme.text, **{"font-size": f"{px}px"}
            )
            axis.enableAutoSIPrefix(False)
        # The bottom axis is as tall as a line of its tick font from the first paint: pyqtgraph
        # would start at 18 px and grow to the text it has drawn, moving the data area up once
        # the first frame is on screen.
        self.getAxis("bottom").setStyle(
            autoExpandTextSpace=False, tickTextHeight=math.ceil(QFontMetricsF(tick_font).height())
        )
        self._fit_left_axis()
        self.set_title(self.title_text)
        self._keep_least_height()
        for item in self._painted:
            self._style_item(item)
        self._style_legend()

    def _fit_left_axis(self, *_range) -> None:
        """The left axis as wide as its ticks and its title (DecadeAxis.fit_width)."""
        self.getAxis("left").fit_width(self.tick_room)

    def _style_item(self, item) -> None:
        kind, colour, dashed = self._painted[item]
        theme, scale = self.theme, self.presentation_scale
        colour = getattr(theme, colour)
        style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        if kind == "curve":
            item.setPen(pg.mkPen(colour, width=CURVE_WIDTH * scale, style=style))
        elif kind == "marker":
            item.setSymbolBrush(colour)
            item.setSymbolPen(pg.mkPen(theme.text, width=max(1.0, scale)))
            item.setSymbolSize(MARKER_SIZE * scale)
        elif kind == "bars":
            item.setOpts(brush=colour, pen=colour)
        else:
            item.setPen(pg.mkPen(colour, width=LINE_WIDTH * scale))

    def _style_legend(self) -> None:
        if self.legend is None:
            return
        size = f"{font_px(self.presentation_scale)}px"
        resized = size != self.legend.labelTextSize()
        self.legend.setLabelTextColor(self.theme.text)
        self.legend.setLabelTextSize(size)
        for _, label in self.legend.items:  # pyqtgraph keeps both for the label's next text
            label.setText(label.text)
        backdrop = QColor(self.theme.background)
        backdrop.setAlpha(LEGEND_ALPHA)
        self.legend.setBrush(pg.mkBrush(backdrop))
        self.legend.setPen(pg.mkPen(self.theme.grid))
        if resized:  # the room of a row depends on the type's size alone
            self.legend.reserve_row()

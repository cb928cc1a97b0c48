"""The stepping toolbar's overflow button, sized and drawn for the presentation.

At a projector's 1024 x 768 and a large presentation scale the toolbar's last items (Play, the
speed, Practice) no longer fit, and Qt moves them into the menu of its extension button. Left
to the style that button is a 12 px sliver whose arrow the window's style sheet pads away:
nobody at the back of a room would find it. This style gives it a width of the toolbar's
type size and a » in the theme's text colour; the speed slider keeps its length (squeezed, it
was a knob without a groove) and moves into that menu whole.
"""

from functools import partial

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontInfo, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QSlider,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

EXTENSION_EMS = 2.2  # the overflow button's width, in the toolbar's type size
ICON_EMS = 1.4  # the » drawn on it
SLIDER_EMS = 7.0  # the speed slider's length
DRAWN_SIDE = 64  # the icons are drawn this large and scaled down to the icon size


class ToolbarStyle(QProxyStyle):
    """The application's style for the stepping toolbar, but with its overflow button as wide as
    EXTENSION_EMS of the toolbar's type, showing a drawn », and Play and Pause drawn in the
    toolbar's text colour (the style's own are black, unseen on the dark theme). It reads the
    sizes and colours from the widget it is asked for, so one style serves every window at its
    own scale and theme; only the toolbars use it (each of its answers is a Python call)."""

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        if metric == QStyle.PixelMetric.PM_ToolBarExtensionExtent and widget is not None:
            return round(EXTENSION_EMS * type_px(widget))
        return super().pixelMetric(metric, option, widget)

    def standardIcon(self, icon, option=None, widget=None) -> QIcon:
        draw = DRAWN.get(icon)
        if draw is None or widget is None:
            return super().standardIcon(icon, option, widget)
        return draw(widget.palette().color(QPalette.ColorRole.ButtonText))


def shared_toolbar_style(app: QApplication) -> ToolbarStyle:
    """The one ToolbarStyle of `app`, made at the first call. The application owns it, so it
    outlives every toolbar given it: a style of a window's own, freed by Python at the
    program's end or with its window, crashed the program."""
    style = app.findChild(ToolbarStyle)
    if style is None:
        style = ToolbarStyle(app.style().name())  # its base made by Qt and owned by it
        style.setParent(app)  # Qt's to free, not Python's
    return style


def type_px(widget: QWidget) -> int:
    """The pixel size of `widget`'s type (the window's style sheet sets it for the scale)."""
    return QFontInfo(widget.font()).pixelSize()


def style_toolbar(toolbar: QToolBar) -> None:
    """Draw `toolbar`'s overflow button for the type and colours its window now has, and give
    the speed slider its length."""
    em = type_px(toolbar)
    extension = extension_button(toolbar)
    more = QStyle.StandardPixmap.SP_ToolBarHorizontalExtensionButton
    extension.setIcon(toolbar.style().standardIcon(more, None, toolbar))
    extension.setIconSize(QSize(round(ICON_EMS * em), round(ICON_EMS * em)))
    extension.setToolTip("More of the toolbar (the window is too narrow to show it all)")
    for slider in toolbar.findChildren(QSlider):  # whole or in the menu, never squeezed thin
        slider.setFixedWidth(round(SLIDER_EMS * em))
    toolbar.layout().invalidate()  # the extension's extent follows the type


def extension_button(toolbar: QToolBar) -> QToolButton:
    """The button whose menu holds what does not fit on `toolbar` (Qt's own)."""
    return toolbar.findChild(QToolButton, "qt_toolbar_ext_button")


def _media_icon(colour: QColor, pause: bool = False) -> QIcon:
    """Two bars (pause) or a triangle (play) in `colour`, drawn large: the icon scales down."""
    pixmap, painter = _canvas(DRAWN_SIDE)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    unit = DRAWN_SIDE / 8
    if pause:
        painter.drawRect(QRectF(2 * unit, unit, 1.5 * unit, 6 * unit))
        painter.drawRect(QRectF(4.5 * unit, unit, 1.5 * unit, 6 * unit))
    else:
        points = [QPointF(2 * unit, unit), QPointF(7 * unit, 4 * unit), QPointF(2 * unit, 7 * unit)]
        painter.drawPolygon(points)
    painter.end()
    return QIcon(pixmap)


def _more_icon(colour: QColor) -> QIcon:
    """A » of two bold chevrons in `colour`, drawn (no glyph a font may lack)."""
    pixmap, painter = _canvas(DRAWN_SIDE)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = DRAWN_SIDE / 8
    pen = QPen(colour, 1.2 * unit)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    for left in (1.5 * unit, 4.0 * unit):
        chevron = [QPointF(left, 2 * unit), QPointF(left + 2.5 * unit, 4 * unit)]
        chevron.append(QPointF(left, 6 * unit))
        painter.drawPolyline(chevron)
    painter.end()
    return QIcon(pixmap)


def _canvas(side: int) -> tuple[QPixmap, QPainter]:
    """A clear square pixmap of `side` px and a painter on it (the caller ends it)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap, QPainter(pixmap)


# the icons drawn in a widget's colour: standard pixmap -> draw(colour)
DRAWN = {
    QStyle.StandardPixmap.SP_ToolBarHorizontalExtensionButton: _more_icon,
    QStyle.StandardPixmap.SP_MediaPlay: _media_icon,
    QStyle.StandardPixmap.SP_MediaPause: partial(_media_icon, pause=True),
}

"""The stepping toolbar's overflow button, sized and drawn for the presentation.

At a projector's 1024 x 768 and a large presentation scale the toolbar's last items (Play, the
speed, Practice) no longer fit, and Qt moves them into the menu of its extension button. Left
to the style that button is a 12 px sliver whose arrow the window's style sheet pads away:
nobody at the back of a room would find it. This style gives it a width of the toolbar's
type size and a » in the theme's text colour; the speed slider keeps its length (squeezed, it
was a knob without a groove) and moves into that menu whole.
"""

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QProxyStyle, QSlider, QStyle, QToolBar, QToolButton

from ui.theme import Theme, font_px

EXTENSION_EMS = 2.2  # the overflow button's width, in the toolbar's type size
ICON_EMS = 1.4  # the » drawn on it
SLIDER_EMS = 7.0  # the speed slider's length
MEDIA_SIDE = 64  # the icons are drawn this large and scaled down to the icon size


class ToolbarStyle(QProxyStyle):
    """The application's style, but with an overflow button of `extent` px showing `icon`, and
    Play and Pause drawn in the theme's text colour (the style's own are black, unseen on the
    dark theme)."""

    def __init__(self):
        super().__init__()
        self.extent, self.icon, self.colour = 24, QIcon(), QColor("black")

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        if metric == QStyle.PixelMetric.PM_ToolBarExtensionExtent:
            return self.extent
        return super().pixelMetric(metric, option, widget)

    def standardIcon(self, icon, option=None, widget=None) -> QIcon:
        if icon == QStyle.StandardPixmap.SP_ToolBarHorizontalExtensionButton:
            return self.icon
        if icon in (QStyle.StandardPixmap.SP_MediaPlay, QStyle.StandardPixmap.SP_MediaPause):
            return _media_icon(icon == QStyle.StandardPixmap.SP_MediaPause, self.colour)
        return super().standardIcon(icon, option, widget)


def style_toolbar(toolbar: QToolBar, style: ToolbarStyle, theme: Theme, scale: float) -> None:
    """Size `toolbar`'s overflow button for `scale` and draw its » in `theme`'s text colour."""
    em = font_px(scale)
    style.extent = round(EXTENSION_EMS * em)
    side = round(ICON_EMS * em)
    style.colour = QColor(theme.text)
    style.icon = _more_icon(style.colour)
    toolbar.setStyle(style)  # again: the toolbar lays out for the new extent
    extension = extension_button(toolbar)
    extension.setIcon(style.icon)
    extension.setIconSize(QSize(side, side))
    extension.setToolTip("More of the toolbar (the window is too narrow to show it all)")
    for slider in toolbar.findChildren(QSlider):  # whole or in the menu, never squeezed thin
        slider.setFixedWidth(round(SLIDER_EMS * em))


def extension_button(toolbar: QToolBar) -> QToolButton:
    """The button whose menu holds what does not fit on `toolbar` (Qt's own)."""
    return toolbar.findChild(QToolButton, "qt_toolbar_ext_button")


def _media_icon(pause: bool, colour: QColor) -> QIcon:
    """Two bars (pause) or a triangle (play) in `colour`, drawn large: the icon scales down."""
    pixmap, painter = _canvas(MEDIA_SIDE)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    unit = MEDIA_SIDE / 8
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
    pixmap, painter = _canvas(MEDIA_SIDE)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = MEDIA_SIDE / 8
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

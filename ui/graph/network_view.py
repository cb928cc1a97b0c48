"""The widget showing a NetworkScene: antialiased, zoomable, pannable, fitted until zoomed."""

from PySide6.QtCore import QEvent, QPoint, QSizeF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView

from ui.graph.network_plan import MAX_FIT_ZOOM
from ui.graph.network_scene import NetworkScene

ZOOM_STEP = 1.25
ZOOM_RANGE = (0.05, 8.0)
FOLLOW_PX = 18.0  # a followed value's label, in pixels on screen
FIT_MARGIN = 2  # QGraphicsView.fitInView keeps this many pixels free on every side
FOLLOW_MARGIN = 0.2  # a followed value this far (of the view's size) inside its edges stays put


def _paged(value: int, low: int, high: int) -> int:
    """Where a coordinate is scrolled to: it stays within [low, high]; past one end, the other."""
    return high if value < low else low if value > high else value


class NetworkView(QGraphicsView):
    """Zoom with Ctrl+wheel, a pinch or `zoom_in` / `zoom_out`; drag to pan; `fit` to see all.

    The view refits the whole scene whenever it is resized or the scene's rectangle changes
    (a new network, presentation scale), until the user zooms; `fit` returns to that mode.
    """

    def __init__(self, scene: NetworkScene | None = None, parent=None, lays_out=False):
        super().__init__(parent)
        self.lays_out = lays_out  # the scene fills this view's shape (the step-through's view)
        self.following = False
        self._resized = False  # the scene is laid out for the new size before the next paint
        self._set_fitting(True)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        # every item sets the pen, brush and font it uses, so Qt need not save and restore
        # the painter around each of thousands of items (halves a step's repaint on 8 x 32)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        # the scene's background brush covers every pixel: the widgets behind the view need
        # not paint under it first (each step repainted the window's backgrounds there)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        if scene is not None:
            self.set_scene(scene)

    def __repr__(self) -> str:
        return f"NetworkView(zoom={self.zoom():.2f}, fitting={self._fitting})"

    def set_scene(self, scene: NetworkScene) -> None:
        """Show `scene` and follow its rectangle while fitting."""
        self.setScene(scene)
        scene.awaits_view |= self.lays_out  # lays the scene out at its first paint
        scene.sceneRectChanged.connect(self._refit)
        self._refit()

    def zoom(self) -> float:
        """The current magnification (1 = one scene unit per pixel)."""
        return self.transform().m11()

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def zoom_by(self, factor: float) -> None:
        """Magnify by `factor` (kept within ZOOM_RANGE) and stop following the window size."""
        self._set_fitting(False)
        low, high = ZOOM_RANGE
        factor = min(max(self.zoom() * factor, low), high) / self.zoom()
        self.scale(factor, factor)

    def keep_zoom(self, restyle) -> None:
        """Run `restyle` (a new presentation scale) without refitting, so larger letters show
        larger instead of being fitted back down; fit() shows the whole net again."""
        zoom, centre = self.zoom(), self.mapToScene(self.viewport().rect().center())
        restyle()
        self.zoom_by(zoom / self.zoom())
        self.centerOn(centre)

    def set_following(self, following: bool) -> None:
        """Keep the current value in view, zoomed so its label reads at FOLLOW_PX (a net too
        big to label whole); off again, the whole net is fitted."""
        self.following = following
        if not following:
            self.fit()

    def follow(self, key: str | None) -> None:
        """While following, zoom to read and keep the item showing `key` in view."""
        item = self.scene().item_for(key) if self.following and key else None
        if item is None:
            return
        zoom = max(FOLLOW_PX / (self.label_px() / self.zoom()), self._fitted_zoom())
        if abs(zoom - self.zoom()) > 1e-6 * zoom:
            self._set_fitting(False)
            self.resetTransform()
            self.scale(zoom, zoom)
            self.centerOn(item.focus_point())
        else:
            self._page_to(item.focus_point())

    def _page_to(self, point) -> None:
        """Scroll only when scene `point` is within FOLLOW_MARGIN of the view's edges or
        beyond, and then so far that it lands at the opposite margin: the values that come
        next, further the same way, show without scrolling (a scroll repaints the whole view)."""
        shown = self.viewport().rect()
        x, y = round(shown.width() * FOLLOW_MARGIN), round(shown.height() * FOLLOW_MARGIN)
        inner, at = shown.adjusted(x, y, -x, -y), self.mapFromScene(point)
        if inner.contains(at):
            return
        target = QPoint(
            _paged(at.x(), inner.left(), inner.right()), _paged(at.y(), inner.top(), inner.bottom())
        )
        centre = self.mapToScene(shown.center())
        self.centerOn(centre + (point - self.mapToScene(target)))

    def _fitted_zoom(self) -> float:
        rect, viewport = self.sceneRect(), self.viewport().rect()
        if rect.isEmpty():
            return 1.0
        return min(viewport.width() / rect.width(), viewport.height() / rect.height())

    def fit(self) -> None:
        """Show the whole network and keep fitting it on resize."""
        self._set_fitting(True)
        self._refit()

    def _set_fitting(self, fitting: bool) -> None:
        # scroll bars only while zoomed: a fitted net needs none, and their coming and going
        # would shrink the viewport it was fitted to
        self._fitting = fitting
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if fitting
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)

    def resizeEvent(self, event) -> None:
        # a window settling its room resizes the view several times before it paints: the
        # scene is laid out once, for the size it is painted at
        super().resizeEvent(event)
        self._resized = self.lays_out
        self._refit()

    def _lay_out(self) -> None:
        """Lay the scene out to fill the viewport as it is now (after one or more resizes)."""
        self._resized = False
        if self.scene() is not None:
            self.scene().set_view_size(self.fitted_size())
            self._refit()

    def fitted_size(self) -> QSizeF:
        """The room a fitted scene gets: the viewport less fitInView's margins, so the layout
        plans for the magnification the fit will really give."""
        margins = 2 * FIT_MARGIN
        return QSizeF(self.viewport().size()) - QSizeF(margins, margins)

    def label_px(self) -> float:
        """How tall a value label's type is on screen, in pixels: its em size in scene units,
        at this screen's dots per inch, times the view's magnification."""
        font = self.scene().style.font()
        return font.pointSizeF() * self.viewport().logicalDpiY() / 72 * self.transform().m22()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refit()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP ** (event.angleDelta().y() / 120))
        else:
            super().wheelEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Paint and self._resized:
            self._lay_out()
        elif event.type() == QEvent.Type.Paint and self.scene() is not None:
            self.scene().lay_out_if_due()
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if pinch is not None:
                self.zoom_by(pinch.scaleFactor())
                return True
        return super().viewportEvent(event)

    def _refit(self) -> None:
        if not self._fitting or self.scene() is None:
            return
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_FIT_ZOOM:
            self.resetTransform()
            self.scale(MAX_FIT_ZOOM, MAX_FIT_ZOOM)

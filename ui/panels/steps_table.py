"""The values computed so far, one row per micro-step, with the notes' value where there is one
(the rows: steps_model.py). A step repaints only the rows it adds, removes or selects.
"""

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QRegion
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui.panels.steps_model import FORMULA, SAMPLE, StepsModel
from ui.theme import LIGHT, font_px


class StepsHeader(QHeaderView):
    """The column headers, highlighted while any row is selected (every column meets the
    selected row), so moving the selection from row to row leaves them as they are: they
    repaint only when the selection comes or goes (Qt repaints them at every change)."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as QTableView's own header
        self.setHighlightSections(True)

    def selectionChanged(self, selected, deselected) -> None:
        if selected.isEmpty() or deselected.isEmpty():
            super().selectionChanged(selected, deselected)


class StepsTable(QTableView):
    """Clicking a row jumps the cursor there (sigPositionRequested carries the step index)."""

    sigPositionRequested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.steps = StepsModel(self)
        self.scale = 1.0
        self.setHorizontalHeader(StepsHeader(self))
        self.setModel(self.steps)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrow keys stay with the stepping
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(False)
        self.clicked.connect(lambda index: self.sigPositionRequested.emit(index.row() + 1))
        # the rows steps added or removed since the last layout, first to last + 1 (False:
        # none; None: a new model, laid out whole)
        self._rows_from, self._rows_to = False, 0
        # the rows' viewport paints its own background (paintEvent): Qt then paints nothing
        # behind it (the window, tabs and splitters under the table, at every step once the
        # rows scroll)
        self._background = QColor(LIGHT.background)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_trace(self, trace_view) -> None:
        self._rows_from = None  # a new model: every row is laid out and painted
        self.steps.set_trace(trace_view)
        self._fit_columns()

    def set_position(self, position: int) -> None:
        """Show rows 1..position, the last selected and scrolled to; laid out now, scroll bars
        included (Qt would show or hide them once the event loop runs again: a second repaint
        of the table and everything behind it at each step once the rows scroll)."""
        if self._rows_from is not None:  # rows come or go at the end only (None: a new model)
            first, last = sorted((position, self.steps.position))
            if self._rows_from is False:
                self._rows_from, self._rows_to = first, last
            else:
                self._rows_from, self._rows_to = (
                    min(first, self._rows_from),
                    max(last, self._rows_to),
                )
        self.steps.set_position(position)
        self.executeDelayedItemsLayout()
        if position:
            self.selectRow(position - 1)
            self.scrollTo(self.steps.index(position - 1, 0))
        else:
            self.clearSelection()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    def doItemsLayout(self) -> None:
        """After rows came or went at the end, repaint only their places, not the whole
        table (Qt repaints every row shown after any change of the row count) nor the blank
        below them, which stays blank."""
        first, self._rows_from = self._rows_from, False
        if first is None or first is False:
            super().doItemsLayout()
            return
        self.updateGeometries()
        self.verticalHeader().setUpdatesEnabled(True)  # Qt holds it while rows are removed
        top, bottom = self._row_top(first), self._row_top(self._rows_to)
        self.viewport().update(0, top, self.viewport().width(), bottom - top)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Rows that scroll are painted again, every one: an opaque viewport lets Qt move the
        rows' pixels instead, which left rows blank when key presses came faster than frames
        (seen on X11 at 1024x768: six rows empty after 25 quick presses)."""
        super().scrollContentsBy(dx, dy)
        self.viewport().update()

    def paintEvent(self, event) -> None:
        """The rows on the theme's background, painted here: the viewport is opaque to Qt.
        Rows shown for the first time (scrolled to after a long jump) are written first,
        quietly: they are being painted, and a change signalled would paint them again."""
        first, last = self.rowAt(event.rect().top()), self.rowAt(event.rect().bottom())
        if first >= 0:
            blocked = self.steps.blockSignals(True)
            self.steps.fill(first, last if last >= 0 else self.steps.position - 1)
            self.steps.blockSignals(blocked)
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self._background)
        painter.end()
        super().paintEvent(event)

    def viewportEvent(self, event) -> bool:
        """A scroll bar that comes or goes resizes the rows' viewport: the frame around it is
        repainted too (where the two bars meet, Qt left a pixel of the old frame)."""
        if event.type() == QEvent.Type.Resize:
            self.update(QRegion(self.rect()) - QRegion(self.viewport().geometry()))
        return super().viewportEvent(event)

    def _row_top(self, row: int) -> int:
        """Where row `row` is, or would be past the last row (every row is as high)."""
        count = self.steps.rowCount()
        if row < count:
            return self.rowViewportPosition(row)
        if not count:
            return 0
        last = self.rowViewportPosition(count - 1)
        return last + self.rowHeight(count - 1) * (row - count + 1)

    def set_style(self, theme, scale: float) -> None:
        """Fonts for the scale; every row shown repaints in the theme's colours now."""
        self.steps.set_theme(theme)
        self._background = QColor(theme.background)
        self.scale = scale
        self._fit_columns()
        self.viewport().update()

    def _metrics(self) -> QFontMetrics:
        font = QFont(self.font())
        font.setPixelSize(font_px(self.scale))  # the stylesheet's size, before it is polished
        return QFontMetrics(font)

    def _column_widths(self) -> dict:
        """The short columns' widths, from the font: header -> pixels."""
        metrics = self._metrics()
        steps = len(self.steps.trace) if self.steps.trace is not None else 99
        widths = {
            "#": "0" * len(str(steps)),
            SAMPLE: "0 (row 00)",
            "key": "dL/dW[2,1,2]",
            "value": "-0.00000",
            "notes": "✗ -0.00000",
        }
        pad = round(22 * self.scale)  # the cell padding and a little air
        return {name: metrics.horizontalAdvance(text) + pad for name, text in widths.items()}

    def minimum_width(self) -> int:
        """Room for the step number, key and value (the notes and formula then scroll)."""
        widths = self._column_widths()
        return widths["#"] + widths["key"] + widths["value"] + self._frame_room()

    def preferred_width(self) -> int:
        """Room for every short column and a formula column as wide again as the key."""
        widths = self._column_widths()
        shown = [widths[name] for name in self.steps.headers() if name != FORMULA]
        return sum(shown) + 2 * widths["key"] + self._frame_room()

    def _frame_room(self) -> int:
        return 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def _fit_columns(self) -> None:
        """Fixed widths from the font for the short columns; the formula takes the rest."""
        header, widths = self.horizontalHeader(), self._column_widths()
        for column, name in enumerate(self.steps.headers()):
            if name == FORMULA:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, widths[name])

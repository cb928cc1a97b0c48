"""How the formula panel shows a formula taller than the room the window can give it (a big
net's weighted sum of 128 terms at its floor): it scrolls, with a scroll bar only then, and each
fit brings the result into view, a whole line at the top; the mouse wheel reaches the rest.

The window says how tall the panel may be (what the graph's floor leaves); the panel asks for
no more than that, and a formula that needs more is wrapped beside the scroll bar.
"""

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QScrollBar

from ui.panels.formula_fitting import rewrapped

UNLIMITED = 16_777_215  # Qt's QWIDGETSIZE_MAX: no window has said how tall the panel may be
RESULT = "result"  # the anchor that marks the boxed result in the panel's document


class FormulaScrolling:
    """The scrolling half of FormulaPanel (a mixin): `_scroll_for` after each fit."""

    def _init_scrolling(self) -> None:
        self.most_height = UNLIMITED  # the most height the window can give the panel
        self.scroll_bar = QScrollBar(Qt.Orientation.Vertical, self)
        self.scroll_bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys step
        self.scroll_bar.hide()
        self.scroll_bar.valueChanged.connect(self.update)

    def set_most_height(self, height: int) -> None:
        """The most height the window can give the panel: a formula that needs more scrolls."""
        if height != self.most_height:
            self.most_height = height
            self.updateGeometry()
            self._fitted_for = None  # whether it scrolls is decided again
            if self._fit():
                self.update()

    def reserved_height(self) -> int:
        """The height the iteration's tallest formula needs (or the step on show, if more)."""
        return self._minimum

    def asked_height(self) -> int:
        """The height the panel asks for: its reserve, but no more than the window can give."""
        return min(self._minimum, self.most_height)

    def scrolls(self) -> bool:
        return not self.scroll_bar.isHidden()

    def _whole_room(self) -> QSize:
        """The text's room beside no scroll bar: inside the frame (its top rule) and margins."""
        margin, inside = self.margin(), self.contentsRect()
        return QSize(max(1, inside.width() - 2 * margin), max(1, inside.height() - 2 * margin))

    def _room(self) -> QSize:
        """The room the text is shown in: beside the scroll bar when it shows."""
        room = self._whole_room()
        if self.scrolls():
            room.setWidth(max(1, room.width() - self.scroll_bar.sizeHint().width()))
        return room

    def _scroll_for(self, needed: int) -> None:
        """Scroll when the fitted document needs more height (`needed`, 0 if it fits) than the
        window can give; then the result in view."""
        bar = self.scroll_bar
        bar.setVisible(needed > self.most_height)
        room = self._room()
        if self.document.textWidth() != room.width():  # the floor, wrapped beside the bar
            rewrapped(self.document, room.width())  # or back in the whole width
        if bar.isHidden():
            bar.setRange(0, 0)
            return
        self._place_scroll_bar()
        bar.setRange(0, max(0, round(self.document.size().height()) + 1 - room.height()))
        bar.setPageStep(room.height())
        bar.setSingleStep(round(self.line_px("substituted")))
        # the result's line at the top, or the end in view; then down to the next line's top,
        # so the top line shows whole (a little blank past the end, rather than half a line)
        top = self._line_top_from(min(bar.maximum(), self._result_top()))
        bar.setMaximum(max(bar.maximum(), top))
        bar.setValue(top)

    def _place_scroll_bar(self) -> None:
        inside, width = self.contentsRect(), self.scroll_bar.sizeHint().width()
        self.scroll_bar.setGeometry(
            QRect(inside.right() - width + 1, inside.top(), width, inside.height())
        )

    def _line_top_from(self, y: int) -> int:
        """The top of the document's first line starting at or below `y` (`y` if none)."""
        block = self.document.begin()
        while block.isValid():
            layout = block.layout()
            for index in range(layout.lineCount()):
                top = self._line_top(block, layout.lineAt(index))
                if top >= y:
                    return top
            block = block.next()
        return y

    def _line_top(self, block, line) -> int:
        """The top of `line` of `block`, in the document's whole pixels."""
        return int(self.document.documentLayout().blockBoundingRect(block).top() + line.y())

    def _result_top(self) -> int:
        """The top of the line holding the boxed result, in the document (0 without one);
        sought from the end, where it is."""
        document = self.document
        block = document.lastBlock()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if RESULT in fragment.charFormat().anchorNames():
                    offset = fragment.position() - block.position()
                    return self._line_top(block, block.layout().lineForTextPosition(offset))
                fragments += 1
            block = block.previous()
        return 0

    def wheelEvent(self, event) -> None:
        if self.scrolls():
            QApplication.sendEvent(self.scroll_bar, event)
        else:
            super().wheelEvent(event)

"""PlotGrid: plots side by side where the width allows, one above the other where it does not.

On a projector's 1024 px at presentation scale two plots side by side would each be narrower
than their readable least width; the grid then stacks them (its page scrolls down, never
sideways), and puts them side by side again as soon as they fit.
"""

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGridLayout, QWidget


class PlotGrid(QWidget):
    """Its widgets in rows of `columns`, or of fewer where they would not keep their least
    width; asked for its least size, it gives that of a single column."""

    def __init__(self, widgets, columns: int = 2, parent=None):
        super().__init__(parent)
        self.widgets, self.most_columns = list(widgets), columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.columns = 0  # as arranged now
        self._arrange(columns)

    def __repr__(self) -> str:
        return f"PlotGrid({len(self.widgets)} plots in {self.columns} columns)"

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for widget in self.widgets:
            self.grid.removeWidget(widget)
        for index, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, index // columns, index % columns)
        for row in range(self.grid.rowCount()):  # the rows in use share the height
            self.grid.setRowStretch(row, 1 if row < -(-len(self.widgets) // columns) else 0)

    def least_width(self) -> int:
        """The widest of its widgets' least widths."""
        return max(max(w.minimumSizeHint().width(), w.minimumWidth()) for w in self.widgets)

    def columns_that_fit(self, width: int) -> int:
        """The most columns (up to `most_columns`) whose widgets keep their least width."""
        spacing = max(0, self.grid.horizontalSpacing())
        columns = (width + spacing) // (self.least_width() + spacing)
        return max(1, min(self.most_columns, columns))

    def rearrange(self) -> None:
        """Arrange again: the widgets' least widths changed (a new presentation scale)."""
        self._arrange(self.columns_that_fit(self.width()))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """Rows of `most_columns` at the widgets' preferred size, however they are arranged now
        (the room it asks for does not change as it stacks its plots)."""
        width = max(widget.sizeHint().width() for widget in self.widgets)
        height = max(widget.sizeHint().height() for widget in self.widgets)
        columns = min(self.most_columns, len(self.widgets))
        rows = -(-len(self.widgets) // columns)
        spacing = max(0, self.grid.horizontalSpacing()), max(0, self.grid.verticalSpacing())
        return QSize(
            columns * width + (columns - 1) * spacing[0], rows * height + (rows - 1) * spacing[1]
        )

    def minimumSizeHint(self) -> QSize:
        """One column's width: a narrower window stacks the plots rather than cutting them."""
        return QSize(self.least_width(), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(self.columns_that_fit(self.width()))

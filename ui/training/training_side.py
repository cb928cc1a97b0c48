"""The Train tab's left column: the training controls, the data and the export button, in a
scroll area as wide as they need at the current font."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget


class TrainingSide(QScrollArea):
    """The controls' column. A CSV's columns never squeeze the controls (they scroll), and a
    new sentence under them never moves the plots beside it (a fixed width: moving them would
    repaint all four)."""

    def __init__(self, controls: QWidget, dataset_panel: QWidget, export_button: QWidget):
        super().__init__()
        column = QWidget()
        side = QVBoxLayout(column)
        side.setContentsMargins(0, 0, 0, 0)
        for title, widget in (("Training", controls), ("Data", dataset_panel)):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(widget)
            side.addWidget(group)
        side.addWidget(export_button)
        side.addStretch(1)
        self.setWidget(column)
        column.installEventFilter(self)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def __repr__(self) -> str:
        return f"TrainingSide({self.width()} px)"

    def fit(self, shrink: bool = False) -> None:
        """As wide as its widgets need at the current font; it grows when they grow (a CSV's
        columns) and shrinks only with the font (`shrink`), so the plots rarely move."""
        column = self.widget()
        column.ensurePolished()
        bar = self.verticalScrollBar().sizeHint().width()
        # The least width its widgets take; at a new font also the width they would like (a
        # wrapped sentence would like a whole line, so it never widens the column later).
        hint = column.minimumSizeHint().width()
        if shrink:
            hint = max(hint, column.sizeHint().width())
        width = hint + bar + 2 * self.frameWidth()
        if shrink or width > self.width():
            self.setFixedWidth(width)
            beside = self.parentWidget()
            if beside is not None and beside.layout() is not None:
                beside.layout().activate()  # the plots take their place now, before any paint

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.widget():
            self.fit()  # the controls' needs changed
        return False

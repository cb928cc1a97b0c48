"""The learning-rate lesson's controls: the rates to try, the epochs, Train and Stop.

The rates' field is always as wide as the rates typed in it (at presentation scale on a 1024 px
projector it once showed only ", 10"); where the field and the run's controls do not fit on
one line, the run's controls take a line of their own rather than make the page scroll sideways.
"""

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)


class RatesRow(QWidget):
    """'Learning rates η: [...]  Epochs: [...] [Train] [Stop]', on one line or two."""

    def __init__(self, rates: str, epochs: int, parent=None):
        super().__init__(parent)
        self.rates_edit = QLineEdit(rates)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100_000)
        self.epochs.setValue(epochs)
        self.train_button = QPushButton("Train")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        rates_part, run_part = QHBoxLayout(), QHBoxLayout()
        rates_part.addWidget(QLabel("Learning rates η:"))
        rates_part.addWidget(self.rates_edit, 1)
        for widget in (QLabel("Epochs:"), self.epochs, self.train_button, self.stop_button):
            run_part.addWidget(widget)
        run_part.addStretch(1)
        self.parts = (rates_part, run_part)
        self.lines = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.lines.setContentsMargins(0, 0, 0, 0)
        self.lines.addLayout(rates_part, 2)
        self.lines.addLayout(run_part, 1)
        self.rates_edit.textChanged.connect(self._fit_rates)
        self.rates_edit.installEventFilter(self)
        self._fit_rates()

    def __repr__(self) -> str:
        return f"RatesRow({self.rates_edit.text()!r}, {self.epochs.value()} epochs)"

    def _fit_rates(self) -> None:
        """The field as wide as its rates and a character more, at its current font."""
        edit = self.rates_edit
        metrics = QFontMetrics(edit.font())
        frame = edit.minimumSizeHint().width() - metrics.maxWidth()  # padding, frame, margins
        edit.setMinimumWidth(frame + metrics.horizontalAdvance(edit.text() + "0"))
        self._choose_lines()

    def _choose_lines(self) -> None:
        """One line when both parts fit the width, else the run's controls under the rates."""
        needed = sum(part.minimumSize().width() for part in self.parts) + self.lines.spacing()
        wide = needed <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.lines.direction() != direction:
            self.lines.setDirection(direction)

    def minimumSizeHint(self):
        """The wider part's least width: the other goes on a line of its own."""
        hint = super().minimumSizeHint()
        hint.setWidth(max(part.minimumSize().width() for part in self.parts))
        return hint

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rates()  # the window's presentation scale reached the field
        return False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._choose_lines()

"""The mini-batch as a small data table: one line per sample, its data row, inputs and targets,
the sample being computed lit. Hidden when a batch holds one sample."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.keys import neuron_key, target_key
from ui.theme import LIGHT, font_px

RESULT_INK = "#111418"  # dark text on the amber highlight reads in both themes


class BatchTable(QWidget):
    """Shows a TraceView's batch; `set_step` lights the sample of the step on show."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.caption = QLabel(self)
        self.caption.setObjectName("batchCaption")
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrow keys stay with the stepping
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        self.theme, self.scale, self.lit = LIGHT, 1.0, None
        self.hide()

    def set_trace(self, trace_view) -> None:
        """One line per sample of the batch, its columns named in the notation on show."""
        batch, names = trace_view.batch, trace_view.names
        self.setVisible(bool(batch))
        if not batch:
            return
        _, inputs, targets = batch[0]
        headers = ["row"] + [
            names.of(neuron_key("a", 0, i)) or f"x{i}" for i in range(1, len(inputs) + 1)
        ]
        headers += [names.of(target_key(j)) or f"y{j}" for j in range(1, len(targets) + 1)]
        self.table.clear()
        self.table.setRowCount(len(batch))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([f"sample {n}" for n in range(1, len(batch) + 1)])
        for line, (row, x, y) in enumerate(batch):
            for column, text in enumerate((str(row), *x, *y)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(line, column, item)
        self.lit = None
        self._fit()

    def set_step(self, step_view) -> None:
        """Light the sample the step belongs to; none for the batch mean and the update."""
        if not self.isVisible():
            return
        current = step_view.current
        sample = current.sample if current is not None else None
        self.caption.setText(
            f"Batch of {step_view.batch_size}: {step_view.place}"
            if step_view.place
            else f"Batch of {step_view.batch_size}"
        )
        if sample != self.lit:
            self._light(self.lit, False)
            self._light(sample, True)
            self.lit = sample
            if sample is not None:
                self.table.scrollToItem(self.table.item(sample - 1, 0))

    def _light(self, sample, lit: bool) -> None:
        if sample is None or sample > self.table.rowCount():
            return
        for column in range(self.table.columnCount()):
            item = self.table.item(sample - 1, column)
            item.setBackground(QColor(self.theme.current) if lit else QColor(0, 0, 0, 0))
            item.setForeground(QColor(RESULT_INK if lit else self.theme.text))
            font = item.font()
            font.setBold(lit)
            item.setFont(font)

    def set_style(self, theme, scale: float) -> None:
        self.theme, self.scale = theme, scale
        lit, self.lit = self.lit, None
        self._light(lit, True)
        self.lit = lit
        self._fit()

    def _fit(self) -> None:
        """Tall enough for every sample up to eight, then it scrolls."""
        header = self.table.horizontalHeader().sizeHint().height()
        rows = min(self.table.rowCount(), 8)
        height = header + rows * self.table.verticalHeader().defaultSectionSize() + 4
        self.table.setFixedHeight(height)


def style_rules(theme, scale: float) -> str:
    """The caption over the table, for the window's one style sheet."""
    return f"#batchCaption {{ color: {theme.muted}; font-size: {font_px(scale)}px; }}"

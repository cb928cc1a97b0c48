"""A CSV file and its columns: the label column (one output per class) or numeric target columns.

The header and the proposed label column come from the engine (`csv_columns`, `text_column`);
the rows are read later, off the GUI thread, by the data panel's DataLoader.
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from simulator.datasets import DataError, csv_columns
from simulator.labels import text_column

NO_LABEL = "none: numeric target columns"


class CsvChoice(QWidget):
    """The file, its label column or ticked target columns, and Load CSV."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.path = None  # the CSV file chosen, or None
        self.open_button = QPushButton("Open CSV…")  # the data panel places it, always on show
        self.file = QLabel()
        # A long file or column name never widens the controls' column (it is cut short; the
        # tooltip holds it whole).
        self.file.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label = QComboBox()
        self.label.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.label.setMinimumContentsLength(12)
        self.label.setToolTip("A column that names each row's class (text or numbers)")
        self.targets = QListWidget()
        self.targets.setToolTip("Tick the target column(s); every other column is an input.")
        self.targets.setMaximumHeight(self.fontMetrics().height() * 6)
        self.targets_label = QLabel("target column(s):")
        self.load_button = QPushButton("Load CSV")
        form = QFormLayout()
        form.addRow("file", self.file)
        form.addRow("label column", self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.targets_label)
        layout.addWidget(self.targets)
        layout.addWidget(self.load_button)
        self.label.currentIndexChanged.connect(self._show_targets)

    def __repr__(self) -> str:
        return f"CsvChoice({self.path!r})"

    def choose(self, path, on_error) -> bool:
        """List the file's columns, its text column proposed as the label (else the last column
        ticked as the target); a file the engine cannot read clears the choice."""
        try:
            header, label = csv_columns(path), text_column(path)
        except DataError as error:
            self._clear()
            on_error(str(error))
            return False
        self.path = str(Path(path).resolve())
        self.file.setText(Path(path).name)
        self.file.setToolTip(self.path)
        self._columns(header, label, [header[-1]] if label is None else [])
        return True

    def spec(self, targets=None, label=None) -> dict | None:
        """The data spec of the choice ('csv' by its full path); None before a file is chosen.
        `targets` or `label` given replace the panel's choice."""
        if self.path is None:
            return None
        if targets:
            return {"csv": self.path, "targets": list(targets)}
        label = label or (self.label.currentText() if self.label.currentIndex() > 0 else None)
        if label:
            return {"csv": self.path, "label": label}
        return {"csv": self.path, "targets": self.ticked()}

    def show_spec(self, spec: dict) -> None:
        """Show the CSV in use: its file and columns as the spec chose them."""
        try:
            header = csv_columns(spec["csv"])
        except DataError:
            header = []
        self.path = spec["csv"]
        self.file.setText(Path(spec["csv"]).name)
        self.file.setToolTip(self.path)
        self._columns(header, spec.get("label"), spec.get("targets", []))

    def ticked(self) -> list:
        """The ticked column names."""
        items = (self.targets.item(row) for row in range(self.targets.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _columns(self, header, label, targets) -> None:
        self.label.blockSignals(True)
        self.label.clear()
        self.label.addItems([NO_LABEL, *header])
        self.label.setCurrentText(label if label in header else NO_LABEL)
        self.label.blockSignals(False)
        self.targets.clear()
        for name in header:
            item = QListWidgetItem(name)
            ticked = Qt.CheckState.Checked if name in targets else Qt.CheckState.Unchecked
            item.setCheckState(ticked)
            self.targets.addItem(item)
        self._show_targets()

    def _clear(self) -> None:
        """No file: nothing of an earlier file's columns stays on show."""
        self.path = None
        self.file.clear()
        self._columns([], None, [])

    def _show_targets(self) -> None:
        numeric = self.label.currentIndex() <= 0
        self.targets.setVisible(numeric)
        self.targets_label.setVisible(numeric)

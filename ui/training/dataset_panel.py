"""Choosing the training data: the preset's own, a generated set or a CSV file; a test split.

Every dataset is made by the engine (`generate`, `load_csv`, `split`); a CSV the engine refuses
is reported in the engine's sentence and the data in use stays as it was.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.datasets import DATASETS, DataError, csv_columns, generate, load_csv, split

PRESET_SOURCE = "preset's data"
CSV_SOURCE = "CSV file"


class DatasetPanel(QWidget):
    """Source, size, noise, seed and test split of the training data."""

    sigDataChanged = Signal(object, object)  # (train Dataset, test Dataset or None)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preset_data = None
        self.csv_path = None
        self.loaded_csv = None  # the last CSV the engine accepted
        self.data = None  # the Dataset in use before any split
        self.network_shape = None  # (inputs, outputs) the data must have
        self._build()

    def __repr__(self) -> str:
        return f"DatasetPanel({self.data!r})"

    def _build(self) -> None:
        self.source = QComboBox()
        self.source.addItems([PRESET_SOURCE, *DATASETS, CSV_SOURCE])
        self.samples = _spin(QSpinBox(), 4, 5000, 200)
        self.noise = _spin(QDoubleSpinBox(), 0.0, 2.0, 0.1, step=0.05)
        self.seed = _spin(QSpinBox(), 0, 2**31 - 1, 0)
        self.hold_out = QCheckBox("hold out a test set")
        self.test_fraction = _spin(QDoubleSpinBox(), 0.05, 0.9, 0.25, step=0.05)
        self.open_button = QPushButton("Open CSV…")
        self.targets = QListWidget()
        self.targets.setToolTip("Tick the target column(s); every other column is an input.")
        self.targets.setMaximumHeight(self.fontMetrics().height() * 6)
        self.load_button = QPushButton("Load CSV")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lay_out()
        self._connect()
        self._show_controls()

    def _connect(self) -> None:
        for signal in (
            self.source.currentIndexChanged,
            self.samples.valueChanged,
            self.noise.valueChanged,
            self.seed.valueChanged,
            self.hold_out.toggled,
            self.test_fraction.valueChanged,
        ):
            signal.connect(self.apply)
        self.open_button.clicked.connect(self._open_dialog)
        self.load_button.clicked.connect(lambda: self.load_csv_file())

    def _lay_out(self) -> None:
        form = self.form = QFormLayout()
        form.addRow("data", self.source)
        form.addRow("samples", self.samples)
        form.addRow("noise", self.noise)
        form.addRow("seed", self.seed)
        split_row = QHBoxLayout()
        split_row.addWidget(self.hold_out)
        split_row.addWidget(self.test_fraction)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.open_button)
        csv_row.addWidget(self.load_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(split_row)
        layout.addLayout(csv_row)
        self.targets_label = QLabel("target column(s):")
        layout.addWidget(self.targets_label)
        layout.addWidget(self.targets)
        layout.addWidget(self.message)

    def set_preset_data(self, dataset, network_shape: tuple) -> None:
        """The preset's own data becomes the choice, without announcing it (the view asked).

        `network_shape` is (inputs, outputs) of the network: data of another shape is refused.
        """
        self.preset_data = self.data = dataset
        self.network_shape = network_shape
        self.source.blockSignals(True)
        self.source.setCurrentText(PRESET_SOURCE)
        self.source.blockSignals(False)
        self.message.clear()
        self._show_controls()
        try:
            self.current()
        except ValueError as error:  # too few samples to hold a test set out
            self.hold_out.blockSignals(True)
            self.hold_out.setChecked(False)
            self.hold_out.blockSignals(False)
            self.show_error(str(error))

    def current(self) -> tuple:
        """(train, test) as chosen now; test is None unless a test set is held out."""
        if self.data is None or not self.hold_out.isChecked():
            return self.data, None
        return split(self.data, self.test_fraction.value(), self.seed.value())

    def apply(self) -> None:
        """Make the chosen data with the engine and announce it; a refusal keeps the old data."""
        self._show_controls()
        previous = self.data
        try:
            chosen = self._chosen()
            if chosen is None:
                self.show_error("Open a CSV file, tick its target column(s), then Load CSV.")
                return
            self._check_fit(chosen)
            self.data = chosen
            train, test = self.current()
        except ValueError as error:
            self.data = previous
            self.show_error(str(error))
            return
        self.message.clear()
        self.sigDataChanged.emit(train, test)

    def _chosen(self):
        """The Dataset the controls name (None while no CSV is loaded); ValueError if refused."""
        source = self.source.currentText()
        if source in DATASETS:
            return generate(source, self.samples.value(), self.noise.value(), self.seed.value())
        if source == PRESET_SOURCE:
            return self.preset_data
        return self.loaded_csv

    def _check_fit(self, dataset) -> None:
        shape = (dataset.inputs.shape[1], dataset.targets.shape[1])
        if self.network_shape is not None and shape != self.network_shape:
            raise ValueError(
                f"'{dataset.name}' has {shape[0]} inputs and {shape[1]} target column(s), but "
                f"the network takes {self.network_shape[0]} inputs and gives "
                f"{self.network_shape[1]} output(s); the data in use is unchanged."
            )

    def show_error(self, text: str) -> None:
        """Say in one sentence why the data was refused (the data in use is unchanged)."""
        self.message.setText(text)
        self.message.setStyleSheet("font-weight: bold;")

    def _show_controls(self) -> None:
        """Only the controls of the chosen source: generator settings, or the CSV picker."""
        source = self.source.currentText()
        for control in (self.samples, self.noise, self.seed):
            self.form.setRowVisible(control, source in DATASETS)
        csv_controls = (self.open_button, self.load_button, self.targets_label, self.targets)
        for control in csv_controls:
            control.setVisible(source == CSV_SOURCE)

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open CSV", "", "CSV files (*.csv)")
        if path:
            self.choose_csv(path)

    def choose_csv(self, path) -> None:
        """List the file's header as target candidates (the last column ticked)."""
        try:
            header = csv_columns(path)
        except DataError as error:
            self.show_error(str(error))
            return
        self.csv_path = path
        self.targets.clear()
        for index, name in enumerate(header):
            item = QListWidgetItem(name)
            last = index == len(header) - 1
            item.setCheckState(Qt.CheckState.Checked if last else Qt.CheckState.Unchecked)
            self.targets.addItem(item)

    def target_columns(self) -> list:
        """The ticked column names."""
        items = (self.targets.item(row) for row in range(self.targets.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def load_csv_file(self, path=None, targets=None) -> bool:
        """Load the CSV through the engine; on DataError show its sentence and keep the data."""
        if path is not None:
            self.choose_csv(path)
        if self.csv_path is None:
            self.show_error("Open a CSV file first.")
            return False
        try:
            dataset = load_csv(self.csv_path, targets or self.target_columns())
            self._check_fit(dataset)
        except ValueError as error:  # DataError from the engine, or a shape that does not fit
            self.show_error(str(error))
            return False
        self.loaded_csv = dataset
        self.source.blockSignals(True)
        self.source.setCurrentText(CSV_SOURCE)
        self.source.blockSignals(False)
        self.apply()
        return self.data is dataset


def _spin(box, low, high, value, step=None):
    """A spin box that announces its value when editing ends, not per keystroke."""
    box.setRange(low, high)
    box.setValue(value)
    box.setKeyboardTracking(False)
    if step is not None:
        box.setSingleStep(step)
    return box

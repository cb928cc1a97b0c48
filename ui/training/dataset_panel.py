"""Choosing the training data: a generated set or a class's CSV file, its label column and
standardisation, and a held-out test set; the panel always shows the data in use.

The data in use is the user's Workspace's: choosing other data asks for an undoable edit
(sigDataRequested), and the panel shows whatever the Workspace then holds (`set_workspace`).
Every dataset is made by the engine (`generate`, `chosen_data`, `split`); a CSV is read off
the GUI thread (DataLoader). Data that does not fit the network is refused in the engine's
sentence, with an offer to make the network fit it (labels.fit_network, through the Workspace).
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.datasets import DATASETS, split
from simulator.preset_data import chosen_data
from ui.training.csv_choice import CsvChoice
from ui.training.data_loader import DataLoader
from ui.training.data_summary import fit_offer, summary

ROWS_SOURCE = "the preset's own rows"
CSV_SOURCE = "CSV file"


class DatasetPanel(QWidget):
    """Source, size, noise, seed, CSV columns, standardisation and test split of the data."""

    sigDataRequested = Signal(object, object, bool)  # (Dataset, spec, make the network fit it)
    sigDataChanged = Signal(object, object)  # (train Dataset, test Dataset or None): a new split

    def __init__(self, parent=None):
        super().__init__(parent)
        self.workspace = None  # the user's work, whose data is in use
        self.data = None  # the Dataset in use before any split
        self.offer = None  # (Dataset, spec) that the network could be made to fit
        self.loader = DataLoader(self)
        self._build()

    def __repr__(self) -> str:
        return f"DatasetPanel({self.data!r})"

    def _build(self) -> None:
        self.in_use = QLabel()
        self.in_use.setWordWrap(True)
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source = QComboBox()
        self.source.addItems([ROWS_SOURCE, *DATASETS, CSV_SOURCE])
        self.samples = _spin(QSpinBox(), 4, 5000, 200)
        self.noise = _spin(QDoubleSpinBox(), 0.0, 2.0, 0.1, step=0.05)
        self.seed = _spin(QSpinBox(), 0, 2**31 - 1, 0)
        self.standardize = QCheckBox("standardise the inputs")
        self.standardize.setToolTip(
            "Scale each input to mean 0 and std 1 with the training split's mean and std"
        )
        self.hold_out = QCheckBox("hold out a test set")
        self.test_fraction = _spin(QDoubleSpinBox(), 0.05, 0.9, 0.25, step=0.05)
        self.csv = CsvChoice()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fit_button = QPushButton("Make the network fit this data")
        self.fit_button.hide()
        self._lay_out()
        self._connect()
        self._show_controls()

    def _lay_out(self) -> None:
        form = self.form = QFormLayout()
        form.addRow("data", self.source)
        form.addRow("samples", self.samples)
        form.addRow("noise", self.noise)
        form.addRow("seed", self.seed)
        split_row = QHBoxLayout()
        split_row.addWidget(self.hold_out)
        split_row.addWidget(self.test_fraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # What is in use, and what became of a choice, first: a refusal and its offer to fit
        # the network show without scrolling.
        for widget in (self.in_use, self.csv.open_button, self.message, self.fit_button):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.csv)
        layout.addWidget(self.standardize)
        layout.addLayout(split_row)

    def _connect(self) -> None:
        for signal in (
            self.source.currentIndexChanged,
            self.samples.valueChanged,
            self.noise.valueChanged,
            self.seed.valueChanged,
            self.standardize.toggled,
        ):
            signal.connect(self.apply)
        self.hold_out.toggled.connect(self._split_changed)
        self.test_fraction.valueChanged.connect(self._split_changed)
        self.csv.open_button.clicked.connect(self._open_dialog)
        self.csv.load_button.clicked.connect(lambda: self.load_csv_file())
        self.fit_button.clicked.connect(self.fit_network)
        self.loader.sigLoaded.connect(self._offer)
        self.loader.sigFailed.connect(self.show_error)

    # -- what is in use ------------------------------------------------------------------

    def set_workspace(self, workspace) -> None:
        """Show the Workspace's data as in use (its source, columns, standardisation), quietly."""
        self.workspace, self.data = workspace, workspace.data
        spec = workspace.data_spec or {}
        self._show_spec(spec)
        self.in_use.setText(summary(workspace.data, workspace.standardization))
        self.fit_button.hide()
        self.offer = None
        self._split_changed(announce=False)

    def _show_spec(self, spec: dict, scaling: bool = True) -> None:
        """The controls as the spec in use says, without asking for anything (`scaling` False:
        the standardisation box keeps the choice just refused, which the offer to fit uses)."""
        controls = (self.source, self.samples, self.noise, self.seed, self.standardize)
        for control in controls:
            control.blockSignals(True)
        source = spec.get("dataset") or (CSV_SOURCE if "csv" in spec else ROWS_SOURCE)
        self.source.setCurrentText(source)
        if "dataset" in spec:
            self.samples.setValue(spec.get("samples", 200))
            self.noise.setValue(spec.get("noise", 0.1))
            self.seed.setValue(spec.get("seed", 0))
        if "csv" in spec:
            self.csv.show_spec(spec)
        if scaling:
            self.standardize.setChecked("standardize" in spec)
        for control in controls:
            control.blockSignals(False)
        self._show_controls()

    def current(self) -> tuple:
        """(train, test) as chosen now; test is None unless a test set is held out."""
        if self.data is None or not self.hold_out.isChecked():
            return self.data, None
        return split(self.data, self.test_fraction.value(), self.seed.value())

    def _split_changed(self, announce: bool = True) -> None:
        """A test set held out or not: the same data split anew; a split that leaves a side
        empty is refused in the engine's sentence and the box unticked."""
        try:
            train, test = self.current()
        except ValueError as error:
            self.hold_out.blockSignals(True)
            self.hold_out.setChecked(False)
            self.hold_out.blockSignals(False)
            self.show_error(f"{error}; no test set is held out.")
            train, test = self.current()
        if announce:
            self.sigDataChanged.emit(train, test)

    # -- choosing other data -------------------------------------------------------------

    def apply(self) -> None:
        """Make the data the controls name and ask for it (a CSV is read off the GUI thread)."""
        self._show_controls()
        source = self.source.currentText()
        spec = (self.workspace.data_spec if self.workspace else None) or {}
        if source == CSV_SOURCE:
            if self.csv.path is None:
                self.show_error("Open a CSV file; then choose its label or target column(s).")
            else:
                self.load_csv_file()
        elif source in DATASETS:
            names = ("samples", "noise", "seed")
            values = (self.samples.value(), self.noise.value(), self.seed.value())
            self._request({"dataset": source, **dict(zip(names, values))})
        elif not spec or "inputs" in spec:  # the rows themselves: only standardising changes
            raw = spec or {
                "inputs": self.data.inputs.tolist(),
                "targets": self.data.targets.tolist(),
            }
            self._request(raw)
        else:
            self.show_error(
                "The preset's own rows are no longer in use: Undo (Ctrl+Z) brings them back."
            )
            self._show_spec(spec)

    def _request(self, spec: dict) -> None:
        """Generated data or written-out rows, made here (it is quick), standardised as ticked."""
        spec = {key: value for key, value in spec.items() if key != "standardize"}
        if self.standardize.isChecked():
            spec["standardize"] = True
        try:
            data, spec = chosen_data(spec, *self._split_settings(), name=self.data.name)
        except ValueError as error:
            self.show_error(str(error))
            return
        self._offer(data, spec)

    def load_csv_file(self, path=None, targets=None, label=None, wait=False) -> bool:
        """Read a CSV off the GUI thread with the chosen columns; False when none is chosen.
        `targets` or `label` given here replace the ones chosen in the panel. With `wait`, read
        it here and now: True when the data was taken (it fits the network)."""
        if path is not None and not self.csv.choose(path, self.show_error):
            return False
        spec = self.csv.spec(targets, label)
        if spec is None:
            self.show_error("Open a CSV file first, then choose its label or target column(s).")
            return False
        if self.standardize.isChecked():
            spec["standardize"] = True
        if wait:
            asked = []

            def note(*request):
                asked.append(request)

            self.sigDataRequested.connect(note)
            self._request(spec)
            self.sigDataRequested.disconnect(note)
            return bool(asked)
        self.message.setText(f"Reading {Path(spec['csv']).name}…")
        self.loader.load(spec, *self._split_settings())
        return True

    def _split_settings(self) -> tuple:
        """(test fraction, seed): a standardisation takes the training split's mean and std."""
        return (self.test_fraction.value() if self.hold_out.isChecked() else 0.0), self.seed.value()

    def _offer(self, data, spec) -> None:
        """Ask for data that fits the network; otherwise say why and offer to fit the network."""
        try:
            self.workspace.with_data(data, spec)
        except ValueError as error:
            self._refused(data, spec, str(error))
            return
        self.message.clear()
        self.sigDataRequested.emit(data, spec, False)

    def _refused(self, data, spec, sentence: str) -> None:
        """The engine's sentence; the data in use stays (and shows); fitting is offered."""
        self._show_spec(self.workspace.data_spec or {}, scaling=False)
        button, offer = fit_offer(self.workspace, data, spec)
        text = f"{sentence} The data in use is unchanged."
        if offer:
            self.offer = (data, spec)
            self.fit_button.setText(button)
            text += f" {offer}"
        self.fit_button.setVisible(bool(offer))
        self.show_error(text)

    def fit_network(self) -> None:
        """Make the network fit the data offered, as one undoable edit."""
        if self.offer is not None:
            data, spec = self.offer
            self.message.clear()
            self.sigDataRequested.emit(data, spec, True)

    def show_error(self, text: str) -> None:
        """Say in one sentence why the data was refused (the data in use is unchanged)."""
        self.message.setText(text)
        self.message.setStyleSheet("font-weight: bold;")

    def _show_controls(self) -> None:
        """Only the controls of the chosen source: generator settings, or the CSV columns."""
        source = self.source.currentText()
        for control in (self.samples, self.noise, self.seed):
            self.form.setRowVisible(control, source in DATASETS)
        self.csv.setVisible(source == CSV_SOURCE or self.csv.path is not None)

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open CSV", "", "CSV files (*.csv)")
        if path:
            # A class's own measurements come in their own units (petals of 5 cm, weights of
            # 80 kg): standardised, no neuron starts saturated. The box unticks it.
            self.standardize.blockSignals(True)
            self.standardize.setChecked(True)
            self.standardize.blockSignals(False)
            self.load_csv_file(path)

    @property
    def targets(self):
        """The CSV's target column list (ticked names are the targets when no label is used)."""
        return self.csv.targets


def _spin(box, low, high, value, step=None):
    """A spin box that announces its value when editing ends, not per keystroke."""
    box.setRange(low, high)
    box.setValue(value)
    box.setKeyboardTracking(False)
    if step is not None:
        box.setSingleStep(step)
    return box

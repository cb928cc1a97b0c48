"""Learning rate (seed 000): the same network trained at several learning rates, overlaid.

Too small a rate crawls; too large a one never converges. Each rate trains its own copy of
the lesson's example (XOR, where 0.01 is slow, 0.5 converges and 10 stalls) or of the user's
network on a TrainingWorker, the Train tab's mechanism: the engine's `train` runs on a thread of
its own, the epochs come back once per screen refresh, the engine's Judge labels each run, and a
diverging run's curve stops where it diverged. Beside the curves, the notes' picture: the loss
against one weight with each rate's steps w_new = w_old - eta*slope drawn on it.
"""

import functools
import math
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.convergence import Judge
from simulator.notation import format_number
from simulator.workspace import Workspace
from ui.lessons.rates_row import RatesRow
from ui.lessons.style import fit_rows, lesson_plot, read_only_table
from ui.lessons.weight_slice_panel import WeightSlicePanel
from ui.plots.themed_plot import series_colour
from ui.theme import LIGHT, Theme
from ui.training.training_worker import TrainingJob, TrainingWorker, frame_interval

DEFAULT_RATES = "0.01, 0.5, 10"  # on the example: slow, converging, stalled at saturation
DEFAULT_EPOCHS = 100
EXAMPLE = "xor"  # the lesson's own network: a bundled preset
SOURCES = ("the lesson's example: XOR 2-4-1", "your network")
COLUMNS = ("Learning rate η", "Epochs run", "Last loss", "Engine's verdict")


def parse_rates(text: str) -> list:
    """Learning rates from '0.001, 0.01 0.1'; ValueError with one sentence when one is bad."""
    words = [word for word in re.split(r"[,;\s]+", text.strip()) if word]
    if not words:
        raise ValueError("Type at least one learning rate, such as 0.1.")
    rates = []
    for word in words:
        try:
            rate = float(word)
        except ValueError:
            rate = math.nan
        if not (math.isfinite(rate) and rate > 0):
            raise ValueError(
                f"'{word}' is not a learning rate: each must be a positive number such as 0.01."
            )
        rates.append(rate)
    return rates


class LearningRateView(QWidget):
    """Loss curves of copies of the network trained at several learning rates."""

    sigFinished = Signal()  # every run has finished, stopped or diverged

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.theme = theme
        self._network = self._dataset = None  # the user's
        self.example = Workspace.open(EXAMPLE)
        self.workers = []  # one TrainingWorker per learning rate, reused from run to run
        self.run_number = 0  # counts runs; what an older run still delivers is dropped
        self._pending = 0
        self.rates, self.curves, self.losses, self.outcomes = [], [], [], []
        self.verdicts = []  # the engine's Verdict on each rate's run, None while it runs
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.controls = RatesRow(DEFAULT_RATES, DEFAULT_EPOCHS)
        self.rates_edit, self.epochs = self.controls.rates_edit, self.controls.epochs
        self.train_button, self.stop_button = self.controls.train_button, self.controls.stop_button
        self.train_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.message = QLabel("Train copies of the network at each learning rate.")
        self.message.setWordWrap(True)
        self.plot = lesson_plot("Loss per epoch", "loss (log scale)", "epoch", theme, scale)
        self.plot.getPlotItem().setLogMode(y=True)
        self.legend = self.plot.add_legend(offset=(10, -10))
        self.table = read_only_table(COLUMNS)
        self.slice = WeightSlicePanel(theme, scale)
        self._build_layout()
        self._source_changed()

    def _build_layout(self) -> None:
        # the network on a line of its own: at presentation scale on a projector one line of
        # every control is wider than the window, and the page would scroll sideways
        network = QHBoxLayout()
        network.addWidget(QLabel("Network:"))
        network.addWidget(self.source)
        network.addStretch(1)
        plots = QHBoxLayout()
        plots.addWidget(self.plot, 1)
        plots.addWidget(self.slice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(network)
        layout.addWidget(self.controls)
        layout.addWidget(self.message)
        layout.addLayout(plots, 1)
        layout.addWidget(self.table)

    def set_workspace(self, workspace) -> None:
        """Use the user's network and data for the next runs (a run under way carries on)."""
        self._network, self._dataset = workspace.network, workspace.data
        if self.source.currentIndex() == 1:
            self._source_changed()

    @property
    def network(self):
        """The network the runs train copies of: the lesson's example or the user's."""
        return self._network if self.source.currentIndex() == 1 else self.example.network

    @property
    def dataset(self):
        return self._dataset if self.source.currentIndex() == 1 else self.example.data

    def _source_changed(self) -> None:
        """Another network: its weights to choose from and its own slice, at the typed rates."""
        if self.network is None:
            return
        try:
            self.slice.rates = parse_rates(self.rates_edit.text())
        except ValueError:
            self.slice.rates = []
        self.slice.set_network(self.network, self.dataset)

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """The plot in the window's theme and presentation scale."""
        self.theme = theme
        self.plot.apply_theme(theme, scale)
        self.slice.plot.apply_theme(theme, scale)

    def start(self) -> None:
        """Train one copy per learning rate; a bad rate list explains itself and runs nothing."""
        if self.network is None or self._pending:
            return
        try:
            rates = parse_rates(self.rates_edit.text())
        except ValueError as error:
            self.message.setText(f'<span style="color: {self.theme.mismatch}">{error}</span>')
            return
        self._reset(rates)
        self.run_number += 1
        self._pending = len(rates)
        self.train_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.message.setText(f"Training {len(rates)} copies of the network...")
        self.slice.set_rates(rates)
        interval = frame_interval()
        for index, rate in enumerate(rates):
            network = self.network.retuned(rate)
            job = TrainingJob(
                network,
                self.dataset,
                self.epochs.value(),
                frame_interval=interval,
                run=self.run_number,
                judge=Judge(network, self.dataset),
                on_trouble="flag",  # each curve runs on: a flat or climbing loss is the lesson
            )
            self._worker(index).start(job)

    def _worker(self, index: int) -> TrainingWorker:
        """The index-th rate's worker, made the first time so many rates are trained."""
        while len(self.workers) <= index:
            worker = TrainingWorker(self)
            number = len(self.workers)
            worker.sigFrame.connect(functools.partial(self._on_frame, number))
            worker.sigFinished.connect(functools.partial(self._on_finished, number))
            worker.sigDiverged.connect(functools.partial(self._on_diverged, number))
            worker.sigRefused.connect(functools.partial(self._on_refused, number))
            worker.sigVerdict.connect(functools.partial(self._on_verdict, number))
            self.workers.append(worker)
        return self.workers[index]

    def stop(self) -> None:
        """Ask every run to stop after its current epoch."""
        for worker in self.workers:
            worker.pause()

    def shutdown(self) -> None:
        """Stop every run and wait for its thread (before the window closes)."""
        for worker in self.workers:
            worker.wait()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _reset(self, rates: list) -> None:
        for curve in self.curves:
            self.plot.removeItem(curve)
        self.rates = rates
        self.losses = [([], []) for _ in rates]
        self.outcomes = ["running"] * len(rates)
        self.verdicts = [None] * len(rates)
        self.curves = [
            self.plot.add_curve(series_colour(index), name=f"η = {format_number(rate)}")
            for index, rate in enumerate(rates)
        ]
        self.table.setRowCount(len(rates))
        for row in range(len(rates)):
            self._fill_row(row)
        fit_rows(self.table)

    def _on_frame(self, index: int, frame) -> None:
        """One screen refresh of a run: its new epochs' losses, its curve redrawn once."""
        if frame.run != self.run_number:
            return
        epochs, losses = self.losses[index]
        for record in frame.records:
            epochs.append(record.epoch)
            losses.append(record.loss)
        if frame.records:
            self.curves[index].setData(epochs, losses)
            self._fill_row(index)
            self._fit_view()

    def _on_verdict(self, index: int, verdict, run: int) -> None:
        """The engine's verdict on one rate's run names its curve: converging, slow, stalled..."""
        if run != self.run_number:
            return
        self.verdicts[index] = verdict
        if verdict.kind != "diverged":  # a divergence is named when the run reports it
            when = f" from epoch {verdict.epoch}" if verdict.trouble else ""
            self._label(index, f"{verdict.kind}{when}")

    def _on_finished(self, index: int, completed: bool, run: int) -> None:
        if run == self.run_number:
            self._run_done(index, "finished" if completed else "stopped")

    def _on_diverged(self, index: int, error, run: int) -> None:
        if run == self.run_number:
            self._label_divergence(index, error.epoch)
            self._run_done(index, f"diverged at epoch {error.epoch}")

    def _on_refused(self, index: int, message: str, run: int) -> None:
        if run == self.run_number:
            self.message.setText(f'<span style="color: {self.theme.mismatch}">{message}</span>')
            self._run_done(index, "refused")

    def _fit_view(self) -> None:
        """Show the losses from the smallest up to 1000x the first epoch's: a diverging curve
        leaves through the top instead of squashing the others flat."""
        firsts = [losses[0] for _, losses in self.losses if losses]
        seen = [loss for _, losses in self.losses for loss in losses if loss > 0]
        if seen:
            # The y axis is in log10 units.
            self.plot.setYRange(math.log10(min(seen)), math.log10(max(firsts) * 1000))

    def _run_done(self, index: int, outcome: str) -> None:
        self.outcomes[index] = outcome
        self._fill_row(index)
        self._pending -= 1
        if not self._pending:
            self.train_button.setEnabled(True)
            self.stop_button.setEnabled(False)
            if not any(outcome == "refused" for outcome in self.outcomes):
                self.message.setText(
                    "Done: too small a rate crawls, a good one converges, too large a one "
                    "never converges (the engine's verdicts are in the table)."
                )
            self.sigFinished.emit()

    def _label_divergence(self, index: int, epoch: int) -> None:
        """Name the epoch in the curve's legend entry; the curve itself ends at the last
        finite loss."""
        self._label(index, f"diverged at epoch {epoch}")

    def _label(self, index: int, text: str) -> None:
        """The curve's legend entry: its rate and what became of it."""
        label = f"η = {format_number(self.rates[index])}: {text}"
        self.legend.getLabel(self.curves[index]).setText(label)
        self.legend.updateSize()  # fit the plot's width now, not during teardown

    def _fill_row(self, row: int) -> None:
        epochs, losses = self.losses[row]
        verdict = self.verdicts[row]
        cells = (
            format_number(self.rates[row]),
            str(len(epochs)),
            format_number(losses[-1]) if losses else "—",
            verdict.sentence if verdict else self.outcomes[row],
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # the engine's whole sentence, however narrow the column
            self.table.setItem(row, column, item)

"""Learning rate (seed 000): the same network trained at several learning rates, overlaid.

Too small a rate crawls; too large a one never converges. Each rate trains its own copy of
the user's network with simulator.training.train in a QThreadPool worker, so the window stays
responsive; a timer on the GUI thread collects their epochs, and a diverging run's curve
stops where it diverged.
"""

import dataclasses
import functools
import math
import queue
import re
import threading

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.notation import format_number
from simulator.training import TrainingDiverged, train
from ui.lessons.style import add_legend, fit_rows, read_only_table, series_colours, themed_plot
from ui.theme import LIGHT, Theme

DEFAULT_RATES = "0.001, 0.01, 0.1, 1, 10"
DEFAULT_EPOCHS = 100
POLL_MS = 50  # how often the GUI thread collects the runs' epochs
COLUMNS = ("Learning rate η", "Epochs run", "Last loss", "Outcome")


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


def train_at_rate(index: int, network, dataset, epochs: int, stop, reports) -> None:
    """One run, on a pool thread: queue ('epoch', index, epoch, loss) per epoch, then
    ('done', index, k) with k the epoch it diverged at, or 0.

    It makes no Qt call: a timer empties the queue on the GUI thread, so every signal and
    redraw happens there.
    """

    def report(record):
        reports.put(("epoch", index, record.epoch, record.loss))
        return not stop.is_set()

    try:
        train(network, dataset, epochs, callback=report)
    except TrainingDiverged as error:
        reports.put(("done", index, error.epoch))
        return
    reports.put(("done", index, 0))


class LearningRateView(QWidget):
    """Loss curves of copies of the network trained at several learning rates."""

    sigFinished = Signal()  # every run has finished, stopped or diverged

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        self.theme = theme
        self._network = self._dataset = None
        self._pool = QThreadPool(self)
        self._stop = threading.Event()
        self._reports = queue.SimpleQueue()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        self._pending = 0
        QCoreApplication.instance().aboutToQuit.connect(self.stop)  # let the pool drain fast
        self.rates, self.curves, self.losses, self.outcomes = [], [], [], []
        self.rates_edit = QLineEdit(DEFAULT_RATES)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100_000)
        self.epochs.setValue(DEFAULT_EPOCHS)
        self.train_button = QPushButton("Train")
        self.train_button.clicked.connect(self.start)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.message = QLabel("Train copies of your network at each learning rate.")
        self.message.setWordWrap(True)
        self.ensurePolished()
        self.plot = themed_plot(theme, self.font(), "Loss per epoch", "loss (log scale)", "epoch")
        self.plot.getPlotItem().setLogMode(y=True)
        self.legend = add_legend(self.plot, theme, self.font(), offset=(10, -10))
        self.table = read_only_table(COLUMNS)
        self._build_layout()

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Learning rates η:"))
        controls.addWidget(self.rates_edit, 2)
        controls.addWidget(QLabel("Epochs:"))
        controls.addWidget(self.epochs)
        controls.addWidget(self.train_button)
        controls.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.table)

    def set_network(self, network, dataset) -> None:
        """Use this network and dataset for the next runs (a run under way carries on)."""
        self._network, self._dataset = network, dataset

    def start(self) -> None:
        """Train one copy per learning rate; a bad rate list explains itself and runs nothing."""
        if self._network is None or self._pending:
            return
        try:
            rates = parse_rates(self.rates_edit.text())
        except ValueError as error:
            self.message.setText(f'<span style="color: {self.theme.mismatch}">{error}</span>')
            return
        self._reset(rates)
        self._stop.clear()
        self._pending = len(rates)
        self.train_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.message.setText(f"Training {len(rates)} copies of your network...")
        for index, rate in enumerate(rates):
            network = self._network.copy()
            network.optimizer = dataclasses.replace(network.optimizer, learning_rate=rate)
            run = functools.partial(
                train_at_rate,
                index,
                network,
                self._dataset,
                self.epochs.value(),
                self._stop,
                self._reports,
            )
            self._pool.start(run)
        self._poll.start()

    def stop(self) -> None:
        """Ask every run to stop after its current epoch."""
        self._stop.set()

    def _reset(self, rates: list) -> None:
        for curve in self.curves:
            self.plot.removeItem(curve)
        colours = series_colours(self.theme)
        self.rates = rates
        self.losses = [([], []) for _ in rates]
        self.outcomes = ["running"] * len(rates)
        self.curves = [
            self.plot.plot(
                [],
                [],
                name=f"η = {format_number(rate)}",
                pen=pg.mkPen(colours[index % len(colours)], width=3),
            )
            for index, rate in enumerate(rates)
        ]
        self.table.setRowCount(len(rates))
        for row in range(len(rates)):
            self._fill_row(row)
        fit_rows(self.table)

    def _collect(self) -> None:
        """Take every report the runs have queued; redraw each changed curve once."""
        changed = set()
        while not self._reports.empty():
            kind, index, *figures = self._reports.get()
            if kind == "epoch":
                epoch, loss = figures
                self.losses[index][0].append(epoch)
                self.losses[index][1].append(loss)
                changed.add(index)
            else:
                self._draw(changed)
                changed.clear()
                self._run_done(index, *figures)
        self._draw(changed)

    def _draw(self, changed) -> None:
        for index in changed:
            self.curves[index].setData(*self.losses[index])
            self._fill_row(index)
        if changed:
            self._fit_view()

    def _fit_view(self) -> None:
        """Show the losses from the smallest up to 1000x the first epoch's: a diverging curve
        leaves through the top instead of squashing the others flat."""
        firsts = [losses[0] for _, losses in self.losses if losses]
        seen = [loss for _, losses in self.losses for loss in losses if loss > 0]
        if seen:
            # The y axis is in log10 units.
            self.plot.setYRange(math.log10(min(seen)), math.log10(max(firsts) * 1000))

    def _run_done(self, index: int, diverged_at: int) -> None:
        if not diverged_at:
            self.outcomes[index] = "stopped" if self._stop.is_set() else "finished"
        else:
            self.outcomes[index] = f"diverged at epoch {diverged_at}"
            self._label_divergence(index, diverged_at)
        self._fill_row(index)
        self._pending -= 1
        if not self._pending:
            self._poll.stop()
            self.train_button.setEnabled(True)
            self.stop_button.setEnabled(False)
            self.message.setText("Done: too small a rate crawls, too large a one diverges.")
            self.sigFinished.emit()

    def _label_divergence(self, index: int, epoch: int) -> None:
        """Name the epoch in the curve's legend entry; the curve itself ends at the last
        finite loss."""
        label = f"η = {format_number(self.rates[index])}: diverged at epoch {epoch}"
        self.legend.getLabel(self.curves[index]).setText(label)
        self.legend.layout.activate()  # settle the resize now, not during teardown

    def _fill_row(self, row: int) -> None:
        epochs, losses = self.losses[row]
        cells = (
            format_number(self.rates[row]),
            str(len(epochs)),
            format_number(losses[-1]) if losses else "—",
            self.outcomes[row],
        )
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))

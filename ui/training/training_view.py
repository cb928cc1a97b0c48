"""Training for real: controls, data, and live loss / accuracy / boundary / gradient plots.

The view holds its own copy of the user's Network (given by `set_workspace`) and the engine's
History of the run; the training itself runs in a TrainingWorker on its own thread, and every
figure shown comes from the EpochRecords and snapshots it sends back once per screen refresh.
"""

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from simulator.convergence import Judge
from simulator.training import History
from ui.plots.accuracy_plot import AccuracyPlot
from ui.plots.boundary_plot import BoundaryPlot
from ui.plots.figure import DEFAULT_SIZE
from ui.plots.gradient_plot import GradientPlot
from ui.plots.loss_plot import LossPlot
from ui.plots.plot_grid import PlotGrid
from ui.theme import LIGHT, Theme
from ui.training.dataset_panel import DatasetPanel
from ui.training.training_controls import TrainingControls
from ui.training.training_export import export_menu, write_export
from ui.training.training_side import TrainingSide
from ui.training.training_worker import (
    TrainingJob,
    TrainingWorker,
    frame_interval,
    weight_values,
)

WEIGHTS_INTERVAL = 0.25  # seconds between two recolourings of the graph while training


class TrainingView(QWidget):
    """Train / pause / step / reset the engine's network and watch its curves form."""

    sigWeightsChanged = Signal(dict)  # 'W[l,j,i]' -> value, at most once per screen refresh
    sigNetworkReset = Signal(object)  # the fresh Network that Reset put in place of the old
    sigRunningChanged = Signal(bool)  # True while the worker trains (lock the stepper then)
    sigDataRequested = Signal(object, object, bool)  # (Dataset, spec, fit the network): an edit

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.network = self.initial_network = None
        self.train_set = self.test_set = None
        self.title, self.standardization = "", None  # the user's example, for the figure
        self.history = History()
        self.judge = None  # the engine's Judge of this run, watching across Train and Step
        self.running = self.diverged = False
        self._weights_shown = 0.0  # when the graph's edge colours were last sent
        self.run_number = 0  # counts fresh starts; frames of an older run are dropped
        self.controls = TrainingControls()
        self.dataset_panel = DatasetPanel()
        self.plots = {
            "loss": LossPlot(theme, scale),
            "accuracy": AccuracyPlot(theme, scale),
            "boundary": BoundaryPlot(theme, scale),
            "gradient": GradientPlot(theme, scale),
        }
        self._lay_out()
        self._start_worker()
        self._connect()
        self.apply_theme(theme, scale)
        self.controls.set_running(False, can_train=False)

    def __repr__(self) -> str:
        return f"TrainingView({self.network!r}, {len(self.history)} epochs)"

    def _lay_out(self) -> None:
        self.export_menu = export_menu(self)  # the main window may add it to its menu bar
        self.export_button = QPushButton("Export…")
        self.export_button.setMenu(self.export_menu)
        self.side = TrainingSide(self.controls, self.dataset_panel, self.export_button)
        self.plot_grid = PlotGrid(self.plots.values())  # two by two, or stacked where narrow
        layout = QHBoxLayout(self)
        layout.addWidget(self.side, 0)
        layout.addWidget(self.plot_grid, 1)

    def _start_worker(self) -> None:
        self.worker = TrainingWorker(self)
        self.worker.sigFrame.connect(self._on_frame)
        self.worker.sigFinished.connect(self._on_finished)
        self.worker.sigDiverged.connect(self._on_diverged)
        self.worker.sigRefused.connect(self._on_refused)
        self.worker.sigVerdict.connect(self._on_verdict)

    def _connect(self) -> None:
        controls = self.controls
        controls.train_button.clicked.connect(self.train)
        controls.pause_button.clicked.connect(self.pause)
        controls.step_button.clicked.connect(self.step_epoch)
        controls.reset_button.clicked.connect(self.reset)
        controls.learning_rate.valueChanged.connect(self.set_learning_rate)
        self.dataset_panel.sigDataChanged.connect(self.set_data)
        self.dataset_panel.sigDataRequested.connect(self.sigDataRequested)

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """Colours and font sizes of every plot; the plots keep a readable minimum size."""
        for plot in self.plots.values():
            plot.apply_theme(theme, scale)
            plot.setMinimumWidth(round(220 * scale))
            plot.set_least_height(180)  # at the scale, and never flatter than its left title
        self.plot_grid.rearrange()
        self.side.fit(shrink=True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.side.fit(shrink=True)  # the window's style sheet has reached the controls now

    def set_workspace(self, workspace) -> None:
        """Train a copy of the user's network on its data; Reset returns here."""
        network, dataset = workspace.network.copy(), workspace.data
        self.title, self.standardization = workspace.title, workspace.standardization
        self.pause()
        self.initial_network = network.copy()
        self.dataset_panel.set_workspace(workspace)
        self.controls.learning_rate.blockSignals(True)
        self.controls.learning_rate.setValue(network.optimizer.learning_rate)
        self.controls.learning_rate.blockSignals(False)
        self.controls.show_batch_size(network.batch_size, len(dataset))
        self.plots["gradient"].set_layers(network.depth)
        self._use(network, *self.dataset_panel.current())

    def set_data(self, train, test=None) -> None:
        """New training (and test) data: the network starts again from its initial state."""
        self.train_set, self.test_set = train, test
        self.reset()

    def _use(self, network, train, test) -> None:
        """Start a fresh run of `network` on the data: empty curves, new boundary grid."""
        self.network, self.train_set, self.test_set = network, train, test
        self.run_number += 1
        self.history = History(tested=test is not None)
        self.judge = Judge(network, train)
        self.diverged = False
        self.controls.set_running(self.running)
        self.plots["boundary"].set_data(train)
        self._mark(None)
        self.controls.show_message("")
        self.controls.progress.setValue(0)
        self.controls.rate.setText("epoch 0")
        self._show_history()
        self._show_network()

    def reset(self) -> None:
        """Back to the initial network (with the current learning rate), curves cleared."""
        if self.initial_network is None or self.running:
            return
        network = self.initial_network.retuned(self.controls.learning_rate.value())
        self._use(network, self.train_set, self.test_set)
        self.sigNetworkReset.emit(network)

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change eta of the engine's optimizer (only between runs)."""
        if self.network is not None and not self.running:
            self.network = self.network.retuned(learning_rate)

    def train(self) -> None:
        """Run `epochs to run` epochs off the GUI thread; the window stays responsive."""
        self._run(self.controls.epochs.value())

    def step_epoch(self) -> None:
        """Run exactly one epoch."""
        self._run(1)

    def pause(self) -> None:
        """Stop after the epoch being computed; Train goes on from there."""
        if self.running:
            self.worker.pause()

    def _run(self, epochs: int) -> None:
        if self.network is None or self.running or self.diverged:
            return
        batch_size = self.controls.chosen_batch_size(len(self.train_set))
        self.network = self.network.retuned(batch_size=batch_size)
        self.judge.network = self.network  # the copy that trains on, for the judge's causes
        self.controls.progress.setRange(0, epochs)
        self.controls.progress.setValue(0)
        self._set_running(True)
        self.worker.start(
            TrainingJob(
                self.network,
                self.train_set,
                epochs,
                test=self.test_set,
                grid=self.plots["boundary"].grid,
                frame_interval=frame_interval(),
                run=self.run_number,
                judge=self.judge,
                on_trouble=self.controls.trouble_choice(),
            )
        )

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.controls.set_running(running, can_train=not self.diverged)
        self.dataset_panel.setEnabled(not running)
        self.sigRunningChanged.emit(running)

    def _on_frame(self, frame) -> None:
        if frame.run != self.run_number:
            return
        if frame.records:
            self.history.extend(frame.records)
            self._show_history()
        if frame.trouble is not None:
            self._on_verdict(frame.trouble, frame.run)
            self._show_trouble(self.history.verdict)
        snapshot = frame.snapshot
        if snapshot is None:
            return
        self.controls.progress.setValue(snapshot.epochs_done)
        self.controls.rate.setText(
            f"epoch {self.history[-1].epoch} · {int(snapshot.epochs_per_second)} epochs/s"
        )
        if snapshot.boundary is not None:
            self.plots["boundary"].show_outputs(snapshot.boundary)
        now = time.perf_counter()
        if now - self._weights_shown >= WEIGHTS_INTERVAL:  # the graph's colours: a few a second
            self._weights_shown = now
            self.sigWeightsChanged.emit(snapshot.weights)

    def _on_verdict(self, verdict, run: int) -> None:
        """The engine's verdict on a job: the run's first trouble stays its verdict."""
        if run == self.run_number and not (self.history.verdict and self.history.verdict.trouble):
            self.history.verdict = verdict

    def _on_finished(self, completed: bool, run: int) -> None:
        self._set_running(False)
        if run != self.run_number:
            return
        self.sigWeightsChanged.emit(weight_values(self.network))  # the graph ends where it trained
        verdict = self.history.verdict
        if verdict is not None and verdict.trouble:  # never "finished": say what went wrong
            self._show_trouble(verdict, "" if completed else self.network.epoch)
        elif completed:
            self.controls.show_message(verdict.sentence if verdict else "")
        else:
            self.controls.show_message(f"Paused after epoch {self.network.epoch}.")

    def _on_diverged(self, error, run: int) -> None:
        self._set_running(False)
        if run != self.run_number:
            return  # a run that set_workspace has already replaced
        self.diverged = True
        self.history.verdict = error.verdict
        self.controls.set_running(False, can_train=False)
        self._mark(error.epoch)
        self.controls.show_message(f"{error} Press Reset to start again.", warning=True)

    def _show_trouble(self, verdict, stopped_after="") -> None:
        """The engine's sentence on a troubled run, its first epoch marked on the plots."""
        self._mark(verdict.epoch)
        stopped = f"Stopped after epoch {stopped_after}. " if stopped_after else ""
        self.controls.show_message(stopped + verdict.sentence, warning=True)

    def _mark(self, epoch: int | None) -> None:
        """A line on the epoch plots where the trouble began (None: no line)."""
        for name in ("loss", "accuracy", "gradient"):
            self.plots[name].mark_divergence(epoch)

    def _on_refused(self, message: str, run: int) -> None:
        self._set_running(False)
        self.controls.show_message(message, warning=True)

    def _show_history(self) -> None:
        for name in ("loss", "accuracy", "gradient"):
            self.plots[name].show_history(self.history)

    def _show_network(self) -> None:
        """The boundary and the edge colours of the network as it stands (not training)."""
        grid = self.plots["boundary"].grid
        if grid is not None:
            self.plots["boundary"].show_outputs(self.network.predict(grid))
        self.sigWeightsChanged.emit(weight_values(self.network))

    def export(self, kind: str, path, size=DEFAULT_SIZE) -> None:
        """Write the curves ('csv', 'json') or the training figure ('png', 'svg') to `path`."""
        write_export(self, kind, path, size)

    def shutdown(self) -> None:
        """Stop training and wait for its thread (the window calls this before it closes)."""
        self.worker.wait()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

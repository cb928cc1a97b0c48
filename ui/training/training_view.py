"""Training for real: controls, data, and live loss / accuracy / boundary / gradient plots.

The view holds its own copy of the user's Network (given by `set_workspace`) and the engine's
History of the run; the training itself runs in a TrainingWorker on its own thread, and every
figure shown comes from the EpochRecords and snapshots it sends back once per screen refresh.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.training import History
from ui.plots import export
from ui.plots.accuracy_plot import AccuracyPlot
from ui.plots.boundary_plot import BoundaryPlot
from ui.plots.gradient_plot import GradientPlot
from ui.plots.loss_plot import LossPlot
from ui.theme import LIGHT, Theme
from ui.training.dataset_panel import DatasetPanel
from ui.training.training_controls import TrainingControls
from ui.training.training_worker import (
    TrainingJob,
    TrainingWorker,
    frame_interval,
    weight_values,
)

EXPORTS = {  # kind -> (file filter, writer of the history or of one plot)
    "csv": ("CSV (*.csv)", export.export_history_csv),
    "json": ("JSON (*.json)", export.export_history_json),
    "png": ("PNG image (*.png)", export.export_plot_png),
    "svg": ("SVG image (*.svg)", export.export_plot_svg),
}


class TrainingView(QWidget):
    """Train / pause / step / reset the engine's network and watch its curves form."""

    sigWeightsChanged = Signal(dict)  # 'W[l,j,i]' -> value, at most once per screen refresh
    sigNetworkReset = Signal(object)  # the fresh Network that Reset put in place of the old
    sigRunningChanged = Signal(bool)  # True while the worker trains (lock the stepper then)

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.network = self.initial_network = None
        self.train_set = self.test_set = None
        self.history = History()
        self.running = self.diverged = False
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
        self.export_menu = self._export_menu()  # the main window may add it to its menu bar
        self.export_button = QPushButton("Export…")
        self.export_button.setMenu(self.export_menu)
        side = QVBoxLayout()
        for title, widget in (("Training", self.controls), ("Data", self.dataset_panel)):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(widget)
            side.addWidget(group)
        side.addWidget(self.export_button)
        side.addStretch(1)
        grid = QGridLayout()
        for index, plot in enumerate(self.plots.values()):
            grid.addWidget(plot, index // 2, index % 2)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 0)
        layout.addLayout(grid, 1)

    def _export_menu(self) -> QMenu:
        menu = QMenu("Export", self)
        menu.addAction("Curves as CSV…", lambda: self._export_dialog("csv"))
        menu.addAction("Curves as JSON…", lambda: self._export_dialog("json"))
        for name in self.plots:
            for kind in ("png", "svg"):
                menu.addAction(
                    f"{name.capitalize()} plot as {kind.upper()}…",
                    lambda n=name, k=kind: self._export_dialog(k, n),
                )
        return menu

    def _start_worker(self) -> None:
        self.worker = TrainingWorker(self)
        self.worker.sigFrame.connect(self._on_frame)
        self.worker.sigFinished.connect(self._on_finished)
        self.worker.sigDiverged.connect(self._on_diverged)
        self.worker.sigRefused.connect(self._on_refused)

    def _connect(self) -> None:
        controls = self.controls
        controls.train_button.clicked.connect(self.train)
        controls.pause_button.clicked.connect(self.pause)
        controls.step_button.clicked.connect(self.step_epoch)
        controls.reset_button.clicked.connect(self.reset)
        controls.learning_rate.valueChanged.connect(self.set_learning_rate)
        self.dataset_panel.sigDataChanged.connect(self.set_data)

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """Colours and font sizes of every plot; the plots keep a readable minimum size."""
        for plot in self.plots.values():
            plot.apply_theme(theme, scale)
            plot.setMinimumSize(round(220 * scale), round(180 * scale))

    def set_workspace(self, workspace) -> None:
        """Train a copy of the user's network on its data; Reset returns here."""
        network, dataset = workspace.network.copy(), workspace.data
        self.pause()
        self.initial_network = network.copy()
        self.dataset_panel.set_preset_data(dataset, (network.sizes[0], network.sizes[-1]))
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
        self.diverged = False
        self.controls.set_running(self.running)
        self.plots["boundary"].set_data(train)
        for plot in self.plots.values():
            if plot is not self.plots["boundary"]:
                plot.mark_divergence(None)
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
        snapshot = frame.snapshot
        if snapshot is None:
            return
        self.controls.progress.setValue(snapshot.epochs_done)
        self.controls.rate.setText(
            f"epoch {self.history[-1].epoch} · {int(snapshot.epochs_per_second)} epochs/s"
        )
        if snapshot.boundary is not None:
            self.plots["boundary"].show_outputs(snapshot.boundary)
        self.sigWeightsChanged.emit(snapshot.weights)

    def _on_finished(self, completed: bool, run: int) -> None:
        self._set_running(False)
        if run == self.run_number:
            paused = f"Paused after epoch {self.network.epoch}."
            self.controls.show_message("" if completed else paused)

    def _on_diverged(self, error, run: int) -> None:
        self._set_running(False)
        if run != self.run_number:
            return  # a run that set_workspace has already replaced
        self.diverged = True
        self.controls.set_running(False, can_train=False)
        for name in ("loss", "accuracy", "gradient"):
            self.plots[name].mark_divergence(error.epoch)
        self.controls.show_message(f"{error} Press Reset to start again.", warning=True)

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

    def export(self, kind: str, path, plot: str = "loss") -> None:
        """Write the curves ('csv', 'json') or one plot ('png', 'svg') to `path`."""
        writer = EXPORTS[kind][1]
        writer(self.history if kind in ("csv", "json") else self.plots[plot], path)

    def _export_dialog(self, kind: str, plot: str = "loss") -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export", f"{plot}.{kind}", EXPORTS[kind][0])
        if not path:
            return
        try:
            self.export(kind, path, plot)
        except OSError as error:
            self.controls.show_message(f"{path}: the file could not be written ({error}).", True)

    def shutdown(self) -> None:
        """Stop training and wait for its thread (the window calls this before it closes)."""
        self.worker.wait()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

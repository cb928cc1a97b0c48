"""The buttons and settings of a training run: train, pause, step, reset, epochs, eta, batch."""

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

SGD, FULL_BATCH, MINI_BATCH = "1 (SGD)", "full batch", "mini-batch"
# The engine's word -> as shown; flag first (the default): a teacher sees the curve go on flat
# or climbing, with the trouble marked the moment the engine sees it.
ON_TROUBLE = {"flag": "flag it, go on", "stop": "stop training"}


class TrainingControls(QWidget):
    """Plain widgets; the training view connects them and decides what each press does."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.train_button = QPushButton("Train")
        self.pause_button = QPushButton("Pause")
        self.step_button = QPushButton("Step one epoch")
        self.reset_button = QPushButton("Reset")
        self.epochs = _spin(QSpinBox(), 1, 1_000_000, 500)
        self.learning_rate = _spin(QDoubleSpinBox(), 0.0001, 1000.0, 0.1)
        self.learning_rate.setDecimals(4)
        self.learning_rate.setSingleStep(0.01)
        self.batch_mode = QComboBox()
        self.batch_mode.addItems([SGD, FULL_BATCH, MINI_BATCH])
        self.batch_size = _spin(QSpinBox(), 1, 1_000_000, 16)
        self.on_trouble = QComboBox()
        for word, text in ON_TROUBLE.items():
            self.on_trouble.addItem(text, word)
        self.on_trouble.setToolTip(
            "When the loss rises, jumps up and down or stalls: stop there, or flag it and go on "
            "(NaN or inf always stops)"
        )
        self.progress = QProgressBar()
        self.rate = QLabel("epoch 0")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._lay_out()
        self.batch_mode.currentTextChanged.connect(self._enable_batch_size)
        self._enable_batch_size()

    def __repr__(self) -> str:
        return f"TrainingControls(epochs={self.epochs.value()})"

    def _lay_out(self) -> None:
        buttons = QGridLayout()
        for index, button in enumerate(
            (self.train_button, self.pause_button, self.step_button, self.reset_button)
        ):
            buttons.addWidget(button, index // 2, index % 2)
        form = QFormLayout()
        form.addRow("epochs to run", self.epochs)
        form.addRow("learning rate η", self.learning_rate)
        form.addRow("batch size", self.batch_mode)
        form.addRow("mini-batch of", self.batch_size)
        form.addRow("if not converging", self.on_trouble)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.rate)
        layout.addWidget(self.message)

    def _enable_batch_size(self) -> None:
        self.batch_size.setEnabled(self.batch_mode.currentText() == MINI_BATCH)

    def show_batch_size(self, batch_size: int, n_samples: int) -> None:
        """Select the mode that matches a network's batch size."""
        if batch_size == 1:
            self.batch_mode.setCurrentText(SGD)
        elif batch_size >= n_samples:
            self.batch_mode.setCurrentText(FULL_BATCH)
        else:
            self.batch_mode.setCurrentText(MINI_BATCH)
            self.batch_size.setValue(batch_size)

    def trouble_choice(self) -> str:
        """'stop' or 'flag': what the engine's train does at the first trouble it finds."""
        return self.on_trouble.currentData()

    def chosen_batch_size(self, n_samples: int) -> int:
        """Samples per iteration as chosen: 1, all of them, or the mini-batch size."""
        mode = self.batch_mode.currentText()
        return {SGD: 1, FULL_BATCH: n_samples}.get(mode, min(self.batch_size.value(), n_samples))

    def set_running(self, running: bool, can_train: bool = True) -> None:
        """Enable what makes sense while training runs (pause) or not (everything else)."""
        self.pause_button.setEnabled(running)
        for control in (self.train_button, self.step_button):
            control.setEnabled(not running and can_train)
        settings = (self.reset_button, self.epochs, self.learning_rate, self.batch_mode)
        for control in (*settings, self.on_trouble):
            control.setEnabled(not running)
        self.batch_size.setEnabled(not running and self.batch_mode.currentText() == MINI_BATCH)

    def show_message(self, text: str, warning: bool = False) -> None:
        """A sentence under the progress bar; a warning in bold."""
        self.message.setText(text)
        self.message.setStyleSheet("font-weight: bold;" if warning else "")


def _spin(box, low, high, value):
    box.setRange(low, high)
    box.setValue(value)
    box.setKeyboardTracking(False)
    return box

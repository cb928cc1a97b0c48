"""The side panel: pick a preset, and change the architecture, loss and optimizer.

It shows a NetworkView and asks for changes by emitting a Settings; the controller decides.
"""

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.rules import parse_value
from ui.validation import parse_sizes

MAX_SIZES_CHARS = 400  # 65 layer sizes of up to four digits, with separators and spaces
MAX_NUMBER_CHARS = 100  # a number typed in full precision takes 25


class NetworkPanel(QWidget):
    """Preset picker plus the settings form; every change goes out as a request."""

    sigPresetRequested = Signal(str)  # a bundled preset's name
    sigOpenRequested = Signal()  # the user wants to pick a JSON file
    sigSettingsRequested = Signal(object)  # Settings
    sigError = Signal(str)  # text in a field that cannot be read

    def __init__(self, choices: dict, presets: list, parent=None):
        super().__init__(parent)
        self.choices, self.settings = choices, None
        layout = QVBoxLayout(self)
        layout.addWidget(self._preset_box(presets))
        layout.addWidget(self._network_box())
        layout.addWidget(self._training_box())
        layout.addWidget(self._about_box())
        layout.addStretch(1)

    def _preset_box(self, presets) -> QGroupBox:
        box = QGroupBox("Example", self)
        self.preset = QComboBox(box)
        self.preset.addItems(presets)
        self.preset.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset.setMinimumContentsLength(10)
        self.preset.setEnabled(bool(presets))
        self.preset.activated.connect(
            lambda: self.sigPresetRequested.emit(self.preset.currentText())
        )
        self.open_button = QPushButton("Open…", box)
        self.open_button.clicked.connect(self.sigOpenRequested)
        self.title = WrappedLabel(box)
        self.title.setObjectName("presetTitle")
        row = QHBoxLayout()
        row.addWidget(self.preset, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.title)
        return box

    def _about_box(self) -> QGroupBox:
        self.about = QGroupBox("About this example", self)
        self.description = WrappedLabel(self.about)
        self.description.setObjectName("presetDescription")
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        QVBoxLayout(self.about).addWidget(self.description)
        return self.about

    def _network_box(self) -> QGroupBox:
        box = QGroupBox("Network", self)
        self.form = QFormLayout(box)
        self.sizes = QLineEdit(box)
        self.sizes.setToolTip("Neurons per layer, input first, e.g. 2-2-1")
        self.sizes.setMaxLength(MAX_SIZES_CHARS)
        self.sizes.editingFinished.connect(self._request)
        self.form.addRow("Layers", self.sizes)
        self.loss = self._combo(box, self.choices["losses"])
        self.form.addRow("Loss", self.loss)
        self.activations = []
        return box

    def _training_box(self) -> QGroupBox:
        box = QGroupBox("Training", self)
        form = QFormLayout(box)
        self.optimizer = self._combo(box, self.choices["optimizers"])
        self.learning_rate = QLineEdit(box)
        self.learning_rate.setMaxLength(MAX_NUMBER_CHARS)
        self.learning_rate.editingFinished.connect(self._request)
        self.batch_size = QSpinBox(box)
        self.batch_size.setMinimum(1)
        self.batch_size.editingFinished.connect(self._request)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Learning rate η", self.learning_rate)
        form.addRow("Batch size", self.batch_size)
        return box

    def _combo(self, parent, items) -> QComboBox:
        combo = QComboBox(parent)
        combo.addItems(list(items))
        combo.activated.connect(self._request)
        return combo

    def set_network(self, view) -> None:
        """Show a network's settings without sending any request back."""
        settings = self.settings = view.settings
        self.title.setText(f"<b>{html.escape(view.title)}</b>")
        about = "\n\n".join(text for text in (view.description, view.order_note) if text)
        self.description.setText(about)
        self.about.setVisible(bool(about))
        index = self.preset.findText(view.preset)
        self.sizes.setText("-".join(map(str, settings.sizes)))
        self.loss.setCurrentText(settings.loss)
        self.optimizer.setCurrentText(settings.optimizer)
        self.learning_rate.setText(f"{settings.learning_rate:g}")
        self.batch_size.setMaximum(max(1, view.sample_count))
        self.batch_size.setValue(settings.batch_size)
        if index >= 0:
            self.preset.setCurrentIndex(index)
        self._show_activations(settings.activations)

    def _show_activations(self, names) -> None:
        """A choice of activation for each layer: the rows a net of the same depth had stay
        (every edit shows the network again), a deeper or shallower one adds or removes some."""
        while len(self.activations) > len(names):
            self.form.removeRow(self.activations.pop())
        while len(self.activations) < len(names):
            combo = self._combo(self, self.choices["activations"])
            self.activations.append(combo)
            layer = len(self.activations)
            self.form.insertRow(self.form.rowCount() - 1, f"Layer {layer}", combo)
        for combo, name in zip(self.activations, names):
            combo.setCurrentText(name)

    def _request(self) -> None:
        """Read the form; emit a Settings when it differs from the network's."""
        if self.settings is None:
            return
        try:
            sizes = parse_sizes(self.sizes.text())
            learning_rate = parse_value(self.learning_rate.text(), "the learning rate")
        except ValueError as error:
            self.sigError.emit(str(error))
            return
        names = [combo.currentText() for combo in self.activations]
        settings = replace(
            self.settings,
            sizes=sizes,
            activations=_fit(names, len(sizes) - 1),
            loss=self.loss.currentText(),
            optimizer=self.optimizer.currentText(),
            learning_rate=learning_rate,
            batch_size=self.batch_size.value(),
        )
        if settings != self.settings:
            self.sigSettingsRequested.emit(settings)


class WrappedLabel(QLabel):
    """A word-wrapped label that measures its text once per width.

    QLabel keeps the height of one width only, and the scroll area around the panel asks for
    two in turn (with and without its scroll bar, even while collapsed), so the description's
    900 characters were wrapped again at every resize: a sixth of a window's start. Qt's answer
    for a width is kept until the text, or anything that can change its wrapping (font, style,
    contents margins: they all reach changeEvent), changes.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self._heights = {}  # (width, and the label's own wrapping settings) -> QLabel's height

    def __repr__(self) -> str:
        return f"WrappedLabel({self.objectName()!r}, {len(self.text())} chars)"

    def setText(self, text: str) -> None:
        self._heights.clear()
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        key = (width, self.wordWrap(), self.textFormat(), self.margin(), self.indent())
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = self._measure(width)
        return height

    def _measure(self, width: int) -> int:
        """QLabel's own height for `width`: the text wrapped and shaped anew."""
        return super().heightForWidth(width)

    def changeEvent(self, event) -> None:
        self._heights.clear()
        super().changeEvent(event)


def style_rules(theme, scale: float) -> str:
    """The description in the theme's secondary colour, for the window's one style sheet."""
    return f"#presetDescription {{ color: {theme.muted}; }}"


def _fit(names: list, depth: int) -> tuple:
    """Activations for `depth` layers: hidden layers repeat the first hidden one; output kept."""
    hidden = names[:-1] or names
    return tuple((hidden + hidden[-1:] * depth)[: depth - 1]) + (names[-1],)

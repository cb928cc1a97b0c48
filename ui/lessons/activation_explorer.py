"""Activation explorer (seeds 001 and 004): f and f' of every activation, and the notes' table.

The curves and the marker are the engine's own `Activation.forward` / `derivative` evaluated
on a grid of z; the selected neuron's z comes from the network's forward pass of sample 1.
"""

import numpy as np
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.activations import ACTIVATIONS
from simulator.keys import neuron_key
from simulator.notation import format_number
from simulator.paths import parse_target
from ui.lessons.style import fit_rows, lesson_plot, read_only_table
from ui.theme import LIGHT, Theme

GRID_POINTS = 601
SOFTMAX_CLASSES = 3  # the notes' c1, c2, c3 when the network has no softmax layer
COLUMNS = ("Activation", "f(z)", "f'(z)", "Range", "Max f'", "Zero-centred")


def table_row(activation) -> tuple:
    """The notes' table row of one activation, from its Activation object."""
    names = {"z": "z", "a": "a", "alpha": "α"}
    return (
        activation.name,
        activation.formula.format(**names),
        activation.derivative_formula.format(**names),
        activation.value_range,
        activation.max_derivative,
        "yes" if activation.zero_centred else "no",
    )


class ActivationExplorer(QWidget):
    """Plots f and f' of a chosen activation with the selected neuron's z marked on both."""

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.theme = theme
        self._network = self._dataset = None
        self._selected = "a[1,1]"
        self.marker_z = None  # the selected neuron's z (engine forward pass), or None
        self.value_plot = lesson_plot("f(z)", "f(z)", "z", theme, scale)
        self.slope_plot = lesson_plot("f'(z)", "f'(z)", "z", theme, scale)
        self.value_curve = self.value_plot.add_curve("positive")
        self.value_marker = self.value_plot.add_marker("current")
        self.slope_curve = self.slope_plot.add_curve("positive")
        self.slope_marker = self.slope_plot.add_marker("current")
        self._z_from, self._z_to = self._range_box(-6.0), self._range_box(6.0)
        self._caption = QLabel()
        self._caption.setWordWrap(True)
        self.table = self._build_table()
        self._build_layout()
        self.table.selectRow(list(ACTIVATIONS).index("sigmoid"))

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """Both plots in the window's theme and presentation scale."""
        self.theme = theme
        for plot in (self.value_plot, self.slope_plot):
            plot.apply_theme(theme, scale)

    def _range_box(self, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(-100.0, 100.0)
        box.setValue(value)
        box.valueChanged.connect(self._draw)
        return box

    def _build_table(self):
        table = read_only_table(COLUMNS)
        table.setRowCount(len(ACTIVATIONS))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, activation in enumerate(ACTIVATIONS.values()):
            for column, text in enumerate(table_row(activation)):
                table.setItem(row, column, QTableWidgetItem(text))
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMNS.index("f'(z)"), QHeaderView.ResizeMode.Stretch)
        table.setToolTip("Click a row to plot that activation.")
        table.itemSelectionChanged.connect(self._draw)
        return table

    def _build_layout(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel("z from"))
        controls.addWidget(self._z_from)
        controls.addWidget(QLabel("to"))
        controls.addWidget(self._z_to)
        controls.addWidget(self._caption, 1)
        plots = QHBoxLayout()
        plots.addWidget(self.value_plot)
        plots.addWidget(self.slope_plot)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(plots, 1)
        layout.addWidget(QLabel("Click a table row to plot that activation."))
        layout.addWidget(self.table)

    def showEvent(self, event) -> None:
        """Size the table to show all its rows, whatever the font size; with less room it
        scrolls, and the plots keep their height."""
        super().showEvent(event)
        fit_rows(self.table, shrinks=True)

    @property
    def activation(self):
        """The Activation whose curves are on show."""
        rows = self.table.selectionModel().selectedRows()
        return list(ACTIVATIONS.values())[rows[0].row() if rows else 0]

    def set_workspace(self, workspace) -> None:
        """Mark the selected neuron of the user's network, using sample 1 of its data."""
        self._network, self._dataset = workspace.network, workspace.data
        self.set_selected(self._selected)

    def set_selected(self, key: str) -> None:
        """Follow a neuron, weight or bias selected in the graph; plot its layer's activation."""
        self._selected = key
        layer = self._selected_layer()
        if layer is not None:
            name = self._network.activations[layer - 1].name
            self.table.selectRow(list(ACTIVATIONS).index(name))
        self._draw()

    def _selected_layer(self):
        if self._network is None:
            return None
        try:
            return parse_target(self._selected, self._network.sizes)[1]
        except ValueError:
            return None

    def _alpha(self, activation) -> float:
        """The selected layer's alpha when it uses this activation, else the default."""
        layer = self._selected_layer()
        if layer is not None and self._network.activations[layer - 1].name == activation.name:
            return self._network.alpha(layer)
        return activation.default_alpha or 0.0

    def _curves(self, z: np.ndarray):
        """f(z) and f'(z) from the engine; softmax as output 1 with the other z's at 0."""
        activation, alpha = self.activation, self._alpha(self.activation)
        weighted_sums = z[:, None]
        if activation.name == "softmax":
            weighted_sums = np.zeros((z.size, self._softmax_classes()))
            weighted_sums[:, 0] = z
        value = activation.forward(weighted_sums, alpha)
        slope = activation.derivative(weighted_sums, value, alpha)
        return value[:, 0], slope[:, 0]

    def _softmax_classes(self) -> int:
        network = self._network
        if network is not None and network.activations[-1].name == "softmax":
            return network.sizes[-1]
        return SOFTMAX_CLASSES

    def _draw(self) -> None:
        z = np.linspace(self._z_from.value(), self._z_to.value(), GRID_POINTS)
        value, slope = self._curves(z)
        self.value_curve.setData(z, value)
        self.slope_curve.setData(z, slope)
        self.marker_z = self._neuron_z()
        if self.marker_z is None:
            self.value_marker.setData([], [])
            self.slope_marker.setData([], [])
        else:
            marker_value, marker_slope = self._curves(np.array([self.marker_z]))
            self.value_marker.setData([self.marker_z], marker_value)
            self.slope_marker.setData([self.marker_z], marker_slope)
        self._caption.setText(self._caption_text())

    def _neuron_z(self):
        layer = self._selected_layer()
        if layer is None:
            return None
        neuron = parse_target(self._selected, self._network.sizes)[2]
        forward = self._network.forward(self._dataset.inputs[:1])
        return float(forward.weighted_sums[layer - 1][0, neuron - 1])

    def _caption_text(self) -> str:
        activation = self.activation
        parts = [f"{activation.name}"]
        if activation.default_alpha is not None:
            parts.append(f"α = {format_number(self._alpha(activation))}")
        if activation.name == "softmax":
            others = self._softmax_classes() - 1
            parts.append(f"plotted as output 1 against z1 with the other {others} z's at 0")
        if self.marker_z is not None:
            layer, neuron = parse_target(self._selected, self._network.sizes)[1:3]
            value, slope = self.value_marker.getData()[1][0], self.slope_marker.getData()[1][0]
            parts.append(
                f"● {neuron_key('z', layer, neuron)} = {format_number(self.marker_z)} (sample 1): "
                f"f(z) = {format_number(value)}, f'(z) = {format_number(slope)}"
            )
        return ";  ".join(parts)

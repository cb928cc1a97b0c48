"""Why activations (seed 002): an all-linear network is one linear layer in disguise.

Network.collapse() gives the single layer (W, b); the user types an input row and sees the
network's outputs beside the collapsed layer's, both computed by the engine
(Network.collapsed() is a one-layer linear Network with that W and b). For a non-linear
network the view shows why it does not collapse.
"""

import html
import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.keys import neuron_key
from simulator.network import agree
from simulator.notation import format_number
from ui.lessons.style import fit_rows, read_only_table
from ui.theme import LIGHT, Theme

PROOF = (
    "<p><b>Why a network of linear layers is one layer</b> (seed 002): with no activation,"
    "<br>z1 = W1 x + b1, &nbsp; z2 = W2 z1 + b2 = (W2 W1) x + (W2 b1 + b2) = W x + b."
    "<br>Every further linear layer folds in the same way, so however deep the stack, it draws"
    " the same straight boundaries as a single layer. A non-linear activation between layers"
    " (sigmoid, tanh, relu, ...) stops the folding; that is why we need activation functions.</p>"
)
# two-line titles keep the four columns narrow enough for half a 1024-pixel window
OUTPUT_COLUMNS = ("Output", "Network\na[L,j]", "Collapsed\nW x + b", "Equal")


def matrix_html(title: str, matrix) -> str:
    """A titled HTML table of a 1-D or 2-D array, each entry rounded by the engine's rule."""
    rows = matrix.reshape(matrix.shape[0], -1)
    cells = "".join(
        "<tr>" + "".join(f"<td align='right'>{format_number(v)}</td>" for v in row) + "</tr>"
        for row in rows
    )
    return (
        f"<td valign='top'><b>{html.escape(title)}</b>"
        f"<table border='1' cellspacing='0' cellpadding='5'>{cells}</table></td>"
    )


class CollapseView(QWidget):
    """The collapsed single layer beside the network, and both outputs for a typed input row."""

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.theme = theme
        self._network = self._collapsed = None
        self.inputs = []  # the input row last accepted (floats)
        self._layers = QTextBrowser()
        self.input_row = QTableWidget(1, 0)
        self.input_row.verticalHeader().hide()
        self.input_row.itemChanged.connect(self._input_edited)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.input_row.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.outputs = read_only_table(OUTPUT_COLUMNS)
        self._build_layout()

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """Colours for the next message (the window sets the fonts; there is no plot)."""
        self.theme = theme

    def _build_layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(QLabel("Type an input row (press Enter after each number):"))
        right.addWidget(self.input_row)
        right.addWidget(self.message)
        right.addWidget(QLabel("Outputs for this input:"))
        right.addWidget(self.outputs)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self._layers, 1)
        layout.addLayout(right, 1)

    def set_workspace(self, workspace) -> None:
        """Collapse the user's network if it is all linear; start the input row at sample 1."""
        network, dataset = workspace.network, workspace.data
        self._network = network
        try:
            self._collapsed = network.collapsed()
        except ValueError as error:
            self._collapsed = None
            self._layers.setHtml(self._not_linear_html(str(error)))
        else:
            self._layers.setHtml(self._layers_html())
        self.message.clear()
        self._set_inputs(list(dataset.inputs[0]))

    def _set_inputs(self, values: list) -> None:
        self.inputs = [float(v) for v in values]
        table = self.input_row
        table.blockSignals(True)
        if table.columnCount() != len(values):
            table.setColumnCount(len(values))
            table.setHorizontalHeaderLabels([f"x{i + 1}" for i in range(len(values))])
            for column in range(len(values)):
                table.setItem(0, column, QTableWidgetItem())
        for column, value in enumerate(self.inputs):
            table.item(0, column).setText(format_number(value))
        table.blockSignals(False)
        fit_rows(table)
        self._show_outputs()

    def _input_edited(self, item: QTableWidgetItem) -> None:
        """Accept a finite number; otherwise explain in one sentence and restore the old value."""
        column, text = item.column(), item.text().strip()
        try:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            self.message.setText(
                f'<span style="color: {self.theme.mismatch}">x{column + 1} must be a finite '
                f"number such as 0.5, and '{html.escape(text)}' is not one; "
                "nothing was changed.</span>"
            )
            self._set_inputs(self.inputs)
            return
        self.message.clear()
        self._set_inputs([*self.inputs[:column], value, *self.inputs[column + 1 :]])

    def _show_outputs(self) -> None:
        row_of_inputs = np.array([self.inputs])
        network_out = self._network.predict(row_of_inputs)[0]
        collapsed_out = (
            self._collapsed.predict(row_of_inputs)[0] if self._collapsed is not None else None
        )
        self.outputs.setRowCount(len(network_out))
        for row, value in enumerate(network_out):
            cells = [neuron_key("a", self._network.depth, row + 1), format_number(value)]
            if collapsed_out is None:
                cells += ["—", "—"]
            else:
                same = agree(value, collapsed_out[row])
                cells += [format_number(collapsed_out[row]), "✓" if same else "✗"]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.outputs.setItem(row, column, cell)
        fit_rows(self.outputs)

    def _layers_html(self) -> str:
        network = self._network
        layers = "".join(
            matrix_html(f"W{layer}", network.weight(layer))
            + matrix_html(f"b{layer}", network.bias(layer))
            + "<td>&nbsp;&nbsp;</td>"
            for layer in range(1, network.depth + 1)
        )
        weight, bias = self._collapsed.weight(1), self._collapsed.bias(1)
        single = matrix_html("W", weight) + matrix_html("b", bias)
        shape = "-".join(map(str, network.sizes))
        return (
            f"<h3>Your network ({shape}, every activation linear)</h3>"
            f"<table cellspacing='6'><tr>{layers}</tr></table>"
            f"<h3>collapses to one layer ({network.sizes[0]}-{network.sizes[-1]}):"
            f" a = W x + b</h3><table cellspacing='6'><tr>{single}</tr></table>" + PROOF
        )

    def _not_linear_html(self, reason: str) -> str:
        layers = ", ".join(
            f"layer {layer} uses {activation.name}"
            for layer, activation in enumerate(self._network.activations, 1)
            if activation.name != "linear"
        )
        return (
            f"<h3>This network does not collapse</h3><p>{html.escape(reason.capitalize())}"
            f"; here {html.escape(layers)}.</p>" + PROOF
        )

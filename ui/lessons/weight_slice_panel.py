"""Seed 000's picture: the loss against one weight, the tangent at w_old, and each rate's steps.

Every number comes from simulator/weight_slice.py: the curve, the tangent's slope, the minimum
and the steps w_new = w_old - eta*slope. The panel only draws them, one colour per learning rate
(the colours of the loss curves beside it).
"""

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.datasets import Dataset, sample_rows
from simulator.notation import format_number
from simulator.weight_slice import default_key, descent, parameter_keys, weight_slice
from ui.lessons.style import lesson_plot
from ui.plots.themed_plot import series_colour
from ui.theme import LIGHT, Theme

TANGENT_SHARE = 0.15  # the tangent is drawn over this share of the curve's width
MAX_ROWS = 2000  # the curve of big data is the loss over a seeded sample of this many rows


class WeightSlicePanel(QWidget):
    """The weight to look at, the plot (slice, tangent, minimum, one path per rate), the slope."""

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.network = self.data = None
        self.rates = []
        self.cut, self.descents = None, []  # the engine's WeightSlice and Descents on show
        self.weight = QComboBox()
        self.weight.setToolTip("The weight whose loss curve and gradient-descent steps are drawn")
        self.weight.currentTextChanged.connect(self.draw)
        self.slope_text = QLabel()
        self.slope_text.setWordWrap(True)
        self.plot = lesson_plot("Loss against one weight", "loss", "w", theme, scale)
        self.legend = self.plot.add_legend(offset=(-10, -10))  # bottom right, under a wall
        self.legend.setColumnCount(4)  # two rows under the plot: the bowl keeps its height
        self.curve = self.plot.add_curve("text", name="loss")
        self.tangent = self.plot.add_curve("muted", name="tangent", dashed=True)
        self.start = self.plot.add_marker("text")
        self.lowest = self.plot.add_marker("read")  # apart from the rates: blue, orange, green
        self.legend.addItem(self.start, "w_old")
        self.legend.addItem(self.lowest, "minimum")
        self.paths = []  # (line, markers) per learning rate
        row = QHBoxLayout()
        row.addWidget(QLabel("Weight w:"))
        row.addWidget(self.weight, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.slope_text)

    def __repr__(self) -> str:
        return f"WeightSlicePanel({self.weight.currentText()}, {len(self.paths)} rates)"

    def set_network(self, network, data) -> None:
        """Another network: its weights to choose from (the engine's default chosen). Its curve
        takes some 200 passes over the data: big data is sampled (the engine's sample_rows)."""
        rows = sample_rows(len(data), MAX_ROWS)
        if len(rows) < len(data):
            data = Dataset(data.inputs[rows], data.targets[rows], data.name, data.classes)
        self.network, self.data = network, data
        self.weight.blockSignals(True)
        self.weight.clear()
        self.weight.addItems(parameter_keys(network))
        self.weight.setCurrentText(default_key(network))
        self.weight.blockSignals(False)
        self.draw()

    def set_rates(self, rates) -> None:
        """Each rate's steps on the slice; the rates on show already are not worked out again."""
        if list(rates) == self.rates and self.cut is not None:
            return
        self.rates = list(rates)
        self.draw()

    def draw(self) -> None:
        """The loss against the chosen weight and each rate's steps on it, from the engine."""
        key = self.weight.currentText()
        if self.network is None or not key:
            return
        self.descents = [descent(self.network, self.data, key, rate) for rate in self.rates]
        self.cut = weight_slice(self.network, self.data, key, self.descents)
        self._show(self.cut, self.descents)
        lines = [
            f"At w_old = {format_number(self.cut.w_old)} the slope dL/dw is "
            f"{format_number(self.cut.slope)}: {self.cut.direction}."
        ]
        lines += [
            f"η = {format_number(steps.learning_rate)} {steps.sentence}." for steps in self.descents
        ]
        self.slope_text.setText("\n".join(lines))

    def _show(self, cut, descents) -> None:
        """Draw a WeightSlice and one Descent per learning rate, in the rates' colours."""
        self.plot.set_title(f"Loss against {cut.key}, the others held")
        self.plot.set_axis_title("bottom", f"w = {cut.key}")
        self.curve.setData(cut.weights, cut.losses)
        width = (cut.weights[-1] - cut.weights[0]) * TANGENT_SHARE
        self.tangent.setData(*cut.tangent(width))
        self.start.setData([cut.w_old], [cut.loss_old])
        self.lowest.setData(*([value] for value in cut.lowest))
        self._paths(len(descents))
        for (line, markers), steps in zip(self.paths, descents):
            line.setData(steps.weights, steps.losses)
            markers.setData(steps.weights, steps.losses)
            self.legend.getLabel(line).setText(f"η = {format_number(steps.learning_rate)}")
        self.legend.updateSize()  # its entries' new texts fit the plot's width
        low = min(cut.losses.min(), *(min(d.losses, default=cut.loss_old) for d in descents))
        high = max(cut.loss_old, *(max(d.losses, default=cut.loss_old) for d in descents))
        self.plot.setYRange(low, high + (high - low) * 0.1 + 1e-12)
        self.plot.setXRange(cut.weights[0], cut.weights[-1], padding=0)

    def _paths(self, count: int) -> None:
        """Exactly `count` step paths, made only when the number of rates changes."""
        if len(self.paths) == count:
            return
        for line, markers in self.paths:
            self.plot.removeItem(line)
            self.plot.removeItem(markers)
        self.paths = []
        for index in range(count):
            line = self.plot.add_curve(series_colour(index), name=" ")
            self.paths.append((line, self.plot.add_marker(series_colour(index))))
        for marker in (self.start, self.lowest):  # drawn over the paths
            marker.setZValue(len(self.paths) + 1)

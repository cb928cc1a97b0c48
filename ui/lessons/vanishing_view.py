"""Vanishing gradient (seed 004): the chain rule's product of local derivatives, layer by layer.

For a chain of one neuron per layer, simulator.paths.vanishing_factors gives f'(z) and the
weight of every layer and their running product from the output down. The view sets the
user's chain beside a comparison chain (the notes' relu preset or a relu/tanh copy), as
tables and as one bar chart on a log scale, so sigmoid's shrinking product is plain to see.
"""

import functools

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.network import LayerActivation
from simulator.notation import format_number
from simulator.paths import vanishing_factors
from ui.lessons.style import fit_rows, lesson_plot, read_only_table
from ui.plots.themed_plot import series_colour
from ui.theme import LIGHT, Theme

SIGMOID_CHAIN, RELU_CHAIN = "notes-deep-chain-vanishing", "notes-deep-chain-relu"
COPY_ACTIVATIONS = ("relu", "tanh", "sigmoid")  # comparison copies of the user's chain
COLUMNS = ("Layer", "f", "f'(z)", "Weight to next layer", "Running product")
BAR_WIDTH = 0.38


@functools.cache
def load_chain(name: str):
    """(network, dataset) of a bundled chain preset, or None when it cannot be loaded.

    Cached: the view only reads them, and set_workspace may come at every edit."""
    try:
        from simulator.presets import load_preset

        preset = load_preset(name)
        return preset.build_network(), preset.load_data()
    except (ImportError, ValueError):
        return None


def chain_copy(network, activation: str):
    """The same chain and weights with every layer's activation replaced."""
    copy = network.copy()
    copy.activations = tuple(LayerActivation.of(activation) for _ in network.activations)
    return copy


def is_chain(network) -> bool:
    """True for one neuron in every layer after the input, the shape the notes draw."""
    return all(n == 1 for n in network.sizes[1:])


class VanishingView(QWidget):
    """The layer-by-layer product for the user's chain beside a comparison chain."""

    sigPresetRequested = Signal(str)  # the user asked to open this bundled preset as the network

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.theme = theme
        self._network = self._dataset = None
        self.factors = {"left": [], "right": []}  # the LayerFactors on show (the view's model)
        self._note = QLabel()
        self._note.setWordWrap(True)
        self._offers = [self._offer_button(name) for name in (SIGMOID_CHAIN, RELU_CHAIN)]
        self._comparison = QComboBox()
        self._comparison.currentIndexChanged.connect(self._refresh)
        self._titles = {side: QLabel() for side in self.factors}
        self.tables = {side: read_only_table(COLUMNS) for side in self.factors}
        self._zero_note = QLabel(
            "A running product of 0 has no bar: a relu whose z is negative passes no gradient "
            "back (a dead neuron)."
        )
        self._zero_note.setWordWrap(True)
        self._build_plot(scale)
        self._build_layout()

    def _build_plot(self, scale: float) -> None:
        """One bar chart, log scale, a bar per layer for each of the two chains."""
        self.plot = lesson_plot(
            "Product of f'(z) and weights from the output down to each layer",
            "|running product| (log)",
            "layer",
            self.theme,
            scale,
        )
        self.plot.getPlotItem().getAxis("left").setLogMode(False, True)
        self.bars = {
            side: self.plot.add_bars(series_colour(index), BAR_WIDTH)
            for index, side in enumerate(self.factors)
        }

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """The plot and the chains' colour keys in the window's theme and scale."""
        self.theme = theme
        self.plot.apply_theme(theme, scale)
        self._refresh()

    def _offer_button(self, name: str) -> QPushButton:
        button = QPushButton(f"Open {name}")
        button.clicked.connect(lambda: self.sigPresetRequested.emit(name))
        return button

    def _build_layout(self) -> None:
        offers = QHBoxLayout()
        for button in self._offers:
            offers.addWidget(button)
        offers.addStretch(1)
        # the comparison on a line of its own: beside the offers it made the page wider than
        # a projector's window at presentation scale, which then scrolled sideways
        comparison = QHBoxLayout()
        comparison.addWidget(QLabel("Compare with"))
        comparison.addWidget(self._comparison)
        comparison.addStretch(1)
        # as wide as its longest choice ('preset notes-deep-chain-vanishing' was cut at 12)
        self._comparison.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chains = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # side by side when room
        for side in self.factors:
            column = QVBoxLayout()
            column.addWidget(self._titles[side])
            column.addWidget(self.tables[side])
            self.chains.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addWidget(self._note)  # a line of its own: never squeezed into a column
        layout.addLayout(offers)
        layout.addLayout(comparison)
        layout.addLayout(self.chains)
        layout.addWidget(self._zero_note)
        layout.addWidget(self.plot, 1)

    def resizeEvent(self, event) -> None:
        """The two chains side by side when both tables fit, else one above the other: a
        number is never cut ('0.0012' to '0.0(')."""
        super().resizeEvent(event)
        needed = sum(table.horizontalHeader().length() + 4 for table in self.tables.values())
        wide = needed + 3 * self.layout().spacing() <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.chains.direction() != direction:
            self.chains.setDirection(direction)

    def set_workspace(self, workspace) -> None:
        """Show the user's chain (or, if it is no chain, the notes' two chain presets)."""
        network = self._network = workspace.network
        self._dataset = workspace.data
        chain = is_chain(network)
        self._note.setText(
            ""
            if chain
            else (
                f"This view needs a chain of one neuron per layer (yours is "
                f"{'-'.join(map(str, network.sizes))}): open one of the notes' chains."
            )
        )
        for button in self._offers:
            button.setVisible(not chain)
        self._fill_comparisons(chain)
        self._refresh()

    def _fill_comparisons(self, chain: bool) -> None:
        choices = [(f"preset {RELU_CHAIN}", RELU_CHAIN), (f"preset {SIGMOID_CHAIN}", SIGMOID_CHAIN)]
        if chain:
            choices += [(f"{name} copy of this chain", name) for name in COPY_ACTIVATIONS]
        self._comparison.blockSignals(True)
        self._comparison.clear()
        for text, data in choices:
            self._comparison.addItem(text, data)
        self._comparison.setCurrentIndex(0)
        self._comparison.blockSignals(False)

    def _refresh(self) -> None:
        if self._network is None:
            return
        if is_chain(self._network):
            left = (self._network, self._dataset, "Your network")
        elif (loaded := load_chain(SIGMOID_CHAIN)) is not None:
            left = (*loaded, f"preset {SIGMOID_CHAIN}")
        else:
            left = (None, None, f"{SIGMOID_CHAIN} is not available")
        self._show("left", *left)
        self._show("right", *self._comparison_chain())
        self._draw_bars()
        shown = any(self.factors.values())
        for widget in (*self.tables.values(), *self._titles.values(), self.plot):
            widget.setVisible(shown)
        self._zero_note.setVisible(
            any(f.running_product == 0 for side in self.factors.values() for f in side)
        )

    def _comparison_chain(self) -> tuple:
        choice = self._comparison.currentData()
        if choice in COPY_ACTIVATIONS:
            return (
                chain_copy(self._network, choice),
                self._dataset,
                f"{choice} copy of your chain",
            )
        loaded = load_chain(choice)
        if loaded is not None:
            return (*loaded, f"preset {choice}")
        if is_chain(self._network):
            return (
                chain_copy(self._network, "relu"),
                self._dataset,
                f"relu copy of your chain ({choice} is not available)",
            )
        return None, None, f"{choice} is not available"

    def _show(self, side: str, network, dataset, title: str) -> None:
        factors = [] if network is None else vanishing_factors(network, dataset.inputs[0])
        self.factors[side] = factors
        shape = "" if network is None else f": {'-'.join(map(str, network.sizes))}"
        colour = self.bars[side].opts["brush"]
        self._titles[side].setText(f'<span style="color: {colour}">■</span> <b>{title}</b>{shape}')
        table = self.tables[side]
        table.setRowCount(len(factors))
        for row, factor in enumerate(factors):
            name = network.activations[factor.layer - 1].name
            weight = "—" if factor.weight is None else format_number(factor.weight)
            cells = (
                str(factor.layer),
                name,
                format_number(factor.derivative),
                weight,
                format_number(factor.running_product),
            )
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        fit_rows(table)

    def _draw_bars(self) -> None:
        """Bars of |running product| drawn in log10 units under the axis's 10^n ticks."""
        magnitudes = {
            side: [(f.layer, abs(f.running_product)) for f in factors if f.running_product != 0]
            for side, factors in self.factors.items()
        }
        shown = [m for pairs in magnitudes.values() for _, m in pairs]
        floor = np.floor(np.log10(min(shown))) - 1 if shown else 0.0
        layers = sorted({f.layer for factors in self.factors.values() for f in factors})
        self.plot.getPlotItem().getAxis("bottom").setTicks([[(n, str(n)) for n in layers]])
        for offset, side in zip((-BAR_WIDTH / 2, BAR_WIDTH / 2), self.factors):
            x = np.array([layer for layer, _ in magnitudes[side]], dtype=float)
            tops = np.log10([m for _, m in magnitudes[side]]) if magnitudes[side] else []
            self.bars[side].setOpts(x=x + offset, y0=floor, height=np.asarray(tops) - floor)

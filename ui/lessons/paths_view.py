"""Chain-rule paths (seeds 000 and 004): every route from the loss to one weight, bias or neuron.

Each route is written like the notes, a product of local derivatives with the numbers under
it; the routes' sum is set beside backpropagation's gradient. All numbers come from
simulator.paths.chain_paths on the first sample of the dataset.
"""

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.keys import gradient_key, neuron_key, weight_key
from simulator.names import NO_NAMES
from simulator.notation import format_number, format_operand
from simulator.paths import chain_paths
from ui.theme import LIGHT, Theme

ALL_PATHS = -1  # list row data for the "all paths" entry
PATH_ROLE = Qt.ItemDataRole.UserRole  # where a route-list row keeps its path number


def readable_symbol(symbol: str) -> str:
    """'dz[2,1]/da[1,2]' -> '∂z[2,1]/∂a[1,2]', as the notes write partial derivatives."""
    top, bottom = symbol.split("/", 1)
    return f"∂{top[1:]}/∂{bottom[1:]}"


def network_keys(sizes) -> list:
    """Every weight, bias and neuron key of a network, layer by layer (1-based)."""
    keys = []
    for layer in range(1, len(sizes)):
        for neuron in range(1, sizes[layer] + 1):
            keys += [weight_key(layer, neuron, i) for i in range(1, sizes[layer - 1] + 1)]
            keys += [neuron_key("b", layer, neuron), neuron_key("a", layer, neuron)]
    return keys


class PathsView(QWidget):
    """Lists the chain-rule paths to the selected key, their sum and backprop's gradient."""

    sigHighlight = Signal(object)  # tuple of keys: the chosen path's neurons and the target

    def __init__(self, theme: Theme = LIGHT, scale: float = 1.0, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.path_sum = None  # the PathSum on show (the view's model)
        self._network = self._dataset = None
        self.names = NO_NAMES  # keys written by the notes' names, or none (layer notation)
        self._target = QComboBox()  # shows each key's name; its data is the key
        self._target.setMinimumContentsLength(10)
        self._target.currentIndexChanged.connect(lambda _: self._show_paths(self._key()))
        self._sample = QLabel()
        self._sample.setWordWrap(True)
        self._routes = QListWidget()
        self._routes.currentRowChanged.connect(self._choose_route)
        # a long route wraps onto more lines in the list's width, never off its side
        self._routes.setWordWrap(True)
        self._routes.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._routes.setResizeMode(QListView.ResizeMode.Adjust)
        self._routes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._formulas = QTextBrowser()
        self._summary = QLabel()
        self._summary.setTextFormat(Qt.TextFormat.RichText)
        self._summary.setWordWrap(True)
        self._build_layout()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Paths from the loss L to"))
        top.addWidget(self._target)
        top.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self._routes)
        splitter.addWidget(self._formulas)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._sample)  # its own line: beside the choice, a word a line
        layout.addWidget(splitter, 1)
        layout.addWidget(self._summary)

    def apply_theme(self, theme: Theme, scale: float = 1.0) -> None:
        """The paths and the verdict in the window's colours (the window sets the fonts)."""
        self.theme = theme
        row = self._routes.currentRow()
        if self.path_sum is not None and row >= 0:
            self._summary.setText(self._summary_html())
            self._formulas.setHtml(self._formulas_html(self._routes.item(row).data(PATH_ROLE)))

    def set_workspace(self, workspace) -> None:
        """Show the paths of the user's network for the first sample of its data."""
        self._network, self._dataset = workspace.network, workspace.data
        self._fill_targets(network_keys(self._network.sizes))

    def set_names(self, names) -> None:
        """Write every key by `names` (the notation on show)."""
        self.names = names
        if self._network is not None:
            self._fill_targets([self._target.itemData(i) for i in range(self._target.count())])

    def _fill_targets(self, keys: list) -> None:
        previous = self._key()
        self._target.blockSignals(True)
        self._target.clear()
        for key in keys:
            self._target.addItem(self.names.label(key), key)
        self._target.setCurrentIndex(keys.index(previous) if previous in keys else 0)
        self._target.blockSignals(False)
        self._show_paths(self._key())

    def _key(self) -> str | None:
        """The key of the target on show."""
        return self._target.currentData()

    def set_selected(self, key: str) -> None:
        """Show the paths to a weight, bias or neuron selected in the graph."""
        if self._target.findData(key) >= 0:
            self._target.setCurrentIndex(self._target.findData(key))
        else:
            self._summary.setText(html.escape(f"{key} has no paths from the loss to show."))

    def _show_paths(self, key: str) -> None:
        if self._network is None or not key:
            return
        inputs, targets = self._dataset.inputs[0], self._dataset.targets[0]
        try:
            self.path_sum = chain_paths(self._network, inputs, targets, key)
        except ValueError as error:
            self._summary.setText(html.escape(str(error)))
            return
        self._sample.setText(
            f"for sample 1: x = ({', '.join(map(format_number, inputs))}), "
            f"y = ({', '.join(map(format_number, targets))})"
        )
        self._fill_routes()
        self._summary.setText(self._summary_html())
        self._routes.setCurrentRow(0)

    def _fill_routes(self) -> None:
        self._routes.blockSignals(True)
        self._routes.clear()
        target = self.names.label(self.path_sum.target)
        every = QListWidgetItem(f"All {self.path_sum.path_count} paths, L → … → {target}")
        every.setData(PATH_ROLE, ALL_PATHS)
        self._routes.addItem(every)
        for number, path in enumerate(self.path_sum.paths):
            stops = self.route(path)[1:-1]  # the loss and the target are the same for all
            named = " → ".join(map(self.names.label, stops))
            item = QListWidgetItem(f"{number + 1}. {named or 'direct'}")
            item.setData(PATH_ROLE, number)
            self._routes.addItem(item)
        self._routes.blockSignals(False)

    def route(self, path) -> tuple:
        """A path's stops from the loss down to the target, e.g. ('L', 'a[2,1]', 'W[1,1,1]')."""
        stops = ("L", *path.neurons)
        return stops if stops[-1] == self.path_sum.target else (*stops, self.path_sum.target)

    def highlight_keys(self, row: int) -> tuple:
        """The keys to light up for a route-list row: its path's neurons and the target."""
        chosen = self._routes.item(row).data(PATH_ROLE)
        paths = self.path_sum.paths if chosen == ALL_PATHS else (self.path_sum.paths[chosen],)
        keys = [key for path in paths for key in path.neurons] + [self.path_sum.target]
        return tuple(dict.fromkeys(keys))

    def _choose_route(self, row: int) -> None:
        if row < 0 or self.path_sum is None:
            return
        chosen = self._routes.item(row).data(PATH_ROLE)
        self._formulas.setHtml(self._formulas_html(chosen))
        if chosen != ALL_PATHS:
            self._formulas.scrollToAnchor(f"path{chosen + 1}")
        self.sigHighlight.emit(self.highlight_keys(row))

    def _formulas_html(self, chosen: int) -> str:
        blocks = [
            self._path_html(number, path, number == chosen)
            for number, path in enumerate(self.path_sum.paths)
        ]
        return self._truncation_html() + "".join(blocks)

    def _path_html(self, number: int, path, chosen: bool) -> str:
        symbols = " · ".join(readable_symbol(self.names.text(f.symbol)) for f in path.factors)
        route = " → ".join(map(self.names.label, self.route(path)))
        values = " · ".join(format_operand(f.value) for f in path.factors)
        colour = self.theme.current if chosen else self.theme.grid
        return (
            f'<a name="path{number + 1}"></a>'
            f'<table width="100%" cellpadding="6" style="border-left: 6px solid {colour};'
            f' margin-bottom: 8px"><tr><td>'
            f"<b>Path {number + 1}</b>: {html.escape(route)}<br>"
            f"{html.escape(symbols)}<br>"
            f"= {html.escape(values)} = <b>{format_number(path.product)}</b>"
            "</td></tr></table>"
        )

    def _truncation_html(self) -> str:
        shown, count = len(self.path_sum.paths), self.path_sum.path_count
        if shown == count:
            return ""
        return (
            f'<p style="color: {self.theme.muted}">Showing {shown} of {count} paths; '
            f"the sum below adds all {count}.</p>"
        )

    def _summary_html(self) -> str:
        total, gradient = self.path_sum.total, self.path_sum.gradient
        target = self.names.text(gradient_key(self.path_sum.target))
        target = html.escape(readable_symbol(target))
        equal = self.path_sum.agrees
        verdict = (
            f'<span style="color: {self.theme.match}">✓ equal</span>'
            if equal
            else f'<span style="color: {self.theme.mismatch}">✗ different</span>'
        )
        return (
            f'<span style="font-size: large">'
            f"Sum of all {self.path_sum.path_count} paths = <b>{format_number(total)}</b>"
            f" &nbsp;&nbsp; Backpropagation: {target} = <b>{format_number(gradient)}</b>"
            f" &nbsp;&nbsp; {verdict}</span>"
        )

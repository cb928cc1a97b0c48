"""The graph's items made and named: a neuron per unit, an edge and pill per weight (a mesh in a
compact net), a tag per bias and target, the loss; row names from the preset's labels.
NetworkScene (network_scene.py) builds with these once per network and renames with them.
"""

from collections.abc import Mapping, Set

from simulator.keys import (
    MEAN_WRAP,
    Key,
    gradient_key,
    index_text,
    mean_key,
    neuron_key,
    target_key,
    weight_key,
)
from ui.graph.edge_item import EdgeItem
from ui.graph.edge_label_item import EdgeLabelItem
from ui.graph.edge_mesh_item import EdgeMeshItem
from ui.graph.keyed_item import KeyedItem
from ui.graph.neuron_item import NeuronItem
from ui.graph.tag_item import TagItem

NEURON_KINDS = ("z", "a", "dL/da", "dL/dz")


def row_names(keys, labels: Mapping[str, str], labelled: Set[str] | None = None) -> dict:
    """Row names from the caller's labels; 'dL/dW[..]' follows its weight's label (∂L/∂w1)
    and a batch mean its gradient's (mean ∂L/∂w1). `labelled`: the labels' keys' index texts
    (a key named through another shares its index text), found here when not given."""
    labelled = {index_text(key) for key in labels} if labelled is None else labelled
    names = {key: _row_name(key, labels) for key in keys if index_text(key) in labelled}
    return {key: name for key, name in names.items() if name is not None}


def _row_name(key: str, labels: Mapping[str, str]) -> str | None:
    if key in labels:
        return labels[key]
    parsed = Key.parse(key)
    if parsed.wrap == MEAN_WRAP:
        inner = _row_name(str(parsed.inner), labels)
        return f"mean {inner}" if inner else None
    if parsed.wrt is not None and str(parsed.wrt) in labels:
        return f"∂L/∂{labels[str(parsed.wrt)]}"
    return None


class SceneItems:
    """NetworkScene's making and naming of its items (it holds `layout`, `style`, `_mesh` and
    the items by key)."""

    def _name_items(self, labels: dict) -> None:
        """Each item's row names and title from `labels` (defaults: x1, a[l,j], w, b, y)."""
        outputs, labelled = len(self.layout.targets), {index_text(key) for key in labels}
        for layer, row in enumerate(self.layout.neurons):
            for j, neuron in enumerate(row, 1):
                activation = neuron_key("a", layer, j)
                neuron.title = labels.get(activation, f"x{j}" if layer == 0 else activation)
                neuron.rename(
                    {activation: ""} if layer == 0 else row_names(neuron.keys, labels, labelled)
                )
        for edge in (edge for layer in self.layout.weights for edge in layer):
            edge.rename(row_names(edge.keys, labels, labelled))
        if self._mesh is not None:  # only the edges some label names: a few of 65,536
            edges = {self._mesh.edge_of[key] for key in labels if key in self._mesh.edge_of}
            keys = [key for edge in edges for key in self._mesh.keys_of[edge]]
            self._mesh.rename(row_names(keys, labels, labelled))
        for bias, _ in self.layout.biases:
            bias.rename(row_names(bias.keys, labels, labelled))
        for j, target in enumerate(self.layout.targets, 1):
            default = "y" if outputs == 1 else f"y{j}"
            target.rename({target_key(j): labels.get(target_key(j), default)})

    def _register(self, item: KeyedItem) -> KeyedItem:
        self.addItem(item)
        self._by_key.update(dict.fromkeys(item.keys, item))
        return item

    def _add_neurons(self) -> None:
        self.layout.neurons = []
        for layer, size in enumerate(self.layout.sizes):
            row = []
            for j in range(1, size + 1):
                kinds = ("a",) if layer == 0 else NEURON_KINDS
                keys = [neuron_key(kind, layer, j) for kind in kinds]
                activation = neuron_key("a", layer, j)
                neuron = self._register(NeuronItem(activation, keys, self.style))
                neuron.click_key = activation
                neuron.edit_key = keys[0] if layer == 0 else None
                row.append(neuron)
            self.layout.neurons.append(row)

    def _add_weights(self) -> None:
        """An EdgeItem (and pill) per weight; in a compact net one mesh draws them all."""
        self.layout.weights = []
        if self.style.compact:
            self.layout.weights = [[] for _ in self.layout.sizes[1:]]
            self._mesh = EdgeMeshItem(self.layout.neurons, self.style)
            self.addItem(self._mesh)
            return
        for layer in range(1, len(self.layout.sizes)):
            edges = []
            for j, dest in enumerate(self.layout.neurons[layer], 1):
                for i, source in enumerate(self.layout.neurons[layer - 1], 1):
                    keys = _with_mean(weight_key(layer, j, i))
                    edge = EdgeItem(source, dest, keys, self.style)
                    edge.edit_key = edge.click_key = keys[0]
                    edges.append(self._register(edge))
                    edge.label_item = EdgeLabelItem(edge)
                    self.addItem(edge.label_item)
            self.layout.weights.append(edges)

    def _add_biases(self) -> None:
        self.layout.biases = []
        for layer in range(1, len(self.layout.sizes)):
            for j, neuron in enumerate(self.layout.neurons[layer], 1):
                keys = _with_mean(neuron_key("b", layer, j))
                bias = self._register(TagItem("b", keys, self.style))
                bias.edit_key = keys[0]
                self._add_link(bias, neuron)
                self.layout.biases.append((bias, neuron))

    def _add_loss(self) -> None:
        loss = self._register(NeuronItem("L", ["L"], self.style, {"L": ""}, square=True))
        self.layout.loss, self.layout.targets = loss, []
        outputs = self.layout.neurons[-1]
        for j, output in enumerate(outputs, 1):
            key = target_key(j)
            target = self._register(TagItem("y", [key], self.style))
            target.edit_key = key
            self._add_link(output, loss)
            self.layout.targets.append(target)
        self._add_link(self.layout.targets[-1], loss, dashed=True)

    def _add_link(self, source, dest, dashed: bool = False) -> None:
        link = EdgeItem(source, dest, (), self.style, dashed=dashed)
        self.addItem(link)
        self.layout.links.append(link)


def _with_mean(key: str) -> tuple:
    """A parameter's keys on the graph: itself, its gradient and, in a mini-batch, its mean."""
    gradient = gradient_key(key)
    return key, gradient, mean_key(gradient)

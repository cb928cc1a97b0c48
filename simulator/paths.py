"""Chain-rule paths (seeds 000 and 004): every route from the loss back to one weight or neuron.

Each path is a product of local derivatives, written like the notes:
dL/da[3,1] * da[3,1]/dz[3,1] * dz[3,1]/da[2,1] * ... * dz[1,1]/dW[1,1,1]; the paths' sum is the
gradient backpropagation computes. The numbers come from Network.forward/backward of one sample.
"""

from dataclasses import dataclass
from itertools import product as cartesian

import numpy as np

from simulator.activations import get_activation
from simulator.keys import Key, neuron_key, partial_symbol, weight_key
from simulator.network import agree

PATH_LIMIT = 64  # paths spelled out; beyond this only their count and sum are given


@dataclass(frozen=True)
class Factor:
    """One local derivative on a path, e.g. symbol 'da[2,1]/dz[2,1]', value 0.193."""

    symbol: str
    value: float


@dataclass(frozen=True)
class ChainPath:
    """One route from the loss to the target: its neurons (output first) and its factors."""

    neurons: tuple
    factors: tuple

    @property
    def product(self) -> float:
        """The route's contribution: the product of its local derivatives."""
        return float(np.prod([f.value for f in self.factors]))


@dataclass(frozen=True)
class PathSum:
    """All routes to `target`, their sum, and the gradient backpropagation gives for comparison."""

    target: str
    paths: tuple
    path_count: int  # all routes; len(paths) is smaller when there are more than PATH_LIMIT
    total: float  # sum of every route's product (all of them, also those not spelled out)
    gradient: float  # dL/d(target) from backpropagation of the same sample

    @property
    def agrees(self) -> bool:
        """True when the paths' sum is backpropagation's gradient, up to float rounding."""
        return agree(self.total, self.gradient)


def parse_target(key: str, sizes) -> tuple:
    """('W'|'b'|'a'|'z', layer, neuron, source) from a key; ValueError names what was expected."""
    try:
        parsed = Key.parse(key.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.wrap or parsed.kind not in ("W", "b", "a", "z"):
        raise ValueError(f"'{key}' is not a weight, bias or neuron key such as W[1,1,2] or a[1,1]")
    kind, layer, neuron, source = parsed.kind, parsed.layer, parsed.neuron, parsed.source
    if not 1 <= layer < len(sizes):
        raise ValueError(f"'{key}' does not name a {kind} of this {len(sizes) - 1}-layer network")
    if not 1 <= neuron <= sizes[layer] or (source and not 1 <= source <= sizes[layer - 1]):
        raise ValueError(f"'{key}' is outside this network's layer sizes {list(sizes)}")
    return kind, layer, neuron, source


def chain_paths(network, inputs, targets, key: str, limit: int = PATH_LIMIT) -> PathSum:
    """Every chain-rule route from the loss to `key` for one sample (inputs: (n_0,))."""
    kind, layer, neuron, source = parse_target(key, network.sizes)
    forward = network.forward(np.atleast_2d(inputs))
    backward = network.backward(forward, np.atleast_2d(targets))
    local = _LocalDerivatives(network, forward, backward)
    tail = local.tail(kind, layer, neuron, source)
    routes = local.routes(layer, neuron)
    if kind == "a":
        # A route to a[l,j] stops before its own activation: drop the final da/dz factor.
        routes = [
            _Route(r.neurons, r.factors[:-1])
            for r in routes
            if layer < network.depth or r.neurons[0] == neuron_key("a", layer, neuron)
        ]
    paths, total = [], 0.0
    for count, route in enumerate(routes):
        path = ChainPath(route.neurons, route.factors + tail)
        total += path.product
        if count < limit:
            paths.append(path)
    return PathSum(
        key, tuple(paths), len(routes), total, local.gradient(kind, layer, neuron, source)
    )


@dataclass(frozen=True)
class _Route:
    neurons: tuple
    factors: tuple


class _LocalDerivatives:
    """Local derivatives of one sample's forward pass, named like the notes."""

    def __init__(self, network, forward, backward):
        self.network, self.forward, self.backward = network, forward, backward

    def activation_derivative(self, layer, z_index, a_index) -> float:
        """da[layer,a_index]/dz[layer,z_index]: f'(z) for elementwise f, the softmax Jacobian."""
        z = self.forward.weighted_sums[layer - 1][0]
        a = self.forward.activations[layer][0]
        name = self.network.activations[layer - 1].name
        if name == "softmax":
            return float(a[a_index] * ((a_index == z_index) - a[z_index]))
        if a_index != z_index:
            return 0.0
        derivative = get_activation(name).derivative(z, a, self.network.alpha(layer))
        return float(derivative[z_index])

    def routes(self, layer, neuron) -> list:
        """Routes from the loss down to z[layer,neuron], output end first."""
        depth, sizes = self.network.depth, self.network.sizes
        softmax = self.network.activations[-1].name == "softmax"
        routes = []
        for middle in cartesian(*(range(sizes[m]) for m in range(layer + 1, depth + 1))):
            chain = (neuron - 1, *middle)  # neuron index at layers layer..depth
            outputs = range(sizes[depth]) if softmax else (chain[-1],)
            for output in outputs:
                routes.append(self._route(layer, chain, output))
        return routes

    def _route(self, layer, chain, output) -> _Route:
        depth = self.network.depth
        factors = [
            Factor(
                neuron_key("dL/da", depth, output + 1),
                float(self.backward.grad_activations[-1][0][output]),
            )
        ]
        neurons = [neuron_key("a", depth, output + 1)]
        a_index = output
        for m in range(depth, layer - 1, -1):
            j = chain[m - layer]
            factors.append(
                Factor(
                    partial_symbol(neuron_key("a", m, a_index + 1), neuron_key("z", m, j + 1)),
                    self.activation_derivative(m, j, a_index),
                )
            )
            if m > layer:
                below = chain[m - layer - 1]
                factors.append(
                    Factor(
                        partial_symbol(
                            neuron_key("z", m, j + 1), neuron_key("a", m - 1, below + 1)
                        ),
                        float(self.network.weight(m)[j, below]),
                    )
                )
                neurons.append(neuron_key("a", m - 1, below + 1))
                a_index = below
        return _Route(tuple(neurons), tuple(factors))

    def tail(self, kind, layer, neuron, source) -> tuple:
        """The last factor: dz/dW is the input the weight multiplies, dz/db is 1."""
        if kind == "W":
            value = float(self.forward.activations[layer - 1][0][source - 1])
            symbol = partial_symbol(
                neuron_key("z", layer, neuron), weight_key(layer, neuron, source)
            )
            return (Factor(symbol, value),)
        if kind == "b":
            symbol = partial_symbol(neuron_key("z", layer, neuron), neuron_key("b", layer, neuron))
            return (Factor(symbol, 1.0),)
        return ()

    def gradient(self, kind, layer, neuron, source) -> float:
        """Backpropagation's answer for the same target, to set beside the path sum."""
        grad_z = self.backward.grad_weighted_sums[layer - 1][0]
        if kind == "W":
            return float(grad_z[neuron - 1] * self.forward.activations[layer - 1][0][source - 1])
        if kind in ("b", "z"):
            return float(grad_z[neuron - 1])
        return float(self.backward.grad_activations[layer - 1][0][neuron - 1])


@dataclass(frozen=True)
class LayerFactor:
    """Seed 004's chain, one layer: f'(z), the weight into the next layer, the running product."""

    layer: int
    derivative: float  # f'(z[layer,1])
    weight: float | None  # W[layer+1,1,1]; None at the output
    running_product: float  # product of the factors from the output down to this layer


def vanishing_factors(network, inputs) -> list:
    """For a 1-neuron-per-layer chain: local derivatives layer by layer, output first.

    dL/dW[1] = dL/da[L] * f'(z[L]) * W[L] * f'(z[L-1]) * ... * f'(z[1]) * x: with sigmoid every
    f' is at most 0.25, so the running product shrinks layer by layer (the vanishing gradient).
    """
    if any(n != 1 for n in network.sizes[1:]):
        raise ValueError("the layer-by-layer product is shown for chains of one neuron per layer")
    forward = network.forward(np.atleast_2d(inputs))
    factors, running = [], 1.0
    for layer in range(network.depth, 0, -1):
        z = forward.weighted_sums[layer - 1]
        a = forward.activations[layer]
        name = network.activations[layer - 1].name
        derivative = float(get_activation(name).derivative(z, a, network.alpha(layer))[0, 0])
        weight = float(network.weight(layer + 1)[0, 0]) if layer < network.depth else None
        running *= derivative * (weight if weight is not None else 1.0)
        factors.append(LayerFactor(layer, derivative, weight, running))
    return factors

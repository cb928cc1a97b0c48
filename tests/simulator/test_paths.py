"""Chain-rule paths: every route's product, summed, is the gradient backpropagation gives."""

from dataclasses import replace

import numpy as np
import pytest
from networks import notes_network

from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.paths import chain_paths, parse_target, vanishing_factors

CASES = [
    (["sigmoid", "tanh", "sigmoid"], "bce", [2, 2, 2, 1]),
    (["tanh", "relu", "softmax"], "cce", [2, 3, 2, 3]),
    (["elu", "prelu", "linear"], "mse", [3, 2, 2, 2]),
    (["swish", "leaky_relu", "sigmoid"], "mse", [2, 4, 3, 2]),
]
KEYS = ["W[1,1,2]", "b[1,2]", "a[1,1]", "z[1,2]", "z[2,1]", "W[3,1,1]", "a[3,1]", "a[2,2]"]


def random_network(activations, loss, sizes, seed=0):
    rng = np.random.default_rng(seed)
    layers = [LayerActivation.of(a) for a in activations]
    parameters = initial_parameters(sizes, layers, "uniform", rng)
    for layer in range(1, len(sizes)):
        parameters[f"b{layer}"] = rng.normal(size=sizes[layer])
    network = Network(sizes, layers, loss, Optimizer("sgd", 0.1), parameters)
    x = rng.normal(size=sizes[0])
    y = np.eye(sizes[-1])[1] if loss == "cce" else rng.uniform(size=sizes[-1])
    return network, x, y


@pytest.mark.parametrize("activations, loss, sizes", CASES)
@pytest.mark.parametrize("key", KEYS)
def test_path_sum_equals_backpropagation(activations, loss, sizes, key):
    network, x, y = random_network(activations, loss, sizes)
    paths = chain_paths(network, x, y, key)
    assert paths.total == pytest.approx(paths.gradient, abs=1e-12)
    assert sum(p.product for p in paths.paths) == pytest.approx(paths.gradient, abs=1e-12)


def test_path_sum_equals_trace_gradient_on_the_notes_example():
    from simulator.trace import build_trace

    network = notes_network()
    x, y = np.array([0.5, 0.8]), np.array([1.0])
    trace = build_trace(network, x[None], y[None])
    for key in ("W[1,1,1]", "W[1,2,2]", "W[2,1,1]", "b[1,1]"):
        paths = chain_paths(network, x, y, key)
        assert paths.total == pytest.approx(trace.find(f"dL/d{key}").value, abs=1e-15)


def test_two_routes_to_a_first_layer_weight_as_seed_000_draws():
    network, x, y = random_network(["sigmoid", "sigmoid", "sigmoid"], "mse", [1, 1, 2, 1])
    paths = chain_paths(network, x, y, "W[1,1,1]")
    assert paths.path_count == 2
    assert [p.neurons for p in paths.paths] == [
        ("a[3,1]", "a[2,1]", "a[1,1]"),
        ("a[3,1]", "a[2,2]", "a[1,1]"),
    ]
    symbols = [f.symbol for f in paths.paths[0].factors]
    assert symbols == [
        "dL/da[3,1]",
        "da[3,1]/dz[3,1]",
        "dz[3,1]/da[2,1]",
        "da[2,1]/dz[2,1]",
        "dz[2,1]/da[1,1]",
        "da[1,1]/dz[1,1]",
        "dz[1,1]/dW[1,1,1]",
    ]


def test_many_routes_are_counted_and_summed_but_only_some_spelled_out():
    network, x, y = random_network(["tanh"] * 4, "mse", [2, 6, 6, 6, 1])
    paths = chain_paths(network, x, y, "W[1,1,1]", limit=10)
    assert paths.path_count == 36 and len(paths.paths) == 10
    assert paths.total == pytest.approx(paths.gradient, abs=1e-12)


@pytest.mark.parametrize("key", ["W[1,1]", "W[3,1,1]", "a[1,5]", "q[1,1]", "b[0,1]"])
def test_bad_targets_are_refused_with_a_sentence(key):
    with pytest.raises(ValueError, match="W\\[1,1,2\\]|does not name|outside"):
        parse_target(key, (2, 2, 1))


def test_sigmoid_chain_factors_shrink_and_stay_below_a_quarter():
    network, x, _ = random_network(["sigmoid"] * 5, "mse", [1, 1, 1, 1, 1, 1])
    factors = vanishing_factors(network, x)
    assert [f.layer for f in factors] == [5, 4, 3, 2, 1]
    assert all(0 < f.derivative <= 0.25 for f in factors)
    products = [abs(f.running_product) for f in factors]
    assert products == sorted(products, reverse=True)


def test_vanishing_factors_need_a_chain():
    network, x, _ = random_network(["sigmoid"] * 2, "mse", [2, 2, 1])
    with pytest.raises(ValueError, match="one neuron per layer"):
        vanishing_factors(network, x)


def test_a_path_sum_agrees_with_backpropagation_only_up_to_rounding():
    network, x, y = random_network(["sigmoid", "tanh", "sigmoid"], "bce", [2, 2, 2, 1])
    paths = chain_paths(network, x, y, "W[1,1,2]")
    assert paths.agrees
    assert not replace(paths, total=paths.total * 1.001 + 1e-6).agrees

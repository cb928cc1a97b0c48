"""What the side panel checks before it builds anything: the engine's limits, in its words."""

import tracemalloc

import numpy as np
import pytest

from simulator.checker import PresetError
from simulator.datasets import generate
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.settings import Settings
from simulator.workspace import Workspace
from ui.validation import parse_sizes


def test_typed_sizes_within_the_limits_are_read():
    assert parse_sizes("2-128-128-128-128-1") == (2, 128, 128, 128, 128, 1)
    assert parse_sizes("784, 128, 10") == (784, 128, 10)


@pytest.mark.parametrize(
    "text, words",
    [
        ("2-100000000-1", ["Layer 1 should be at most 1,024 neurons", "100000000"]),
        ("2-" + "9" * 5000 + "-1", ["whole numbers like 2-2-1"]),
        ("2-0-1", ["at least 1 neuron"]),
        ("-".join(["1"] * 70), ["at most 65 sizes"]),
        ("2-1000-1000-1", ["200,000 weights and biases"]),
    ],
)
def test_typed_sizes_past_a_limit_are_refused_before_anything_is_made(text, words):
    tracemalloc.start()
    with pytest.raises(ValueError) as caught:
        parse_sizes(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000  # 2-100000000-1 took 2.4 GB before it was refused
    for word in words:
        assert word in str(caught.value)


def xor_workspace():
    activations = [LayerActivation.of("sigmoid")] * 2
    rng = np.random.default_rng(0)
    parameters = initial_parameters((2, 2, 1), activations, "xavier", rng)
    network = Network((2, 2, 1), activations, "bce", Optimizer("sgd", 0.1), parameters)
    return Workspace(network, generate("xor", 40), "xor")


def settings(sizes=(2, 2, 1), batch_size=1):
    return Settings(sizes, ("sigmoid",) * (len(sizes) - 1), "bce", "sgd", 0.1, batch_size)


def test_the_window_refuses_what_a_preset_may_not_hold():
    workspace = xor_workspace()
    with pytest.raises(PresetError, match="the number of samples in the data, got 41"):
        workspace.with_settings(settings(batch_size=41))
    deep = (2, *[64] * 16, 1)
    with pytest.raises(PresetError, match="the batch size should be at most 3 for a network"):
        workspace.with_settings(settings(deep, batch_size=4))
    assert workspace.with_settings(settings(deep, batch_size=3)).network.sizes == deep

"""Engine figures: building one iteration's trace, moving the cursor, memory over many steps."""

import statistics
import time
import tracemalloc

import numpy as np
import pytest

from simulator.cursor import Cursor
from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.presets import load_preset
from simulator.trace import build_trace


def deep_network(optimizer="sgd"):
    """8 layers of 32 neurons (tanh, sigmoid output), mse."""
    sizes = [32] * 9
    layers = [LayerActivation.of("tanh")] * 7 + [LayerActivation.of("sigmoid")]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(0))
    network = Network(sizes, layers, "mse", Optimizer(optimizer, 0.01), parameters)
    data = Dataset(np.random.default_rng(1).normal(size=(4, 32)), np.full((4, 32), 0.5))
    return network, data


def notes_network():
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    return preset.build_network(), preset.load_data()


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_trace_and_its_key_index_8x32(benchmark, report, optimizer):
    """The window also needs the key index on its first step: build plus index."""
    network, data = deep_network(optimizer)

    def build_and_index():
        trace = build_trace(network, data.inputs[:1], data.targets[:1])
        return trace.positions

    benchmark(build_and_index)
    report(
        f"trace build + key index 8x32 ({optimizer})", benchmark.stats.stats.median * 1000, "ms", 50
    )


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_trace_of_one_iteration_8x32(benchmark, report, optimizer):
    network, data = deep_network(optimizer)
    trace = benchmark(build_trace, network, data.inputs[:1], data.targets[:1])
    report(
        f"trace build 8x32 ({optimizer}, {len(trace)} steps)",
        benchmark.stats.stats.median * 1000,
        "ms",
        50,
    )


def test_cursor_step_notes_net(benchmark, report):
    network, data = notes_network()
    cursor = Cursor(network, data)
    benchmark(cursor.step_forward)
    report("cursor step (engine only), notes 2-2-1", benchmark.stats.stats.median * 1000, "ms", 5)


def test_memory_over_ten_thousand_micro_steps(benchmark, report):
    network, data = notes_network()
    cursor = Cursor(network, data)

    def walk():
        for _ in range(5000):
            cursor.step_forward()
        for _ in range(5000):
            cursor.step_back()

    tracemalloc.start()
    walk()
    first = tracemalloc.get_traced_memory()[0]
    benchmark.pedantic(walk, rounds=3, iterations=1)
    grown = tracemalloc.get_traced_memory()[0] - first
    tracemalloc.stop()
    report("memory growth, 3 more walks of 10,000 micro-steps", grown / 1e6, "MB", 1)


def median_ms(action, repeats=50):
    """Median wall time of `action` in milliseconds (for figures outside pytest-benchmark)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000

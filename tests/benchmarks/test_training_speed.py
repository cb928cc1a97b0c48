"""Training speed (issue 14): one epoch of 2-16-16-1 tanh/tanh/sigmoid, bce, Adam, 1,000 moons,
at batch 32 and at batch 1, beside the lean NumPy loop and PyTorch on one thread, all three
timed in turn in the same run (CPU time of the process, medians)."""

import numpy as np
import pytest
from figures import FIGURES, Figure, alternate
from lean_loop import LeanLoop
from moons import LEARNING_RATE, SIZES, moons_data, moons_network

from simulator.training import train

LEAN_TARGET = 1.3  # the engine within 1.3x of the lean loop
TORCH_TARGET = 5.0  # and at least 5x faster than PyTorch on one thread
# batch size -> (epochs timed per repeat, repeats)
PLAN = {32: (2, 27), 1: (1, 12)}


def torch_epochs(torch, data, batch_size):
    """The same training in PyTorch (float64, the same net, loss and Adam) as an epoch runner."""
    inputs, targets = torch.tensor(data.inputs), torch.tensor(data.targets)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(2, 16),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 16),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 1),
        torch.nn.Sigmoid(),
    ).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_function = torch.nn.BCELoss()
    generator = torch.Generator().manual_seed(0)

    def run(epochs):
        for _ in range(epochs):
            order = torch.randperm(len(inputs), generator=generator)
            total = 0.0
            for start in range(0, len(inputs), batch_size):
                rows = order[start : start + batch_size]
                optimizer.zero_grad()
                loss = loss_function(model(inputs[rows]), targets[rows])
                loss.backward()
                optimizer.step()
                total += loss.item() * len(rows)  # the epoch's loss, as ours records it

    return run


@pytest.fixture(scope="module")
def torch():
    """torch on one thread, or None (and a note saying so) when it is not installed."""
    try:
        import torch
    except ImportError:
        FIGURES.note("PyTorch peer skipped: torch is not installed (pip install -e '.[bench]').")
        return None
    torch.set_num_threads(1)
    FIGURES.note(
        f"PyTorch {torch.__version__} peer: intra-op threads {torch.get_num_threads()}, "
        f"inter-op threads {torch.get_num_interop_threads()}."
    )
    return torch


@pytest.mark.parametrize("batch_size", [32, 1])
def test_training_epoch_beside_the_lean_loop_and_pytorch(benchmark, report, torch, batch_size):
    epochs, repeats = PLAN[batch_size]
    data = moons_data()
    network = moons_network(batch_size)
    lean = LeanLoop(SIZES, network.copy().parameters, batch_size, network.seed, LEARNING_RATE)
    actions = {
        "engine": lambda: train(network, data, epochs),
        "lean": lambda: [lean.run_epoch(data.inputs, data.targets) for _ in range(epochs)],
    }
    if torch is not None:
        torch_run = torch_epochs(torch, data, batch_size)
        actions["torch"] = lambda: torch_run(epochs)
    for action in actions.values():  # one warm-up round: caches, arrays, first allocations
        action()
    seconds = benchmark.pedantic(alternate, args=(actions, repeats), rounds=1, iterations=1)
    ms = {name: value / epochs * 1000 for name, value in seconds.items()}
    name = f"training epoch, adam, batch {batch_size} (CPU ms, median of {repeats}x{epochs})"
    report.append(
        Figure(
            name,
            ms["engine"],
            "ms",
            "lean NumPy loop",
            ms["lean"],
            f"<= {LEAN_TARGET}x the lean loop",
            ms["engine"] <= LEAN_TARGET * ms["lean"],
        )
    )
    if "torch" in ms:
        report.append(
            Figure(
                name,
                ms["engine"],
                "ms",
                "PyTorch, 1 thread",
                ms["torch"],
                f"PyTorch >= {TORCH_TARGET:g}x slower (ratio <= {1 / TORCH_TARGET:g}x)",
                ms["torch"] >= TORCH_TARGET * ms["engine"],
            )
        )
    difference = max(
        float(np.max(np.abs(network.parameters[key] - value)))
        for key, value in lean.parameters().items()
    )
    report.append(
        Figure(
            f"same numbers, batch {batch_size}: engine vs lean loop after "
            f"{network.epoch} epochs, largest parameter difference",
            difference,
            "",
            "",
            None,
            "<= 1e-12 (the peer does the same work)",
            difference <= 1e-12,
        )
    )

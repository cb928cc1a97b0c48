"""The PyTorch export: a readable script for every preset and every activation, loss and
optimizer, and (where torch is installed) the same numbers as the trace to 1e-12."""

import ast
import contextlib
import importlib.util
import io
import re
import runpy
import subprocess
import sys

import numpy as np
import pytest
from networks import random_network

from simulator.activations import ACTIVATIONS
from simulator.cursor import Cursor
from simulator.datasets import Dataset
from simulator.losses import LOSSES
from simulator.optimizers import Optimizer
from simulator.presets import bundled_names, load_preset
from simulator.pytorch_code import ACTIVATION_CODE, LOSS_CODE
from simulator.pytorch_export import pytorch_script, write_pytorch_script

OPTIMIZERS = [
    Optimizer("sgd", 0.1),
    Optimizer("momentum", 0.1, beta=0.8),
    Optimizer("rmsprop", 0.01, beta=0.85, eps=1e-7),
    Optimizer("adam", 0.01, beta1=0.8, beta2=0.95, eps=1e-6),
]
HIDDEN = [name for name in ACTIVATIONS if name != "softmax"]
LINE = re.compile(r"(\S+)(?: \(sample (\d+)\))? = (\S+)")
TOLERANCE = 1e-12


def data(rows: int, inputs: int, outputs: int, seed: int) -> Dataset:
    rng = np.random.default_rng(seed)
    targets = rng.uniform(0.0, 1.0, (rows, outputs))
    return Dataset(rng.normal(0.0, 1.0, (rows, inputs)), targets / targets.sum(1, keepdims=True))


def bundled(name: str):
    preset = load_preset(name)
    return preset.build_network(), preset.load_data(), preset.name


def variant(hidden: str, optimizer: Optimizer, output="sigmoid", loss="bce", steps=0, batch=3):
    """A 3-3-2 network with random weights, a batch of 3 of 5 samples, maybe some steps on."""
    rng = np.random.default_rng(len(hidden) + len(optimizer.name))
    network = random_network((3, 3, 2), [hidden, output], loss, rng, optimizer, batch)
    dataset = data(5, 3, 2, seed=1)
    for _ in range(steps):  # train on, so the optimizer state and step count are saved ones
        rows = network.batch_indices(len(dataset))
        forward = network.forward(dataset.inputs[rows])
        backward = network.backward(forward, dataset.targets[rows])
        network.apply(*network.updated(backward.gradients))
        network.advance_batch(len(dataset))
    return network, dataset, f"{hidden} {output} {loss} {optimizer.name}"


CASES = {name: (bundled, (name,)) for name in bundled_names()}
CASES |= {
    f"{hidden}-{optimizer.name}": (variant, (hidden, optimizer))
    for hidden in HIDDEN
    for optimizer in OPTIMIZERS
}
CASES |= {
    "softmax-cce-adam-saved": (variant, ("prelu", OPTIMIZERS[3], "softmax", "cce", 3, 2)),
    "mse-momentum-saved": (variant, ("elu", OPTIMIZERS[1], "linear", "mse", 4, 1)),
    "rmsprop-saved-batch": (variant, ("swish", OPTIMIZERS[2], "tanh", "mse", 2, 5)),
}


def case(name):
    make, arguments = CASES[name]
    return make(*arguments)


def test_the_script_covers_every_activation_and_loss():
    assert set(ACTIVATION_CODE) == set(ACTIVATIONS)
    assert set(LOSS_CODE) == set(LOSSES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_script_is_python_that_names_every_parameter(name):
    network, dataset, title = case(name)
    script = pytorch_script(network, dataset, title)
    tree = ast.parse(script)
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert set(network.parameters) <= assigned  # W1, b1, ..., alpha1 under the engine's names
    for name_, value in network.parameters.items():
        for number in np.ravel(value):
            assert repr(float(number)) in script, (name_, number)  # exact, not rounded
    assert ast.get_docstring(tree).startswith(f"{title}: one training iteration in PyTorch.")


@pytest.mark.skipif(
    importlib.util.find_spec("ruff") is None, reason="ruff comes with the test extra"
)
def test_the_script_is_lint_clean(tmp_path):
    for name in ("spiral", "prelu-momentum", "softmax-cce-adam-saved"):
        network, dataset, title = case(name)
        write_pytorch_script(tmp_path / f"{name}.py", network, dataset, title)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--line-length",
            "100",
            "--select",
            "E,F,W,I,B,UP",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout


def test_momentum_is_written_out_and_the_others_use_torch_optim():
    scripts = {o.name: pytorch_script(*case(f"relu-{o.name}")[:2], "t") for o in OPTIMIZERS}
    assert "velocity[key] = beta * velocity[key] + (1 - beta) * p.grad" in scripts["momentum"]
    assert "torch.optim" not in scripts["momentum"].split("torch.optim.SGD(momentum")[1]
    assert "torch.optim.SGD(parameters.values(), lr=0.1)" in scripts["sgd"]
    assert "alpha=0.85, eps=1e-07" in scripts["rmsprop"]
    assert "betas=(0.8, 0.95), eps=1e-06" in scripts["adam"]


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip(
        "torch", reason="PyTorch is not installed (pip install torch==2.13.0 for the CPU build)"
    )


def printed_values(script: str, tmp_path) -> dict:
    """Run the script in this process; {(key, sample): value} of every line it prints."""
    path = tmp_path / "export.py"
    path.write_text(script, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()) as out:
        runpy.run_path(str(path), run_name="__main__")
    values = {}
    for line in out.getvalue().splitlines():
        key, sample, value = LINE.fullmatch(line).groups()
        values[key, int(sample) if sample else None] = float(value)
    return values


@pytest.mark.parametrize("name", sorted(CASES))
def test_pytorch_prints_the_trace_to_1e_12(torch, name, tmp_path):
    network, dataset, title = case(name)
    printed = printed_values(pytorch_script(network, dataset, title), tmp_path)
    trace = Cursor(network, dataset).trace
    computed = {(step.key, step.sample): step.value for step in trace.steps}
    assert len(computed) == len(trace.steps)  # (key, sample) names each step once
    assert set(printed) == set(computed)  # every step, nothing else
    # Bundled presets agree to 1e-12 absolute. The random variants reach values such as
    # dL/da = 3e4 (a sigmoid output of 2e-5), where float64 itself only holds 1e-11: above 1
    # they are held to 1e-12 relative.
    scale = 1.0 if name in bundled_names() else None
    worst = max(
        abs(printed[key] - value) / (scale or max(1.0, abs(value)))
        for key, value in computed.items()
    )
    assert worst <= TOLERANCE, f"{name}: max difference {worst:.3g}"


def test_saturated_outputs_are_clipped_like_the_engine(torch, tmp_path):
    """sigmoid(60) is exactly 1.0 in float64: both take log(1 - 1e-15), not log(0)."""
    rng = np.random.default_rng(0)
    network = random_network((1, 1), ["sigmoid"], "bce", rng)
    network.parameters["W1"][:] = 60.0
    network.parameters["b1"][:] = 0.0
    dataset = Dataset([[1.0]], [[0.0]])
    printed = printed_values(pytorch_script(network, dataset, "saturated"), tmp_path)
    trace = Cursor(network, dataset).trace
    assert printed["a[1,1]", None] == 1.0
    assert printed["L", None] == pytest.approx(34.54, abs=0.01)  # -log(1 - (1 - 1e-15)), not inf
    for step in trace.steps:
        assert abs(printed[step.key, step.sample] - step.value) <= TOLERANCE * max(
            1, abs(step.value)
        )

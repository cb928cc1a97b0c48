"""The trace: DESIGN.md's order and keys, honest formulas, the notes' numbers, mini-batches."""

import re

import numpy as np
import pytest
from networks import notes_network, random_network

from simulator.activations import ACTIVATIONS
from simulator.formula import recompute
from simulator.network import LayerActivation, Network, with_prelu_alphas
from simulator.optimizers import Optimizer
from simulator.step import PHASES
from simulator.trace import build_trace

HIDDEN = [name for name in ACTIVATIONS if name != "softmax"]
OUTPUTS = [(name, "mse") for name in ACTIVATIONS] + [
    ("sigmoid", "bce"),
    ("softmax", "bce"),
    ("softmax", "cce"),
]
OPTIMIZERS = [
    Optimizer("sgd", 0.1),
    Optimizer("momentum", 0.1, beta=0.8),
    Optimizer("rmsprop", 0.01, beta=0.95),
    Optimizer("adam", 0.01, beta1=0.85, beta2=0.99),
]


NOTES_INPUTS, NOTES_TARGETS = np.array([[0.5, 0.8]]), np.array([[1.0]])


def random_batch(network, batch, rng):
    """Inputs: (batch, n_0) and targets suited to the network's loss."""
    width = network.sizes[-1]
    inputs = rng.normal(size=(batch, network.sizes[0]))
    if network.loss == "mse":
        return inputs, rng.normal(size=(batch, width))
    if network.loss == "bce":
        return inputs, rng.integers(0, 2, (batch, width)).astype(float)
    return inputs, np.eye(width)[rng.integers(0, width, batch)]


def mixed_network(optimizer, batch_size, seed):
    """A 3-4-3-2 network with a learned prelu alpha, an elu and a sigmoid output."""
    rng = np.random.default_rng(seed)
    network = random_network((3, 4, 3, 2), ("prelu", "elu", "sigmoid"), "bce", rng, optimizer)
    return network, *random_batch(network, batch_size, rng)


def hyperparameter(network, name):
    """The value of a hyperparameter read such as 'eta' or 'beta1'."""
    optimizer = network.optimizer
    values = {
        "eta": optimizer.learning_rate,
        "beta": optimizer.beta,
        "beta1": optimizer.beta1,
        "beta2": optimizer.beta2,
        "eps": optimizer.eps,
        "t": network.step_count + 1.0,
    }
    return values[name]


def old_state(network, key):
    """The optimizer state before this iteration, for a key such as 'v(W[2,1,2])'."""
    kind, name, index = re.fullmatch(r"(\w)\(([A-Za-z]+)\[([\d,]+)\]\)", key).groups()
    layer, *rest = (int(n) for n in index.split(","))
    return float(network.optimizer_state[f"{name}{layer}"][kind][tuple(n - 1 for n in rest)])


def read_value(network, trace, step, read, earlier):
    """What the key `read` of `step` stands for: an earlier step, a parameter, x, y or a setting.

    `earlier` maps (key, sample) to the (index, value) of the latest step before `step`.
    A step reads its own key only for the value before the update (the old weight or state).
    """
    row = (step.sample or 1) - 1
    if read in ("eta", "beta", "beta1", "beta2", "eps", "t"):
        return hyperparameter(network, read)
    if match := re.fullmatch(r"a\[0,(\d+)\]", read):
        return float(trace.inputs[row][int(match.group(1)) - 1])
    if match := re.fullmatch(r"y\[(\d+)\]", read):
        return float(trace.targets[row][int(match.group(1)) - 1])
    if match := re.fullmatch(r"(.+) \(sample (\d+)\)", read):
        return earlier[(match.group(1), int(match.group(2)))][1]
    if match := re.fullmatch(r"alpha\[(\d+)\]", read):
        return network.alpha(int(match.group(1)))  # learned for prelu, a setting otherwise
    if read == step.key:
        return trace.parameters[read] if read in trace.parameters else old_state(network, read)
    found = [earlier[k] for k in ((read, step.sample), (read, None)) if k in earlier]
    if found:
        return max(found)[1]  # the later of this sample's step and a batch-wide one
    return trace.parameters[read]


def close(actual, expected, rel, absolute=1e-12) -> bool:
    """pytest.approx's rule (within rel of expected, or within absolute) without its cost per
    call: a trace has thousands of operands to check."""
    return actual == expected or abs(actual - expected) <= max(rel * abs(expected), absolute)


def assert_honest(network, trace):
    """Every step: its template evaluates to its value and its operands are its reads' values."""
    earlier = {}  # (key, sample) -> (index, value) of the latest step so far
    for step in trace.steps:
        assert len(step.reads) == len(step.operands), step.key
        for read, operand in zip(step.reads, step.operands):
            value = read_value(network, trace, step, read, earlier)
            assert close(value, operand, rel=1e-12), (
                f"step {step.index} {step.key} reads {read}: {value!r} != {operand!r}"
            )
        result = recompute(step)
        assert close(result, step.value, rel=1e-9), f"{step.symbolic}: {result!r} != {step.value!r}"
        earlier[(step.key, step.sample)] = (step.index, step.value)


def test_notes_first_weighted_sum_formula_is_exactly_the_notes_line():
    trace = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    assert trace.steps[0].formula() == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert trace.steps[0].symbolic == "z[1,1] = W[1,1,1]*a[0,1] + W[1,1,2]*a[0,2] + b[1,1]"


def test_notes_numbers_right_where_the_notes_slip():
    # Seed 003 writes dL/dO = -0.262, which is O - y; the true dL/dO is -1/O.
    trace = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    value = lambda key: trace.find(key).value
    assert value("z[2,1]") == pytest.approx(1.038, abs=5e-4)
    assert value("a[2,1]") == pytest.approx(0.738, abs=5e-4)
    assert value("L") == pytest.approx(0.303, abs=5e-4)
    assert value("dL/da[2,1]") == pytest.approx(-1.3542, abs=5e-5)
    assert value("dL/dz[2,1]") == pytest.approx(-0.2615, abs=5e-5)
    assert value("W[2,1,1]") == pytest.approx(0.5159, abs=5e-5)
    assert trace.find("W[2,1,1]").formula() == "W[2,1,1] = 0.5 - 0.1*(-0.1591) = 0.5159"


def test_notes_order_is_design_md_order():
    trace = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    keys = [step.key for step in trace.steps]
    assert keys == [
        "z[1,1]", "a[1,1]", "z[1,2]", "a[1,2]", "z[2,1]", "a[2,1]",
        "L",
        "dL/da[2,1]", "dL/dz[2,1]", "dL/dW[2,1,1]", "dL/dW[2,1,2]", "dL/db[2,1]",
        "dL/da[1,1]", "dL/da[1,2]", "dL/dz[1,1]", "dL/dz[1,2]",
        "dL/dW[1,1,1]", "dL/dW[1,1,2]", "dL/db[1,1]", "dL/dW[1,2,1]", "dL/dW[1,2,2]", "dL/db[1,2]",
        "W[2,1,1]", "W[2,1,2]", "b[2,1]",
        "W[1,1,1]", "W[1,1,2]", "b[1,1]", "W[1,2,1]", "W[1,2,2]", "b[1,2]",
    ]  # fmt: skip
    assert [step.index for step in trace.steps] == list(range(1, len(keys) + 1))
    assert [step.phase for step in trace.steps] == (
        ["forward"] * 6 + ["loss"] + ["backward"] * 15 + ["update"] * 9
    )
    assert all(step.sample is None for step in trace.steps)


def assert_forward_order(forward):
    """Layer by layer, neuron by neuron, z then a; softmax needs all its z before any a."""
    layers = [s.layer for s in forward]
    assert layers == sorted(layers)
    for layer in dict.fromkeys(layers):
        steps = [s for s in forward if s.layer == layer]
        z_steps, a_steps = steps[::2], steps[1::2]
        if steps[-1].template.startswith("e^"):  # softmax
            z_steps, a_steps = steps[: len(steps) // 2], steps[len(steps) // 2 :]
        assert [s.kind for s in z_steps] == ["z"] * len(z_steps)
        assert [s.kind for s in a_steps] == ["a"] * len(a_steps)
        neurons = list(range(1, len(z_steps) + 1))
        assert [s.neuron for s in z_steps] == neurons == [s.neuron for s in a_steps]


def assert_design_order(trace, depth):
    """The order rules of DESIGN.md, for any network and batch."""
    per_sample = [s for s in trace.steps if s.sample is not None] or [
        s for s in trace.steps if s.phase != "update"
    ]
    samples = [s.sample for s in per_sample]
    assert samples == sorted(samples, key=lambda n: n or 0)
    assert all(s.phase == "update" for s in trace.steps[len(per_sample) :])
    for number in dict.fromkeys(samples):
        steps = [s for s in per_sample if s.sample == number]
        phases = [PHASES.index(s.phase) for s in steps]
        assert phases == sorted(phases)
        forward = [s for s in steps if s.phase == "forward"]
        assert_forward_order(forward)
        backward = [s for s in steps if s.phase == "backward"]
        layers = [s.layer for s in backward]
        assert layers == sorted(layers, reverse=True) and layers[0] == depth
        for layer in set(layers):
            kinds = [s.kind for s in backward if s.layer == layer]
            order = ("dL/da", "dL/dz", "dL/dalpha", "dL/dW")
            ranks = [order.index("dL/dW" if k == "dL/db" else k) for k in kinds]
            assert ranks == sorted(ranks)
    updates = [s for s in trace.steps if s.phase == "update" and s.kind != "mean"]
    update_layers = [s.layer for s in updates]
    assert update_layers == sorted(update_layers, reverse=True)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, loss", OUTPUTS)
@pytest.mark.parametrize("batch", [1, 3])
def test_formulas_are_honest_for_every_activation_and_loss(hidden, output, loss, batch):
    rng = np.random.default_rng([HIDDEN.index(hidden), OUTPUTS.index((output, loss)), batch])
    width = 3 if loss == "cce" else int(rng.integers(2, 4))
    network = random_network((2, 3, width), (hidden, output), loss, rng, batch_size=batch)
    trace = build_trace(network, *random_batch(network, batch, rng))
    assert_honest(network, trace)
    assert_design_order(trace, network.depth)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=[o.name for o in OPTIMIZERS])
@pytest.mark.parametrize("batch", [1, 4])
def test_formulas_are_honest_for_every_optimizer_over_iterations(optimizer, batch):
    network, inputs, targets = mixed_network(optimizer, batch, seed=batch)
    for _ in range(3):  # later iterations read optimizer state and t from earlier ones
        trace = build_trace(network, inputs, targets)
        assert_honest(network, trace)
        assert_design_order(trace, network.depth)
        network.apply(trace.new_parameters, trace.new_state)


def test_keys_are_one_based_and_in_range():
    network, inputs, targets = mixed_network(OPTIMIZERS[3], 2, seed=0)
    trace = build_trace(network, inputs, targets)
    for step in trace.steps:
        for key in (step.key, *step.reads):
            for numbers in re.findall(r"\[([\d,]+)\]", key):
                layer, *rest = (int(n) for n in numbers.split(","))
                assert 0 <= layer <= network.depth, key
                assert all(n >= 1 for n in rest), key
                if len(rest) >= 1 and not key.startswith("y["):
                    assert rest[0] <= network.sizes[layer], key
        if step.layer is not None:
            assert 1 <= step.layer <= network.depth
        if step.neuron is not None:
            assert 1 <= step.neuron <= network.sizes[step.layer]


@pytest.mark.parametrize("batch", [1, 3])
def test_step_values_agree_with_forward_and_backward(batch):
    network, inputs, targets = mixed_network(OPTIMIZERS[1], batch, seed=9)
    forward = network.forward(inputs)
    backward = network.backward(forward, targets)
    trace = build_trace(network, inputs, targets)
    arrays = {
        "z": forward.weighted_sums,
        "a": forward.activations[1:],
        "dL/da": backward.grad_activations,
        "dL/dz": backward.grad_weighted_sums,
    }
    for step in trace.steps:
        row = (step.sample or 1) - 1
        if step.kind in arrays:
            expected = arrays[step.kind][step.layer - 1][row][step.neuron - 1]
        elif step.kind == "loss":
            expected = backward.losses[row]
        elif step.kind == "dL/dalpha" and step.sample is not None:
            expected = backward.grad_alphas[step.layer][row]
        elif step.kind == "dL/dW" and step.sample is not None:
            grad_z = backward.grad_weighted_sums[step.layer - 1][row][step.neuron - 1]
            expected = grad_z * forward.activations[step.layer - 1][row][step.source - 1]
        else:
            continue
        assert step.value == expected, step.key
    assert trace.loss == pytest.approx(backward.losses.mean())


def test_update_steps_are_the_new_parameters_and_state():
    network, inputs, targets = mixed_network(OPTIMIZERS[3], 2, seed=4)
    trace = build_trace(network, inputs, targets)
    new = {s.key: s.value for s in trace.steps if s.phase == "update"}
    for name, array in trace.new_parameters.items():
        kind, layer = re.fullmatch(r"([A-Za-z]+)(\d+)", name).groups()
        for index in np.ndindex(array.shape):
            key = f"{kind}[{','.join(map(str, (int(layer), *(i + 1 for i in index))))}]"
            assert new[key] == array[index]
            for state, values in trace.new_state[name].items():
                assert new[f"{state}({key})"] == values[index]
    assert sum(1 for s in trace.steps if s.kind in ("W", "b", "alpha")) == sum(
        a.size for a in network.parameters.values()
    )


def test_mini_batch_steps_carry_samples_and_the_update_uses_the_mean():
    network, inputs, targets = mixed_network(Optimizer("sgd", 0.5), 3, seed=2)
    trace = build_trace(network, inputs, targets)
    assert {s.sample for s in trace.steps if s.phase != "update"} == {1, 2, 3}
    assert all(s.sample is None for s in trace.steps if s.phase == "update")
    for key, old in trace.parameters.items():
        per_sample = [s.value for s in trace.steps if s.key == f"dL/d{key}" and s.sample]
        assert all(s.sample for s in trace.steps if s.key == f"dL/d{key}")
        (mean,) = [s for s in trace.steps if s.key == f"mean(dL/d{key})"]
        assert mean.sample is None and mean.kind == "mean" and mean.phase == "update"
        assert len(per_sample) == 3
        assert mean.value == pytest.approx(np.mean(per_sample), rel=1e-12, abs=1e-15)
        assert trace.find(key).value == pytest.approx(old - 0.5 * mean.value, rel=1e-12)
        assert f"mean(dL/d{key})" in trace.find(key).reads
    assert trace.find("L", sample=2).value == pytest.approx(
        network.backward(network.forward(inputs[1:2]), targets[1:2]).losses[0]
    )


def test_layer_gradients_use_the_weights_from_before_the_update():
    # The classic pitfall: hidden deltas computed with output weights already updated.
    network = notes_network(Optimizer("sgd", 50.0))  # a huge step makes any mix-up show
    saved = {k: v.copy() for k, v in network.parameters.items()}
    trace = build_trace(network, NOTES_INPUTS, NOTES_TARGETS)
    for name, value in saved.items():
        np.testing.assert_array_equal(network.parameters[name], value)  # nothing committed
    grad_z2 = trace.find("dL/dz[2,1]").value
    for j in (1, 2):
        hidden = trace.find(f"dL/da[1,{j}]")
        assert hidden.operands == (grad_z2, saved["W2"][0, j - 1])
        assert hidden.value == pytest.approx(grad_z2 * saved["W2"][0, j - 1], rel=1e-15)
        assert trace.find(f"W[2,1,{j}]").value != saved["W2"][0, j - 1]
    assert trace.find("dL/dW[1,1,1]").value == pytest.approx(
        network.backward(network.forward(NOTES_INPUTS), NOTES_TARGETS).gradients["W1"][0, 0],
        rel=1e-15,
    )


def test_prelu_alpha_has_gradient_and_update_steps():
    network, inputs, targets = mixed_network(Optimizer("sgd", 0.1), 1, seed=3)
    trace = build_trace(network, inputs, targets)
    gradient, update = trace.find("dL/dalpha[1]"), trace.find("alpha[1]")
    assert gradient.phase == "backward" and update.phase == "update"
    assert update.value == pytest.approx(0.3 - 0.1 * gradient.value)
    assert trace.parameters["alpha[1]"] == 0.3


def test_latest_and_find_locate_steps():
    network, inputs, targets = mixed_network(Optimizer("sgd", 0.1), 2, seed=1)
    trace = build_trace(network, inputs, targets)
    (first, second) = [s for s in trace.steps if s.key == "z[1,1]"]
    assert trace.latest("z[1,1]", first.index - 1) is None
    assert trace.latest("z[1,1]", first.index) == first
    assert trace.latest("z[1,1]", second.index + 5) == second
    assert trace.find("z[1,1]", sample=2) == second
    assert trace.find("no such key") is None


def test_step_to_dict_has_the_json_fields():
    trace = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    data = trace.steps[0].to_dict()
    assert data["formula"] == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert {"index", "phase", "kind", "key", "value", "formula", "sample"} <= set(data)
    assert trace.steps[0].formula(digits=2) == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert trace.find("a[1,1]").formula(digits=2) == "a[1,1] = 1/(1+e^(-0.44)) = 0.61"


def test_rows_default_to_the_batch_positions():
    trace = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    assert trace.rows == (0,)
    assert build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS, rows=[7]).rows == (7,)


@pytest.mark.parametrize("name", ["leaky_relu", "prelu", "elu"])
@pytest.mark.parametrize("alpha", [0.01, 1.0, 1.5])
def test_formulas_are_honest_for_any_alpha(name, alpha):
    # A learned prelu alpha can grow past 1; the formula text must still give the value.
    rng = np.random.default_rng(11)
    layers = [LayerActivation.of(name, alpha), LayerActivation.of("linear")]
    parameters = {
        "W1": rng.normal(size=(4, 2)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(1, 4)),
        "b2": rng.normal(size=1),
    }
    network = Network(
        (2, 4, 1), layers, "mse", OPTIMIZERS[0], with_prelu_alphas(parameters, layers), batch_size=3
    )
    trace = build_trace(network, *random_batch(network, 3, rng))
    assert {s.value < 0 for s in trace.steps if s.kind == "z"} == {True, False}
    assert_honest(network, trace)


def test_each_sample_step_carries_its_data_row_and_batch_steps_none():
    network, inputs, targets = mixed_network(Optimizer("momentum", 0.5), 3, seed=5)
    trace = build_trace(network, inputs, targets, rows=[4, 0, 2])  # a shuffled batch
    for step in trace.steps:
        if step.sample is None:
            assert step.row is None and step.phase == "update"
        else:
            assert step.row == (5, 1, 3)[step.sample - 1], step
    lone = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS, rows=[7])
    assert {s.row for s in lone.steps if s.phase != "update"} == {8}  # batch of 1: row, no sample
    assert {s.row for s in lone.steps if s.phase == "update"} == {None}


def test_batch_means_are_steps_of_their_own_that_every_update_part_reads():
    network, inputs, targets = mixed_network(Optimizer("adam", 0.01), 2, seed=6)
    trace = build_trace(network, inputs, targets)
    means = [s for s in trace.steps if s.kind == "mean"]
    assert len(means) == len(trace.parameters)
    assert {s.key for s in means} == {f"mean(dL/d{key})" for key in trace.parameters}
    assert all(s.explanation.startswith("Mean over the batch") for s in means)
    for step in trace.steps:
        gradient_reads = [r for r in step.reads if r.startswith("dL/d") and "(" not in r]
        assert step.kind in ("mean",) or step.phase != "update" or not gradient_reads, step
    one = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    assert not [s for s in one.steps if s.kind == "mean"]
    assert "dL/dW[2,1,1]" in one.find("W[2,1,1]").reads  # one sample: its gradient is the mean


def test_step_json_carries_the_row_and_the_notes_name():
    from simulator.names import Names

    trace = build_trace(notes_network(), NOTES_INPUTS, NOTES_TARGETS)
    data = trace.find("dL/dW[1,1,2]").to_dict(names=Names({"W[1,1,2]": "w21"}))
    assert (data["name"], data["row"], data["sample"]) == ("dL/dw21", 1, None)
    assert trace.find("z[1,1]").to_dict(names=Names({"W[1,1,2]": "w21"}))["name"] is None
    assert trace.find("z[1,1]").to_dict()["name"] is None


@pytest.mark.parametrize("batch", [1, 3])
def test_positions_index_every_step_of_each_key_in_order(batch):
    rng = np.random.default_rng(5)
    network = random_network([3, 4, 2], ["tanh", "sigmoid"], "bce", rng)
    trace = build_trace(network, *random_batch(network, batch, rng))
    expected: dict = {}
    for step in trace.steps:
        expected.setdefault(step.key, []).append(step.index)
    assert trace.positions == {key: tuple(indices) for key, indices in expected.items()}
    assert trace.weight_keys == tuple(key for key in trace.parameters if key.startswith("W["))

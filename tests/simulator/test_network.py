"""The network: every gradient against central differences, the update, batches, the collapse."""

import numpy as np
import pytest
from gradcheck import assert_gradcheck
from networks import notes_network, random_network

from simulator.activations import ACTIVATIONS
from simulator.losses import get_loss
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer

HIDDEN = [name for name in ACTIVATIONS if name != "softmax"]
OUTPUTS = [(name, "mse") for name in ACTIVATIONS] + [
    ("sigmoid", "bce"),
    ("softmax", "bce"),
    ("softmax", "cce"),
]


def random_targets(loss, batch, width, rng):
    """Targets that suit the loss: real values, 0/1 labels or one-hot classes."""
    if loss == "mse":
        return rng.normal(size=(batch, width))
    if loss == "bce":
        return rng.integers(0, 2, (batch, width)).astype(float)
    return np.eye(width)[rng.integers(0, width, batch)]


def mean_loss(network, inputs, targets) -> float:
    return float(get_loss(network.loss).value(network.predict(inputs), targets).mean())


def assert_every_gradient_matches(network, inputs, targets):
    """Each parameter's batch-mean gradient from backward against central differences."""
    gradients = network.backward(network.forward(inputs), targets).gradients
    assert set(gradients) == set(network.parameters)
    for name, original in list(network.parameters.items()):

        def loss_at(value, name=name):
            network.parameters[name] = value
            return mean_loss(network, inputs, targets)

        try:
            assert_gradcheck(loss_at, original, gradients[name])
        finally:
            network.parameters[name] = original


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, loss", OUTPUTS)
@pytest.mark.parametrize("batch", [1, 3, 7])
def test_every_gradient_matches_central_differences(hidden, output, loss, batch):
    rng = np.random.default_rng([HIDDEN.index(hidden), OUTPUTS.index((output, loss)), batch])
    width = 3 if loss == "cce" else int(rng.integers(2 if output == "softmax" else 1, 4))
    sizes = (int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(2, 4)), width)
    network = random_network(sizes, (hidden, hidden, output), loss, rng)
    inputs = rng.normal(size=(batch, sizes[0]))
    assert_every_gradient_matches(network, inputs, random_targets(loss, batch, width, rng))


@pytest.mark.parametrize("seed", range(6))
def test_gradients_of_deep_mixed_networks(seed):
    rng = np.random.default_rng(100 + seed)
    depth = int(rng.integers(2, 6))
    names = list(rng.choice(HIDDEN, depth - 1)) + ["prelu"]
    sizes = tuple(int(n) for n in rng.integers(1, 5, depth + 1))
    network = random_network(sizes, names, "mse", rng)
    batch = int(rng.integers(1, 9))
    inputs = rng.normal(size=(batch, sizes[0]))
    assert_every_gradient_matches(network, inputs, random_targets("mse", batch, sizes[-1], rng))


def test_per_sample_gradients_are_each_samples_own_and_average_to_the_update():
    rng = np.random.default_rng(7)
    network = random_network((3, 4, 2), ("prelu", "sigmoid"), "bce", rng)
    inputs, targets = rng.normal(size=(5, 3)), random_targets("bce", 5, 2, rng)
    batch = network.backward(network.forward(inputs), targets)
    alone = [
        network.backward(network.forward(inputs[s : s + 1]), targets[s : s + 1]) for s in range(5)
    ]
    for layer in (1, 2):
        for s in range(5):
            np.testing.assert_allclose(
                batch.grad_weighted_sums[layer - 1][s], alone[s].grad_weighted_sums[layer - 1][0]
            )
            np.testing.assert_allclose(
                batch.grad_activations[layer - 1][s], alone[s].grad_activations[layer - 1][0]
            )
    np.testing.assert_allclose(batch.grad_alphas[1], [a.grad_alphas[1][0] for a in alone])
    for name, gradient in batch.gradients.items():
        mean = np.mean([a.gradients[name] for a in alone], axis=0)
        np.testing.assert_allclose(gradient, mean, atol=1e-15)


def test_forward_keeps_every_intermediate():
    rng = np.random.default_rng(1)
    network = random_network((2, 3, 1), ("tanh", "sigmoid"), "mse", rng)
    inputs = rng.normal(size=(4, 2))
    forward = network.forward(inputs)
    assert [z.shape for z in forward.weighted_sums] == [(4, 3), (4, 1)]
    np.testing.assert_array_equal(forward.activations[0], inputs)
    z1 = inputs @ network.weight(1).T + network.bias(1)
    np.testing.assert_allclose(forward.weighted_sums[0], z1)
    np.testing.assert_allclose(forward.activations[1], np.tanh(z1))


def test_updated_is_pure_and_apply_commits():
    rng = np.random.default_rng(2)
    network = random_network((2, 2, 1), ("relu", "sigmoid"), "bce", rng, Optimizer("momentum", 0.1))
    before = {k: v.copy() for k, v in network.parameters.items()}
    backward = network.backward(network.forward(rng.normal(size=(3, 2))), np.ones((3, 1)))
    parameters, state = network.updated(backward.gradients)
    for name, value in before.items():
        np.testing.assert_array_equal(network.parameters[name], value)
        np.testing.assert_array_equal(network.optimizer_state[name]["v"], 0.0)
        np.testing.assert_allclose(parameters[name], value - 0.1 * 0.1 * backward.gradients[name])
    network.apply(parameters, state)
    assert network.step_count == 1
    assert network.parameters is parameters


def test_copy_is_independent():
    network = random_network((2, 2, 1), ("tanh", "linear"), "mse", np.random.default_rng(0))
    twin = network.copy()
    twin.parameters["W1"][0, 0] += 1.0
    twin.step_count = 5
    assert network.parameters["W1"][0, 0] != twin.parameters["W1"][0, 0]
    assert network.step_count == 0


def test_alpha_is_learned_for_prelu_and_fixed_otherwise():
    network = random_network(
        (2, 2, 2, 1), ("prelu", "leaky_relu", "elu"), "mse", np.random.default_rng(0)
    )
    assert set(network.parameters) == {"W1", "b1", "W2", "b2", "W3", "b3", "alpha1"}
    assert network.alpha(1) == 0.3
    network.parameters["alpha1"] = np.asarray(0.5)
    assert [network.alpha(layer) for layer in (1, 2, 3)] == [0.5, 0.2, 0.7]


def test_layer_activation_defaults_and_preset_form():
    assert LayerActivation.of("leaky_relu") == LayerActivation("leaky_relu", 0.01)
    assert LayerActivation.of("prelu").alpha == 0.25
    assert LayerActivation.of("elu").alpha == 1.0
    assert LayerActivation.of("sigmoid").to_dict() == "sigmoid"
    assert LayerActivation.of("elu", 0.5).to_dict() == {"name": "elu", "alpha": 0.5}


@pytest.mark.parametrize("scheme", ["xavier", "he", "uniform"])
def test_initial_parameters_are_seeded(scheme):
    layers = [LayerActivation.of("prelu"), LayerActivation.of("sigmoid")]
    first = initial_parameters((3, 4, 2), layers, scheme, np.random.default_rng(5))
    again = initial_parameters((3, 4, 2), layers, scheme, np.random.default_rng(5))
    other = initial_parameters((3, 4, 2), layers, scheme, np.random.default_rng(6))
    assert first["W1"].shape == (4, 3) and first["W2"].shape == (2, 4)
    assert not first["b1"].any() and float(first["alpha1"]) == 0.25
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    assert not np.array_equal(first["W1"], other["W1"])


def test_unknown_init_scheme_is_refused():
    with pytest.raises(KeyError, match="xavier"):
        initial_parameters(
            (2, 1), [LayerActivation.of("linear")], "zeros", np.random.default_rng(0)
        )


def test_batches_cover_each_epoch_once_in_a_seeded_order():
    network = random_network((1, 1), ("linear",), "mse", np.random.default_rng(0), batch_size=4)
    seen, epochs_done = [], []
    for _ in range(6):  # 10 samples in batches of 4: 4, 4, 2, then the next epoch
        seen.append(network.batch_indices(10).tolist())
        epochs_done.append(network.advance_batch(10))
    assert [len(rows) for rows in seen] == [4, 4, 2, 4, 4, 2]
    assert epochs_done == [False, False, True, False, False, True]
    assert sorted(sum(seen[:3], [])) == list(range(10))
    assert sorted(sum(seen[3:], [])) == list(range(10))
    assert sum(seen[:3], []) != sum(seen[3:], [])  # a fresh shuffle each epoch
    order = np.random.default_rng([0, 0]).permutation(10).tolist()
    assert sum(seen[:3], []) == order


def test_accuracy_by_loss():
    net = lambda loss: random_network((1, 1), ("linear",), loss, np.random.default_rng(0))
    outputs = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    targets = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    assert net("mse").accuracy(outputs, targets) is None
    assert net("cce").accuracy(outputs, targets) == pytest.approx(2 / 3)
    assert net("bce").accuracy(outputs[:, :1], targets[:, :1]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("depth", [2, 3, 4, 5])
def test_linear_collapse_gives_the_same_outputs(depth):
    rng = np.random.default_rng(depth)
    sizes = tuple(int(n) for n in rng.integers(1, 5, depth + 1))
    network = random_network(sizes, ["linear"] * depth, "mse", rng)
    weight, bias = network.collapse()
    assert weight.shape == (sizes[-1], sizes[0]) and bias.shape == (sizes[-1],)
    inputs = rng.normal(size=(10, sizes[0]))
    np.testing.assert_allclose(inputs @ weight.T + bias, network.predict(inputs), atol=1e-12)


def test_collapse_of_the_notes_3_2_1_network():
    # Seed 002: W = W2 @ W1, b = W2 @ b1 + b2.
    w1, b1 = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), np.array([0.1, -0.2])
    w2, b2 = np.array([[0.7, -0.8]]), np.array([0.3])
    layers = [LayerActivation.of("linear")] * 2
    network = Network(
        (3, 2, 1), layers, "mse", Optimizer(), {"W1": w1, "b1": b1, "W2": w2, "b2": b2}
    )
    weight, bias = network.collapse()
    np.testing.assert_allclose(weight, [[0.07 - 0.32, 0.14 - 0.4, 0.21 - 0.48]])
    np.testing.assert_allclose(bias, [0.07 + 0.16 + 0.3])


@pytest.mark.parametrize("names", [("linear", "sigmoid"), ("relu", "linear")])
def test_collapse_refuses_a_non_linear_network(names):
    network = random_network((2, 2, 1), names, "mse", np.random.default_rng(0))
    with pytest.raises(ValueError, match="linear"):
        network.collapse()


def test_retuned_is_a_copy_with_another_rate_or_batch_size():
    network = notes_network()
    network.batch_in_epoch = 1
    faster = network.retuned(0.5)
    assert faster.optimizer.learning_rate == 0.5 and network.optimizer.learning_rate == 0.1
    assert faster.batch_in_epoch == 1  # the same batches: training goes on where it was
    wider = network.retuned(batch_size=4)
    assert (wider.batch_size, wider.batch_in_epoch) == (4, 0) and network.batch_size == 1
    assert wider.parameters["W1"] is not network.parameters["W1"]

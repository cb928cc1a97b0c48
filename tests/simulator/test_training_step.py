"""The in-place training step: bit for bit the pure calls the trace makes, on arrays of its own."""

import numpy as np
import pytest

from simulator.datasets import Dataset, generate
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.training import train
from simulator.training_step import TrainingStep

HIDDEN = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "swish"]
OPTIMIZERS = ["sgd", "momentum", "rmsprop", "adam"]
OUTPUTS = {"mse": ("linear", 2), "bce": ("sigmoid", 2), "cce": ("softmax", 3)}


def make_network(hidden="tanh", loss="bce", optimizer="adam", batch_size=4):
    """2-4-3-n with a seeded start; n and the output activation suit the loss."""
    output, width = OUTPUTS[loss]
    sizes = (2, 4, 3, width)
    layers = [LayerActivation.of(name) for name in (hidden, hidden, output)]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(7))
    return Network(sizes, layers, loss, Optimizer(optimizer, 0.05), parameters, batch_size, 3)


def make_data(loss):
    """10 samples (batch 4 leaves a short last batch) with targets that suit the loss."""
    if loss == "cce":
        return generate("blobs", 10, 0.3, seed=1)
    moons = generate("moons", 10, 0.2, seed=1)
    return Dataset(moons.inputs, np.hstack([moons.targets, 1.0 - moons.targets]))


def step_through(network, data, epochs):
    """Train with the pure calls the trace and the cursor make: forward, backward, updated."""
    for _ in range(epochs * -(-len(data) // network.batch_size)):
        rows = network.batch_indices(len(data))
        backward = network.backward(network.forward(data.inputs[rows]), data.targets[rows])
        network.apply(*network.updated(backward.gradients))
        network.advance_batch(len(data))
    return network


def assert_identical(trained, stepped):
    """Same parameters, optimizer state and progress, to the last bit."""
    assert trained.parameters.keys() == stepped.parameters.keys()
    for name, value in stepped.parameters.items():
        np.testing.assert_array_equal(trained.parameters[name], value, err_msg=name)
        for kind, state in stepped.optimizer_state[name].items():
            np.testing.assert_array_equal(trained.optimizer_state[name][kind], state)
    assert (trained.step_count, trained.epoch) == (stepped.step_count, stepped.epoch)


@pytest.mark.parametrize("hidden", HIDDEN)
def test_every_activation_trains_bit_for_bit_as_it_steps(hidden):
    network, data = make_network(hidden, loss="mse"), make_data("mse")
    stepped = step_through(network.copy(), data, 3)
    train(network, data, 3)
    assert_identical(network, stepped)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("loss", sorted(OUTPUTS))
@pytest.mark.parametrize("batch_size", [1, 4])
def test_every_loss_and_optimizer_trains_bit_for_bit_as_it_steps(loss, optimizer, batch_size):
    network, data = (
        make_network(loss=loss, optimizer=optimizer, batch_size=batch_size),
        make_data(loss),
    )
    stepped = step_through(network.copy(), data, 3)
    train(network, data, 3)
    assert_identical(network, stepped)


def test_training_never_writes_into_arrays_it_was_given():
    network, data = make_network(), make_data("bce")
    given = dict(network.parameters)
    saved = {name: value.copy() for name, value in given.items()}
    train(network, data, 2)
    for name, value in given.items():
        np.testing.assert_array_equal(value, saved[name])
        assert not np.array_equal(network.parameters[name], saved[name])


def test_a_trained_copy_trains_on_without_touching_the_original():
    network, data = make_network(), make_data("bce")
    train(network, data, 1)
    before = {name: value.copy() for name, value in network.parameters.items()}
    train(network.copy(), data, 2)
    for name, value in network.parameters.items():
        np.testing.assert_array_equal(value, before[name])


@pytest.mark.parametrize("change", ["replace an array", "write into an array", "swap the dict"])
def test_a_parameter_changed_between_runs_is_the_one_trained_on(change):
    network, data = make_network(), make_data("bce")
    train(network, data, 1)
    if change == "replace an array":
        network.parameters["W1"] = network.parameters["W1"] * 0.5
    elif change == "write into an array":
        network.parameters["W1"][0, 0] = 0.75
    else:
        network.parameters = {name: value + 0.01 for name, value in network.parameters.items()}
    stepped = step_through(network.copy(), data, 2)
    train(network, data, 2)
    assert_identical(network, stepped)


def test_the_step_is_bound_once_and_again_after_an_apply():
    network, data = make_network(), make_data("bce")
    train(network, data, 1)
    step = TrainingStep.of(network)
    train(network, data, 1)
    assert TrainingStep.of(network) is step
    assert network.parameters["W2"].base is step.values  # a view of the flat vector
    forward = network.forward(data.inputs[:4])
    network.apply(*network.updated(network.backward(forward, data.targets[:4]).gradients))
    assert TrainingStep.of(network) is not step


def test_each_batch_size_is_planned_once_and_its_plan_reads_the_parameters_in_place():
    network, data = make_network(batch_size=4), make_data("bce")  # batches of 4, 4 and 2
    train(network, data, 1)
    step = TrainingStep.of(network)
    plans = dict(step.plans)
    assert sorted(plans) == [2, 4]
    train(network, data, 2)
    assert all(step.plans[size] is plan for size, plan in plans.items())
    for layer in plans[4]:  # views of the flat vectors the optimizer moves
        assert layer.weight.base is step.values and layer.weight_t.base is step.values
        assert layer.grad_weight.base is step.gradient
        assert layer.weight is network.parameters[f"W{layer.layer}"]

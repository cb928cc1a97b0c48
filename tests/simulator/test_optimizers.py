"""Optimizers: each update against a hand-written reference of the notes' formula, over steps."""

import math

import numpy as np
import pytest

from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer

OPTIMIZERS = [
    Optimizer("sgd", 0.1),
    Optimizer("momentum", 0.1, beta=0.8),
    Optimizer("rmsprop", 0.01, beta=0.9, eps=1e-8),
    Optimizer("adam", 0.01, beta1=0.8, beta2=0.95, eps=1e-7),
]
IDS = [o.name for o in OPTIMIZERS]


def reference_step(optimizer, w, g, state, t):
    """One element's update written straight from the notes, in plain floats."""
    eta = optimizer.learning_rate
    if optimizer.name == "sgd":
        return w - eta * g, state
    if optimizer.name == "momentum":
        v = optimizer.beta * state["v"] + (1 - optimizer.beta) * g
        return w - eta * v, {"v": v}
    if optimizer.name == "rmsprop":
        s = optimizer.beta * state["s"] + (1 - optimizer.beta) * g**2
        return w - eta * g / (math.sqrt(s) + optimizer.eps), {"s": s}
    b1, b2 = optimizer.beta1, optimizer.beta2
    m = b1 * state["m"] + (1 - b1) * g
    v = b2 * state["v"] + (1 - b2) * g**2
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return w - eta * m_hat / (math.sqrt(v_hat) + optimizer.eps), {"m": m, "v": v}


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=IDS)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_update_matches_the_notes_formula_over_several_steps(optimizer, shape):
    rng = np.random.default_rng(len(shape))
    param, state = rng.normal(size=shape), optimizer.initial_state(np.zeros(shape))
    expected = [(float(w), {k: 0.0 for k in optimizer.state_names}) for w in param.flat]
    for t in range(1, 6):  # several steps, so the state must carry over between them
        grad = rng.normal(size=shape)
        param, state = optimizer.update(param, grad, state, t)
        expected = [reference_step(optimizer, w, g, s, t) for (w, s), g in zip(expected, grad.flat)]
        np.testing.assert_allclose(param.flat, [w for w, _ in expected], rtol=1e-13)
        for name in optimizer.state_names:
            np.testing.assert_allclose(state[name].flat, [s[name] for _, s in expected])


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=IDS)
def test_update_is_pure(optimizer):
    param, grad = np.array([0.5, -0.2]), np.array([0.1, 0.3])
    state = {name: np.array([0.01, 0.02]) for name in optimizer.state_names}
    saved = (param.copy(), grad.copy(), {k: v.copy() for k, v in state.items()})
    optimizer.update(param, grad, state, 2)
    np.testing.assert_array_equal(param, saved[0])
    np.testing.assert_array_equal(grad, saved[1])
    for name, value in state.items():
        np.testing.assert_array_equal(value, saved[2][name])


def test_adam_first_step_moves_by_about_the_learning_rate():
    # With bias correction m_hat = g and v_hat = g^2 at t = 1, so the step is eta * sign(g).
    adam = Optimizer("adam", 0.01)
    param, _ = adam.update(
        np.array([1.0, 1.0]), np.array([5.0, -0.001]), adam.initial_state(np.zeros(2)), 1
    )
    np.testing.assert_allclose(param, [0.99, 1.01], rtol=1e-6)


def test_initial_state_is_zero_per_state_name():
    state = Optimizer("adam").initial_state(np.ones((2, 2)))
    assert set(state) == {"m", "v"}
    assert all(np.array_equal(v, np.zeros((2, 2))) for v in state.values())
    assert Optimizer("sgd").initial_state(np.ones(3)) == {}


@pytest.mark.parametrize(
    "optimizer, expected",
    [
        (Optimizer("sgd", 0.5), {"name": "sgd", "learning_rate": 0.5}),
        (
            Optimizer("momentum", 0.1, beta=0.8),
            {"name": "momentum", "learning_rate": 0.1, "beta": 0.8},
        ),
        (
            Optimizer("adam", 0.01),
            {"name": "adam", "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        ),
    ],
)
def test_to_dict_round_trips(optimizer, expected):
    assert optimizer.to_dict() == expected
    assert Optimizer(**expected) == optimizer


def test_unknown_optimizer_names_the_choices():
    with pytest.raises(KeyError, match="adam"):
        Optimizer("adagrad")


def regression_network(optimizer):
    """A seeded 2-3-1 tanh/linear network with mse: a simple problem every optimizer can fit."""
    layers = [LayerActivation.of("tanh"), LayerActivation.of("linear")]
    parameters = initial_parameters((2, 3, 1), layers, "xavier", np.random.default_rng(0))
    return Network((2, 3, 1), layers, "mse", optimizer, parameters, batch_size=8)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=IDS)
def test_a_few_steps_reduce_the_loss(optimizer):
    rng = np.random.default_rng(3)
    inputs = rng.normal(size=(8, 2))
    targets = (0.5 * inputs[:, :1] - 0.3 * inputs[:, 1:]) + 0.2
    network = regression_network(optimizer)
    losses = []
    for _ in range(10):
        backward = network.backward(network.forward(inputs), targets)
        losses.append(float(backward.losses.mean()))
        network.apply(*network.updated(backward.gradients))
    assert network.step_count == 10
    assert losses[-1] < losses[0]


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=IDS)
def test_step_moves_in_place_exactly_what_update_returns(optimizer):
    rng = np.random.default_rng(4)
    param, grad = rng.normal(size=5), rng.normal(size=5)
    state = {name: rng.uniform(0.0, 0.1, 5) for name in optimizer.state_names}
    new_param, new_state = optimizer.update(param, grad, state, 3)
    optimizer.step(param, grad, state, 3, scratch=(np.empty(5), np.empty(5)))
    np.testing.assert_array_equal(param, new_param)
    for name in optimizer.state_names:
        np.testing.assert_array_equal(state[name], new_state[name])

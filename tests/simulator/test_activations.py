"""Activations: every f' against central differences, softmax's Jacobian, prelu's alpha."""

import numpy as np
import pytest
from gradcheck import assert_gradcheck, gradcheck, numerical_gradient

from simulator.activations import (
    ACTIVATIONS,
    alpha_gradient_factor,
    get_activation,
    softmax_backward,
)

ELEMENTWISE = [name for name in ACTIVATIONS if name != "softmax"]
ALPHAS = {"leaky_relu": 0.2, "prelu": 0.3, "elu": 0.7}  # non-default, so alpha really is used


def away_from_kinks(shape, seed) -> np.ndarray:
    """Random z: (batch, n) with |z| >= 0.05, so relu-like kinks at 0 stay out of the +-eps."""
    z = np.random.default_rng(seed).normal(0.0, 2.0, shape)
    return np.where(np.abs(z) < 0.05, 0.05 + np.abs(z), z)


def test_every_activation_the_design_names_exists():
    names = {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "swish", "softmax"}
    assert set(ACTIVATIONS) == names


def test_checker_fails_when_eps_is_too_large():
    # f = sum z^3: the central difference is 3z^2 + eps^2, so a big eps must be caught.
    z = np.array([0.3, -1.2, 2.0])
    cube = lambda x: float(np.sum(x**3))
    assert gradcheck(cube, z, 3 * z**2, eps=1e-6)
    assert not gradcheck(cube, z, 3 * z**2, eps=0.5)
    with pytest.raises(AssertionError):
        assert_gradcheck(cube, z, 3 * z**2, eps=0.5)


def test_checker_fails_on_a_wrong_gradient():
    z = np.array([0.3, -1.2, 2.0])
    assert not gradcheck(lambda x: float(np.sum(x**3)), z, 2 * z**2)


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", [(1, 1), (4, 3)])
def test_derivative_matches_central_differences(name, shape):
    activation = get_activation(name)
    alpha = ALPHAS.get(name, 0.0)
    z = away_from_kinks(shape, seed=len(name) * 10 + shape[0])
    upstream = np.random.default_rng(1).normal(size=shape)  # a random dL/da to weigh outputs
    total = lambda x: float(np.sum(upstream * activation.forward(x, alpha)))
    derivative = activation.derivative(z, activation.forward(z, alpha), alpha)
    assert_gradcheck(total, z, upstream * derivative)


@pytest.mark.parametrize("width", [1, 2, 3, 6])
@pytest.mark.parametrize("batch", [1, 5])
def test_softmax_backward_is_the_jacobian(width, batch):
    softmax = get_activation("softmax")
    rng = np.random.default_rng(width * 7 + batch)
    z, upstream = rng.normal(size=(batch, width)), rng.normal(size=(batch, width))
    total = lambda x: float(np.sum(upstream * softmax.forward(x, 0.0)))
    assert_gradcheck(total, z, softmax_backward(softmax.forward(z, 0.0), upstream))


def test_softmax_derivative_is_the_jacobian_diagonal():
    softmax = get_activation("softmax")
    z = np.array([[0.5, -1.0, 2.0]])
    a = softmax.forward(z, 0.0)
    for j in range(3):
        only_j = lambda x, j=j: float(softmax.forward(x, 0.0)[0, j])
        numeric = numerical_gradient(only_j, z.copy())
        assert numeric[0, j] == pytest.approx(softmax.derivative(z, a, 0.0)[0, j], rel=1e-6)


def test_softmax_rows_sum_to_one_and_survive_large_z():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = get_activation("softmax").forward(np.array([[1000.0, 999.0, -1000.0]]), 0.0)
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    np.testing.assert_allclose(a[0, :2], [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))])


@pytest.mark.parametrize("alpha", [0.25, 0.01, 1.5])
def test_prelu_alpha_gradient_matches_central_differences(alpha):
    prelu = get_activation("prelu")
    z = away_from_kinks((3, 4), seed=5)
    upstream = np.random.default_rng(6).normal(size=z.shape)
    total = lambda x: float(np.sum(upstream * prelu.forward(z, float(x[()]))))
    analytic = np.sum(upstream * alpha_gradient_factor(z))
    assert_gradcheck(total, np.asarray(alpha), analytic)


@pytest.mark.parametrize("name", ["sigmoid", "swish"])
def test_sigmoid_family_does_not_overflow(name):
    z = np.array([[-1000.0, -30.0, 0.0, 30.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = get_activation(name).forward(z, 0.0)
    assert np.all(np.isfinite(a))


@pytest.mark.parametrize(
    "name, z, expected",
    [
        ("linear", -2.0, -2.0),
        ("sigmoid", 0.0, 0.5),
        ("sigmoid", 1.038, 1 / (1 + np.exp(-1.038))),
        ("tanh", 0.5, np.tanh(0.5)),
        ("relu", -2.0, 0.0),
        ("relu", 2.0, 2.0),
        ("leaky_relu", -2.0, -0.02),
        ("prelu", -2.0, -0.5),
        ("elu", -2.0, np.exp(-2.0) - 1.0),
        ("elu", 2.0, 2.0),
        ("swish", 1.0, 1 / (1 + np.exp(-1.0))),
    ],
)
def test_value_at_a_point_with_the_default_alpha(name, z, expected):
    activation = get_activation(name)
    alpha = activation.default_alpha or 0.0
    np.testing.assert_allclose(activation.forward(np.array([[z]]), alpha), [[expected]])


@pytest.mark.parametrize("name, largest", [("sigmoid", 0.25), ("tanh", 1.0), ("swish", 1.0998)])
def test_max_derivative_is_what_the_table_says(name, largest):
    # Seed 004's point: a sigmoid never passes back more than a quarter of the gradient.
    activation = get_activation(name)
    z = np.linspace(-10, 10, 200001)[None, :]
    derivative = activation.derivative(z, activation.forward(z, 0.0), 0.0)
    assert derivative.max() == pytest.approx(largest, abs=1e-4)
    assert float(activation.max_derivative) == pytest.approx(largest, abs=1e-2)


def test_unknown_activation_names_the_choices():
    with pytest.raises(KeyError, match="sigmoid"):
        get_activation("sigmod")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_writing_into_a_given_array_gives_the_same_numbers(name):
    activation, alpha = get_activation(name), ALPHAS.get(name, 0.0)
    z = np.random.default_rng(3).normal(0.0, 3.0, (4, 3))
    z[0] = [0.0, -0.0, -800.0]  # the kink, a signed zero and a value whose e^(-z) overflows
    a, slope = (
        activation.forward(z, alpha),
        activation.derivative(z, activation.forward(z, alpha), alpha),
    )
    into_a, into_slope = np.empty_like(z), np.empty_like(z)
    with np.errstate(over="ignore"):
        assert activation.forward(z, alpha, out=into_a) is into_a
        assert activation.derivative(z, a, alpha, out=into_slope) is into_slope
    np.testing.assert_array_equal(into_a, a)
    np.testing.assert_array_equal(into_slope, slope)

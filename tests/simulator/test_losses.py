"""Losses: values against hand-written sums, gradients against central differences."""

import math

import numpy as np
import pytest
from gradcheck import assert_gradcheck

from simulator.activations import get_activation, softmax_backward
from simulator.losses import LOSSES, get_loss


def outputs_and_targets(name, batch, width, seed):
    """Outputs a in (0.05, 0.95) and targets that suit the loss: (batch, width) each."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.05, 0.95, (batch, width))
    if name == "mse":
        return a, rng.normal(size=(batch, width))
    if name == "bce":
        return a, rng.integers(0, 2, (batch, width)).astype(float)
    return a, np.eye(width)[rng.integers(0, width, batch)]


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("width", [1, 2, 3, 5])
@pytest.mark.parametrize("batch", [1, 4])
def test_gradient_matches_central_differences(name, width, batch):
    loss = get_loss(name)
    a, y = outputs_and_targets(name, batch, width, seed=width * 10 + batch)
    # Each sample's loss depends only on its own row, so the sum's gradient is every row's.
    total = lambda x: float(np.sum(loss.value(x, y)))
    assert_gradcheck(total, a, loss.gradient(a, y))


@pytest.mark.parametrize("width", [2, 3, 5])
def test_cce_through_softmax_gives_a_minus_y(width):
    # The reason softmax and cce are paired: dL/dz collapses to p - y.
    rng = np.random.default_rng(width)
    z = rng.normal(size=(3, width))
    y = np.eye(width)[rng.integers(0, width, 3)]
    softmax, cce = get_activation("softmax"), get_loss("cce")
    p = softmax.forward(z, 0.0)
    np.testing.assert_allclose(softmax_backward(p, cce.gradient(p, y)), p - y, atol=1e-12)
    total = lambda x: float(np.sum(cce.value(softmax.forward(x, 0.0), y)))
    assert_gradcheck(total, z, p - y)


def test_mse_is_the_mean_over_output_units():
    a, y = np.array([[0.2, 0.9, 0.5]]), np.array([[0.0, 1.0, 1.5]])
    expected = (0.2**2 + 0.1**2 + 1.0**2) / 3
    assert get_loss("mse").value(a, y)[0] == pytest.approx(expected)


def test_bce_is_the_mean_over_output_units():
    a, y = np.array([[0.738, 0.3]]), np.array([[1.0, 0.0]])
    expected = -(math.log(0.738) + math.log(0.7)) / 2
    assert get_loss("bce").value(a, y)[0] == pytest.approx(expected)


def test_cce_sums_over_output_units():
    a, y = np.array([[0.7, 0.2, 0.1]]), np.array([[0.0, 1.0, 0.0]])
    assert get_loss("cce").value(a, y)[0] == pytest.approx(-math.log(0.2))


def test_notes_bce_loss_and_its_gradient():
    # Seed 003: O = 0.738, y = 1, L = -log(O) = 0.303; dL/dO = -1/O = -1.354 (not -0.262).
    a, y = np.array([[0.738]]), np.array([[1.0]])
    bce = get_loss("bce")
    assert bce.value(a, y)[0] == pytest.approx(0.3038, abs=1e-4)
    assert bce.gradient(a, y)[0, 0] == pytest.approx(-1.3550, abs=1e-4)


def test_one_loss_per_sample():
    for name in LOSSES:
        a, y = outputs_and_targets(name, 6, 3, seed=0)
        assert get_loss(name).value(a, y).shape == (6,)
        assert get_loss(name).gradient(a, y).shape == (6, 3)


@pytest.mark.parametrize("name", ["bce", "cce"])
def test_saturated_outputs_stay_finite(name):
    a, y = np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
    loss = get_loss(name)
    assert np.isfinite(loss.value(a, y)).all()
    assert np.isfinite(loss.gradient(a, y)).all()


def test_unknown_loss_names_the_choices():
    with pytest.raises(KeyError, match="mse"):
        get_loss("hinge")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_gradient_written_into_a_given_array_is_the_same(name):
    a, y = outputs_and_targets(name, 4, 3, seed=2)
    a[0, 0], a[1, 1] = 0.0, 1.0  # clipped ends
    into = np.empty_like(a)
    with np.errstate(divide="ignore"):
        assert get_loss(name).gradient(a, y, out=into) is into
        np.testing.assert_array_equal(into, get_loss(name).gradient(a, y))

"""The loss over one weight, the others held: the network's own numbers, and seed 000's lesson."""

import numpy as np
import pytest

from simulator.weight_slice import (
    default_key,
    descent,
    loss_and_slope,
    parameter_keys,
    weight_slice,
)
from simulator.workspace import Workspace


@pytest.fixture(scope="module")
def xor():
    return Workspace.open("xor")


def test_the_slice_at_w_old_is_the_networks_loss_and_gradient(xor):
    network, data = xor.network, xor.data
    backward = network.backward(network.forward(data.inputs), data.targets)
    cut = weight_slice(network, data, "W[2,1,3]")
    assert cut.w_old == network.weight(2)[0, 2]
    assert cut.loss_old == pytest.approx(backward.losses.mean(), rel=1e-15)
    assert cut.slope == backward.gradients["W2"][0, 2]


def test_the_slope_is_the_curves_own_central_difference(xor):
    network, data = xor.network, xor.data
    w, h = float(network.parameter_values()["b[1,2]"]), 1e-6
    above = loss_and_slope(network, data, "b[1,2]", w + h)[0]
    below = loss_and_slope(network, data, "b[1,2]", w - h)[0]
    slope = loss_and_slope(network, data, "b[1,2]", w)[1]
    assert slope == pytest.approx((above - below) / (2 * h), rel=1e-6)


def test_the_curve_holds_the_loss_at_each_grid_value(xor):
    network, data = xor.network, xor.data
    cut = weight_slice(network, data, default_key(network), points=11)
    for w, loss in zip(cut.weights, cut.losses):
        assert loss == loss_and_slope(network, data, cut.key, w)[0]
    assert network.parameter_values()[cut.key] == cut.w_old  # the network is left alone


def test_each_step_is_w_new_equals_w_old_minus_eta_times_the_slope(xor):
    steps = descent(xor.network, xor.data, "W[1,2,1]", 0.5, steps=5)
    for k in range(5):
        assert steps.weights[k + 1] == steps.weights[k] - 0.5 * steps.slopes[k]
        assert (steps.weights[k + 1] > steps.weights[k]) == (steps.slopes[k] < 0)


def test_xor_small_is_slow_good_converges_too_large_overshoots(xor):
    key = default_key(xor.network)
    outcomes = [descent(xor.network, xor.data, key, eta).outcome for eta in (0.01, 0.5, 10)]
    assert outcomes == ["descending", "converged", "overshooting"]
    bouncing = descent(xor.network, xor.data, key, 10)
    assert np.sign(bouncing.slopes[-1]) != np.sign(bouncing.slopes[-2])
    assert bouncing.losses[-1] > bouncing.losses[0]  # never converges: worse than at the start


def test_the_curve_spans_every_step_that_stays_near(xor):
    key = default_key(xor.network)
    steps = [descent(xor.network, xor.data, key, eta) for eta in (0.5, 10)]
    cut = weight_slice(xor.network, xor.data, key, steps)
    visited = [w for one in steps for w in one.weights]
    assert cut.weights[0] < min(visited) and cut.weights[-1] > max(visited)


def test_a_runaway_descent_stops_at_the_first_non_finite_loss():
    from simulator.datasets import Dataset
    from simulator.network import LayerActivation, Network
    from simulator.optimizers import Optimizer

    parameters = {"W1": np.array([[0.5]]), "b1": np.array([0.0])}
    network = Network([1, 1], [LayerActivation.of("linear")], "mse", Optimizer("sgd"), parameters)
    data = Dataset([[30.0], [-20.0]], [[1.0], [0.5]])
    steps = descent(network, data, "W[1,1,1]", 10.0, steps=400)
    assert steps.outcome == "diverged" and len(steps.weights) < 401
    assert all(np.isfinite(steps.losses))


def test_parameter_keys_list_weights_then_biases(xor):
    keys = parameter_keys(xor.network)
    assert keys[0] == "W[1,1,1]" and keys[-1] == "b[2,1]" and len(keys) == 17


def test_the_tangent_touches_the_curve_at_w_old_with_the_slope(xor):
    cut = weight_slice(xor.network, xor.data, default_key(xor.network))
    ws, losses = cut.tangent(0.5)
    assert (losses[1] - losses[0]) / (ws[1] - ws[0]) == pytest.approx(cut.slope)
    assert (losses[0] + losses[1]) / 2 == pytest.approx(cut.loss_old)
    assert cut.slope < 0 and "w_new = w_old - eta*(-ve) > w_old" in cut.direction
    assert cut.lowest[1] == cut.losses.min() and cut.lowest[0] > cut.w_old

"""The loss as a function of one weight, the others held: seed 000's picture of gradient descent.

The notes draw the loss against a weight w as a bowl, the tangent at w_old whose slope dL/dw
decides the direction (a negative slope makes w_new = w_old + eta*|slope| > w_old, a positive one
w_new < w_old), and the global minimum where the slope is 0 and w_new = w_old. "eta = large
value: it may never converge": a step too long jumps over the minimum to the other wall.

Here every number is the network's own: the loss is the mean loss over the data (as an epoch of
full-batch training sees it) with one weight or bias set to each value of a grid, and the slope is
the backward pass's dL/dw. `descent` takes the steps w_new = w_old - eta * slope on that slice
alone and says how they end.
"""

import copy
from dataclasses import dataclass

import numpy as np

from simulator.keys import Key
from simulator.losses import get_loss

STEPS = 40  # descent steps drawn per learning rate
GRID = 201  # points of the loss curve
SETTLED = 0.01  # a slope this small a share of the first one has reached the minimum
TURNS = 0.6  # share of the last steps whose slope changed sign: bouncing over the minimum
REACH = 10.0  # the curve spans the steps' range, at most this far on either side of w_old
OUTCOMES = ("converged", "overshooting", "descending", "diverged")


@dataclass(frozen=True)
class Descent:
    """The steps of one learning rate on the slice: w_0 = w_old, then each w_new."""

    learning_rate: float
    weights: tuple  # w_0 .. w_n
    losses: tuple  # the loss at each w
    slopes: tuple  # dL/dw at each w
    outcome: str  # one of OUTCOMES

    def __repr__(self) -> str:
        return f"Descent(eta {self.learning_rate}, {len(self.weights) - 1} steps, {self.outcome})"

    @property
    def sentence(self) -> str:
        """The outcome in the notes' words."""
        return {
            "converged": "reaches the minimum, where the slope is 0 and w_new = w_old",
            "overshooting": "jumps over the minimum from wall to wall: it never converges",
            "descending": "still walks down the slope: each step is small, it is slow",
            "diverged": "leaves for ever larger losses until the numbers overflow",
        }[self.outcome]


@dataclass(frozen=True)
class WeightSlice:
    """The loss over a grid of one parameter's values, the others held as they are."""

    key: str  # 'W[2,1,1]' or 'b[2,1]'
    weights: np.ndarray  # (GRID,) values of the parameter
    losses: np.ndarray  # (GRID,) the mean loss at each
    w_old: float
    loss_old: float
    slope: float  # dL/dw at w_old: the tangent's slope

    def __repr__(self) -> str:
        return f"WeightSlice({self.key} = {self.w_old:.4g}, slope {self.slope:.4g})"

    @property
    def lowest(self) -> tuple[float, float]:
        """(w, loss) of the curve's lowest point: the minimum on this slice."""
        index = int(np.argmin(self.losses))
        return float(self.weights[index]), float(self.losses[index])

    def tangent(self, half_width: float) -> tuple[tuple, tuple]:
        """The tangent at w_old from w_old - half_width to w_old + half_width: (ws, losses)."""
        ws = (self.w_old - half_width, self.w_old + half_width)
        return ws, tuple(self.loss_old + self.slope * (w - self.w_old) for w in ws)

    @property
    def direction(self) -> str:
        """Seed 000's reading of the slope's sign: which way w_new = w_old - eta*slope moves."""
        if self.slope < 0:
            return "the slope is negative, so w_new = w_old - eta*(-ve) > w_old: w moves right"
        if self.slope > 0:
            return "the slope is positive, so w_new = w_old - eta*(+ve) < w_old: w moves left"
        return "the slope is 0: w_new = w_old, w is at a minimum"


def parameter_keys(network) -> list:
    """Every weight and bias key of the network, weights first, layer by layer."""
    kinds = [(key, Key.parse(key).kind) for key in network.parameter_values()]
    return [key for key, kind in kinds if kind == "W"] + [key for key, kind in kinds if kind == "b"]


def default_key(network) -> str:
    """The output neuron's bias: its slice is the steepest bowl (it moves every sample's output
    at once), so a too-large eta visibly overshoots there."""
    return str(Key("b", (network.depth, 1)))


def loss_and_slope(network, data, key: str, value: float) -> tuple[float, float]:
    """The mean loss over `data` and dL/dw, with the parameter `key` set to `value`."""
    return _Probe(network, key).loss_and_slope(data, value)


def descent(network, data, key: str, learning_rate: float, steps: int = STEPS) -> Descent:
    """w_new = w_old - eta * slope, `steps` times along the slice; stops at a non-finite loss."""
    probe = _Probe(network, key)
    w = probe.w_old
    weights, losses, slopes = [], [], []
    for _ in range(steps + 1):
        loss, slope = probe.loss_and_slope(data, w)
        if not (np.isfinite(loss) and np.isfinite(slope) and np.isfinite(w)):
            return Descent(learning_rate, tuple(weights), tuple(losses), tuple(slopes), "diverged")
        weights.append(w), losses.append(loss), slopes.append(slope)
        w = w - learning_rate * slope
    return Descent(learning_rate, *map(tuple, (weights, losses, slopes)), _outcome(slopes))


def _outcome(slopes: list) -> str:
    """How the steps end: settled at the minimum, bouncing over it, or still going down."""
    if abs(slopes[-1]) <= SETTLED * abs(slopes[0]):
        return "converged"  # the steps have all but stopped: w_new = w_old
    recent = slopes[len(slopes) // 2 :]
    turns = sum((a > 0) != (b > 0) for a, b in zip(recent, recent[1:]))
    return "overshooting" if turns >= TURNS * (len(recent) - 1) else "descending"


def weight_slice(network, data, key: str, descents=(), points: int = GRID) -> WeightSlice:
    """The loss over a grid around w_old wide enough to hold every descent's steps."""
    probe = _Probe(network, key)
    w_old = probe.w_old
    loss_old, slope = probe.loss_and_slope(data, w_old)
    low, high = _span(w_old, descents)
    weights = np.linspace(low, high, points)
    # The curve's hundreds of points need the loss alone: the forward pass, no slope.
    losses = np.array([probe.mean_loss(data, w) for w in weights])
    return WeightSlice(key, weights, losses, w_old, loss_old, slope)


def _span(w_old: float, descents) -> tuple[float, float]:
    """From the lowest to the highest w the steps visit (no farther than REACH from w_old), with
    a margin; at least w_old +- 1."""
    visited = [w_old] + [w for d in descents for w in d.weights if abs(w - w_old) <= REACH]
    low, high = min(visited), max(visited)
    low, high = min(low, w_old - 1.0), max(high, w_old + 1.0)
    margin = (high - low) * 0.1
    return low - margin, high + margin


class _Probe:
    """A copy of `network` whose parameter `key` is set in place, value after value (the
    caller's network is left alone).

    Shallow, for the passes only: a slice evaluates hundreds of values, and the forward and
    backward passes read the parameters without changing anything (optimizer state and
    progress are shared, never updated); only the probed array is the probe's own."""

    def __init__(self, network, key: str):
        parsed = Key.parse(key)
        self.name, self.index = parsed.array_name, parsed.array_index
        self.array = np.array(network.parameters[self.name], dtype=float)
        self.w_old = float(self.array[self.index])  # the value the network holds
        self.network = copy.copy(network)
        self.network.parameters = {**network.parameters, self.name: self.array}

    def __repr__(self) -> str:
        return f"_Probe({self.name}{list(self.index)})"

    def loss_and_slope(self, data, value: float) -> tuple[float, float]:
        """The mean loss over `data` and dL/dw at w = `value`."""
        self.array[self.index] = value
        with np.errstate(all="ignore"):
            backward = self.network.backward(self.network.forward(data.inputs), data.targets)
        return float(backward.losses.mean()), float(backward.gradients[self.name][self.index])

    def mean_loss(self, data, value: float) -> float:
        """The mean loss over `data` at w = `value`, from the forward pass alone."""
        self.array[self.index] = value
        with np.errstate(all="ignore"):
            outputs = self.network.predict(data.inputs)
            return float(get_loss(self.network.loss).value(outputs, data.targets).mean())

"""Loss functions over one sample's output: value, dL/da and formula text side by side.

`value` and `gradient` take a: (batch, n_out) and y: (batch, n_out) and return one loss per
sample: (batch,), and dL/da per sample: (batch, n_out), written into `out` when one is given (as
training does). The batch mean is taken by the caller.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# Outputs are clipped this far from 0 and 1 so log() and 1/a stay finite.
EPSILON = 1e-15
# How far a cce target row may add up away from 1 and still count as class probabilities.
PROBABILITY_SUM_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Loss:
    """A loss: per-sample value, its gradient w.r.t. the output activations, its formulas."""

    name: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[..., np.ndarray]  # dL/da given (a, y, out=None)
    formula: str
    term: str  # one output's share of L, over {y} and {a}
    gradient_term: str  # dL/da_j before averaging over the n outputs, over {y} and {a}
    averaged: bool  # True when the terms are averaged over the outputs (mse, bce)

    def __repr__(self) -> str:
        return f"Loss({self.name})"


def _clip(a: np.ndarray, out=None) -> np.ndarray:
    # np.clip's own result, as two plain ufuncs that can write into `out`.
    return np.minimum(np.maximum(a, EPSILON, out=out), 1.0 - EPSILON, out=out)


def _mse(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.mean((y - a) ** 2, axis=-1)


def _mse_gradient(a: np.ndarray, y: np.ndarray, out=None) -> np.ndarray:
    gradient = np.multiply(np.subtract(a, y, out=out), 2.0, out=out)
    gradient /= a.shape[-1]
    return gradient


def _bce(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    a = _clip(a)
    return np.mean(-(y * np.log(a) + (1.0 - y) * np.log(1.0 - a)), axis=-1)


def _bce_gradient(a: np.ndarray, y: np.ndarray, out=None) -> np.ndarray:
    # d/da of -(y log a + (1-y) log(1-a)) is -(y/a - (1-y)/(1-a)), averaged over the n outputs.
    a = _clip(a)
    gradient = np.divide(y, a, out=out)
    gradient -= np.divide(1.0 - y, np.subtract(1.0, a, out=a), out=a)
    np.negative(gradient, out=gradient)
    gradient /= a.shape[-1]
    return gradient


def _cce(a: np.ndarray, y: np.ndarray) -> np.ndarray:
    return -np.sum(y * np.log(_clip(a)), axis=-1)


def _cce_gradient(a: np.ndarray, y: np.ndarray, out=None) -> np.ndarray:
    return np.divide(np.negative(y, out=out), _clip(a), out=out)


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "mse",
            _mse,
            _mse_gradient,
            "L = (1/n) sum_j (y_j - a_j)^2",
            "({y} - {a})^2",
            "2*({a} - {y})",
            True,
        ),
        Loss(
            "bce",
            _bce,
            _bce_gradient,
            "L = -(1/n) sum_j [y_j log a_j + (1-y_j) log(1-a_j)]",
            "-({y}*log({a}) + (1-{y})*log(1-{a}))",
            "-({y}/{a} - (1-{y})/(1-{a}))",
            True,
        ),
        Loss(
            "cce",
            _cce,
            _cce_gradient,
            "L = -sum_j y_j log a_j",
            "-{y}*log({a})",
            "-{y}/{a}",
            False,
        ),
    )
}


def target_problem(name: str, targets: np.ndarray) -> tuple[int, str] | None:
    """The first row (0-based) of targets: (n, n_out) that the loss cannot compare outputs with,
    and what it expects there; None when every row fits.

    bce is a log-likelihood of probabilities: a target of 1.5 gives a negative loss and a
    meaningless accuracy. cce compares a softmax with a class distribution: each row is a set of
    class probabilities (one-hot for a labelled sample).
    """
    if name == "bce":
        bad = np.any((targets < 0.0) | (targets > 1.0), axis=1)
        expected = "lie between 0 and 1 (bce compares probabilities)"
    elif name == "cce":
        sums = targets.sum(axis=1)
        bad = np.any(targets < 0.0, axis=1) | (np.abs(sums - 1.0) > PROBABILITY_SUM_TOLERANCE)
        expected = "be class probabilities for cce: each at least 0, adding up to 1, e.g. [0, 1, 0]"
    else:
        return None
    rows = np.flatnonzero(bad)
    return (int(rows[0]), expected) if rows.size else None


def get_loss(name: str) -> Loss:
    """The loss called `name`; KeyError names the choices."""
    if name not in LOSSES:
        raise KeyError(f"unknown loss '{name}', expected one of {', '.join(LOSSES)}")
    return LOSSES[name]

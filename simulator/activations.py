"""Activation functions: each keeps f, f' and its formula text together, as the notes teach them.

Every `forward`/`derivative` takes z: (batch, n) and the layer's alpha (ignored where unused) and
works elementwise, except softmax, whose derivative is a Jacobian (see `softmax_backward`).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Activation:
    """One activation: its maths, its formula text and the facts the notes tabulate."""

    name: str
    forward: Callable[..., np.ndarray]  # f(z, alpha, out=None)
    derivative: Callable[..., np.ndarray]  # f'(z) given (z, a, alpha, out=None)
    formula: str  # f written with {z} for the weighted sum, e.g. "1/(1+e^(-{z}))"
    # f' written with {z}, {a} and {alpha}; a piecewise one as maths writes a case,
    # "1 if {z} > 0, 0 otherwise" (simulator/formula.py evaluates that form)
    derivative_formula: str
    value_range: str
    max_derivative: str
    zero_centred: bool
    default_alpha: float | None = None
    learned_alpha: bool = False

    def __repr__(self) -> str:
        return f"Activation({self.name})"


def _sigmoid(z: np.ndarray, alpha: float = 0.0, out=None) -> np.ndarray:
    # e^(-|z|) never overflows: 1/(1+e^(-z)) for z >= 0 and e^z/(1+e^z) below, the same value.
    exp_minus = np.abs(z)
    np.exp(np.negative(exp_minus, out=exp_minus), out=exp_minus)
    numerator = np.where(z < 0, exp_minus, 1.0)
    return np.divide(numerator, np.add(exp_minus, 1.0, out=exp_minus), out=out)


def _softmax(z: np.ndarray, alpha: float = 0.0, out=None) -> np.ndarray:
    # Subtracting the row max changes nothing mathematically and keeps e^z finite.
    shifted = np.exp(np.subtract(z, z.max(axis=-1, keepdims=True), out=out), out=out)
    shifted /= shifted.sum(axis=-1, keepdims=True)
    return shifted


def _filled(z: np.ndarray, value: float, out=None) -> np.ndarray:
    """An array shaped like z holding `value`: `out` when given, else a new one."""
    if out is None:
        return np.full(np.shape(z), float(value))
    out.fill(value)
    return out


def _where_positive(z: np.ndarray, value, otherwise: np.ndarray) -> np.ndarray:
    """`value` where z > 0, else `otherwise`, written into `otherwise`."""
    np.copyto(otherwise, value, where=z > 0)
    return otherwise


# Each f and f' takes an optional `out` array to write into (training reuses its arrays); without
# one they return a new array. The same expression either way, so the same numbers.
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "linear",
            lambda z, alpha=0.0, out=None: np.positive(z, out=out),
            lambda z, a, alpha, out=None: _filled(z, 1.0, out),
            "{z}",
            "1",
            "(-inf, inf)",
            "1",
            True,
        ),
        Activation(
            "sigmoid",
            _sigmoid,
            lambda z, a, alpha, out=None: np.multiply(a, np.subtract(1.0, a, out=out), out=out),
            "1/(1+e^(-{z}))",
            "{a}*(1-{a})",
            "(0, 1)",
            "0.25",
            False,
        ),
        Activation(
            "tanh",
            lambda z, alpha=0.0, out=None: np.tanh(z, out=out),
            lambda z, a, alpha, out=None: np.subtract(1.0, np.multiply(a, a, out=out), out=out),
            "tanh({z})",
            "1-{a}^2",
            "(-1, 1)",
            "1",
            True,
        ),
        Activation(
            "relu",
            lambda z, alpha=0.0, out=None: np.maximum(z, 0.0, out=out),
            lambda z, a, alpha, out=None: np.add(z > 0, 0.0, out=out),
            "max(0, {z})",
            "1 if {z} > 0, 0 otherwise",
            "[0, inf)",
            "1 (0 or 1)",
            False,
        ),
        Activation(
            "leaky_relu",
            lambda z, alpha, out=None: _where_positive(z, z, np.multiply(z, alpha, out=out)),
            lambda z, a, alpha, out=None: _where_positive(z, 1.0, _filled(z, alpha, out)),
            "{z} if {z} > 0, {alpha}*{z} otherwise",
            "1 if {z} > 0, {alpha} otherwise",
            "(-inf, inf)",
            "1 (alpha or 1)",
            False,
            default_alpha=0.01,
        ),
        Activation(
            "prelu",
            lambda z, alpha, out=None: _where_positive(z, z, np.multiply(z, alpha, out=out)),
            lambda z, a, alpha, out=None: _where_positive(z, 1.0, _filled(z, alpha, out)),
            "{z} if {z} > 0, {alpha}*{z} otherwise",
            "1 if {z} > 0, {alpha} otherwise",
            "(-inf, inf)",
            "1 (alpha or 1)",
            False,
            default_alpha=0.25,
            learned_alpha=True,
        ),
        Activation(
            "elu",
            lambda z, alpha, out=None: _where_positive(
                z, z, np.multiply(np.expm1(np.minimum(z, 0.0, out=out), out=out), alpha, out=out)
            ),
            lambda z, a, alpha, out=None: _where_positive(z, 1.0, np.add(a, alpha, out=out)),
            "{z} if {z} > 0, {alpha}*(e^{z}-1) otherwise",
            "1 if {z} > 0, {a}+{alpha} otherwise",
            "(-alpha, inf)",
            "1",
            True,
            default_alpha=1.0,
        ),
        Activation(
            # swish'(z) = s + z*s*(1-s) with s = sigmoid(z), i.e. a + s*(1-a).
            "swish",
            lambda z, alpha=0.0, out=None: np.multiply(z, _sigmoid(z, out=out), out=out),
            lambda z, a, alpha, out=None: np.add(
                a, np.multiply(_sigmoid(z, out=out), 1.0 - a, out=out), out=out
            ),
            "{z}/(1+e^(-{z}))",
            "{a}+s*(1-{a}), s = 1/(1+e^(-{z}))",
            "[-0.278, inf)",
            "1.1",
            False,
        ),
        Activation(
            "softmax",
            _softmax,
            lambda z, a, alpha, out=None: np.multiply(a, np.subtract(1.0, a, out=out), out=out),
            "e^{z}/sum_k e^z_k",
            "{a}*(1-{a}) on the diagonal",
            "(0, 1)",
            "0.25 (per class)",
            False,
        ),
    )
}


def get_activation(name: str) -> Activation:
    """The activation called `name`; KeyError names the choices."""
    if name not in ACTIVATIONS:
        raise KeyError(f"unknown activation '{name}', expected one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def alpha_gradient_factor(z: np.ndarray) -> np.ndarray:
    """d a / d alpha for prelu: z where z <= 0, else 0 (alpha only scales the negative side)."""
    return np.where(z > 0, 0.0, z)


def softmax_backward(a: np.ndarray, grad_a: np.ndarray, out=None) -> np.ndarray:
    """dL/dz for softmax: the Jacobian diag(a) - a a^T applied to dL/da, row by row.

    dL/dz_j = a_j * (dL/da_j - sum_k a_k dL/da_k); with cce this becomes a - y.
    """
    weighted = np.sum(np.multiply(a, grad_a, out=out), axis=-1, keepdims=True)
    return np.multiply(a, np.subtract(grad_a, weighted, out=out), out=out)

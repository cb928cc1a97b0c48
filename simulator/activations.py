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
    forward: Callable[[np.ndarray, float], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray, float], np.ndarray]  # f'(z) given z, a, alpha
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


def _sigmoid(z: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    # Split by sign so e^(-z) never overflows for large negative z.
    out = np.empty_like(z, dtype=float)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    exp_z = np.exp(z[~positive])
    out[~positive] = exp_z / (1.0 + exp_z)
    return out


def _softmax(z: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    # Subtracting the row max changes nothing mathematically and keeps e^z finite.
    shifted = np.exp(z - z.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _elu(z: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "linear",
            lambda z, alpha=0.0: z.copy(),
            lambda z, a, alpha: np.ones_like(z),
            "{z}",
            "1",
            "(-inf, inf)",
            "1",
            True,
        ),
        Activation(
            "sigmoid",
            _sigmoid,
            lambda z, a, alpha: a * (1.0 - a),
            "1/(1+e^(-{z}))",
            "{a}*(1-{a})",
            "(0, 1)",
            "0.25",
            False,
        ),
        Activation(
            "tanh",
            lambda z, alpha=0.0: np.tanh(z),
            lambda z, a, alpha: 1.0 - a * a,
            "tanh({z})",
            "1-{a}^2",
            "(-1, 1)",
            "1",
            True,
        ),
        Activation(
            "relu",
            lambda z, alpha=0.0: np.maximum(z, 0.0),
            lambda z, a, alpha: (z > 0).astype(float),
            "max(0, {z})",
            "1 if {z} > 0, 0 otherwise",
            "[0, inf)",
            "1 (0 or 1)",
            False,
        ),
        Activation(
            "leaky_relu",
            lambda z, alpha: np.where(z > 0, z, alpha * z),
            lambda z, a, alpha: np.where(z > 0, 1.0, alpha),
            "{z} if {z} > 0, {alpha}*{z} otherwise",
            "1 if {z} > 0, {alpha} otherwise",
            "(-inf, inf)",
            "1 (alpha or 1)",
            False,
            default_alpha=0.01,
        ),
        Activation(
            "prelu",
            lambda z, alpha: np.where(z > 0, z, alpha * z),
            lambda z, a, alpha: np.where(z > 0, 1.0, alpha),
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
            _elu,
            lambda z, a, alpha: np.where(z > 0, 1.0, a + alpha),
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
            lambda z, alpha=0.0: z * _sigmoid(z),
            lambda z, a, alpha: a + _sigmoid(z) * (1.0 - a),
            "{z}/(1+e^(-{z}))",
            "{a}+s*(1-{a}), s = 1/(1+e^(-{z}))",
            "[-0.278, inf)",
            "1.1",
            False,
        ),
        Activation(
            "softmax",
            _softmax,
            lambda z, a, alpha: a * (1.0 - a),
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


def softmax_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """dL/dz for softmax: the Jacobian diag(a) - a a^T applied to dL/da, row by row.

    dL/dz_j = a_j * (dL/da_j - sum_k a_k dL/da_k); with cce this becomes a - y.
    """
    weighted = np.sum(a * grad_a, axis=-1, keepdims=True)
    return a * (grad_a - weighted)

"""A small central-difference gradient checker, the tests' independent oracle for f'.

Like early tinygrad's gradcheck: nudge one element at a time by +-eps, difference the scalar
function, and compare with the analytic gradient. Its own test shows it fails when eps is too
large, so a pass means something.
"""

import numpy as np

EPS = 1e-6
RTOL = 1e-5
ATOL = 1e-7


def numerical_gradient(function, x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """d function / d x by central differences: (f(x + eps) - f(x - eps)) / (2 eps) per element.

    `function` maps an array shaped like x to a scalar; x is changed in place and restored.
    """
    gradient = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = function(x)
        x[index] = original - eps
        minus = function(x)
        x[index] = original
        gradient[index] = (plus - minus) / (2.0 * eps)
    return gradient


def gradcheck(function, x, analytic, eps=EPS, rtol=RTOL, atol=ATOL) -> bool:
    """True when `analytic` (shaped like x) matches the central-difference gradient at x."""
    numeric = numerical_gradient(function, np.array(x, dtype=float), eps)
    return bool(np.allclose(analytic, numeric, rtol=rtol, atol=atol))


def assert_gradcheck(function, x, analytic, eps=EPS, rtol=RTOL, atol=ATOL) -> None:
    """Like `gradcheck`, but on failure show both gradients side by side."""
    numeric = numerical_gradient(function, np.array(x, dtype=float), eps)
    np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol)

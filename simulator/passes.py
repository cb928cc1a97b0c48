"""Forward and backward propagation, written once, into arrays the caller hands in.

`Network.forward` and `backward` call these with new arrays, so the trace keeps every
intermediate; training calls them with arrays allocated once per batch size and gradients that
are views of one flat vector, so a mini-batch allocates almost nothing. One order of operations
either way, so stepping through and training give the same numbers bit for bit.

Both passes run over a plan (`plan_pass`): per layer, its activation's f and f', its parameters
and the arrays it fills, looked up once. The trace plans each pass it makes; training plans once
per batch size and runs the same plan for every mini-batch, so no batch looks anything up.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.activations import (
    Activation,
    alpha_gradient_factor,
    get_activation,
    softmax_backward,
)


@dataclass(frozen=True)
class LayerMaths:
    """One layer with its activation looked up and its parameter names spelled, once."""

    activation: Activation
    weight: str  # 'W2'
    bias: str  # 'b2'
    alpha: str | None  # 'alpha2' when the alpha is learned (prelu), else None
    fixed_alpha: float  # leaky_relu's and elu's alpha, used when `alpha` is None


def layer_maths(network) -> tuple:
    """The LayerMaths of layers 1..L of `network`."""
    layers = []
    for layer, chosen in enumerate(network.activations, start=1):
        learned = f"alpha{layer}" if f"alpha{layer}" in network.parameters else None
        layers.append(
            LayerMaths(get_activation(chosen.name), f"W{layer}", f"b{layer}", learned, chosen.alpha)
        )
    return tuple(layers)


@dataclass(frozen=True)
class PassArrays:
    """Where one pass over a batch writes: z, a, dL/da and dL/dz for layers 1..L, (batch, n_l)."""

    weighted_sums: tuple
    activations: tuple
    grad_activations: tuple
    grad_weighted_sums: tuple

    @classmethod
    def allocate(cls, sizes, batch: int) -> "PassArrays":
        """New, uninitialised arrays for a batch of `batch` samples through layers of `sizes`."""
        return cls(*(tuple(np.empty((batch, n)) for n in sizes[1:]) for _ in range(4)))


@dataclass(frozen=True, slots=True)
class LayerPass:
    """What one layer's passes read and write, looked up once: its maths, its parameters (and
    where their batch means go), its arrays for a batch of (batch, n_l). Slots, not a dict or a
    named tuple: Python reads a slot fastest, and the passes read these in every mini-batch."""

    layer: int  # l, 1-based
    forward: Callable  # f(z, alpha, out)
    derivative: Callable | None  # f'(z, a, alpha, out); None for softmax, whose outputs couple
    weight: np.ndarray  # W[l]: (n_l, n_{l-1})
    weight_t: np.ndarray  # W[l]^T, a view of it
    bias: np.ndarray  # b[l]: (n_l,)
    fixed_alpha: float  # leaky_relu's and elu's alpha
    alpha: np.ndarray | None  # prelu's learned alpha (0-d); None where the alpha is fixed
    weighted_sum: np.ndarray  # z[l]
    activation: np.ndarray  # a[l]
    grad_activation: np.ndarray  # dL/da[l]
    grad_weighted_sum: np.ndarray  # dL/dz[l]
    grad_weighted_sum_t: np.ndarray  # dL/dz[l]^T, a view of it
    previous: np.ndarray | None  # a[l-1]; None for layer 1, which reads each batch's inputs
    grad_previous: np.ndarray | None  # dL/da[l-1]; None for layer 1
    grad_weight: np.ndarray | None  # where the batch means go; None in a forward-only plan
    grad_bias: np.ndarray | None
    grad_alpha: np.ndarray | None  # prelu's dL/dalpha (0-d), else None


def plan_pass(layers, parameters: dict, arrays: PassArrays, gradients=None) -> tuple:
    """The LayerPass of each of `layers` (LayerMaths) over `parameters` and `arrays`; with
    `gradients` (name -> array to fill) a plan for the backward pass too."""
    plan = []
    for index, maths in enumerate(layers):
        weight, grad_z = parameters[maths.weight], arrays.grad_weighted_sums[index]
        plan.append(
            LayerPass(
                index + 1,
                maths.activation.forward,
                None if maths.activation.name == "softmax" else maths.activation.derivative,
                weight,
                weight.T,
                parameters[maths.bias],
                maths.fixed_alpha,
                parameters[maths.alpha] if maths.alpha else None,
                arrays.weighted_sums[index],
                arrays.activations[index],
                arrays.grad_activations[index],
                grad_z,
                grad_z.T,
                arrays.activations[index - 1] if index else None,
                arrays.grad_activations[index - 1] if index else None,
                *_gradient_arrays(maths, gradients),
            )
        )
    return tuple(plan)


def _gradient_arrays(maths: LayerMaths, gradients) -> tuple:
    """Where a layer's batch-mean dL/dW, dL/db and dL/dalpha go (None where there is none)."""
    if gradients is None:
        return None, None, None
    alpha = gradients[maths.alpha] if maths.alpha else None
    return gradients[maths.weight], gradients[maths.bias], alpha


def forward_into(layers, parameters: dict, inputs: np.ndarray, arrays: PassArrays) -> np.ndarray:
    """z[l] = a[l-1] W[l]^T + b[l], a[l] = f(z[l]) for l = 1..L into `arrays`; returns a[L]."""
    return run_forward(plan_pass(layers, parameters, arrays), inputs)


def run_forward(plan: tuple, inputs: np.ndarray) -> np.ndarray:
    """The forward pass of `plan_pass` over inputs: (batch, n_0); returns a[L]."""
    a = inputs
    for layer in plan:
        z = layer.weighted_sum
        np.matmul(a, layer.weight_t, out=z)
        z += layer.bias
        alpha = layer.fixed_alpha if layer.alpha is None else float(layer.alpha)
        a = layer.forward(z, alpha, out=layer.activation)
    return a


def backward_into(layers, parameters, loss, inputs, targets, arrays, gradients, grad_alphas=None):
    """dL/da and dL/dz per sample from the output down into `arrays`, batch means into
    `gradients` (name -> array to fill); each prelu layer's per-sample dL/dalpha into
    `grad_alphas` when given. Every layer reads the weights as they were in the forward pass."""
    plan = plan_pass(layers, parameters, arrays, gradients)
    run_backward(plan, loss, inputs, targets, grad_alphas)


def run_backward(plan: tuple, loss, inputs, targets, grad_alphas=None) -> None:
    """The backward pass of `plan_pass` (planned with gradients) after its forward pass on
    inputs: (batch, n_0), with targets: (batch, n_L)."""
    batch = inputs.shape[0]
    top = plan[-1]
    grad_a = loss.gradient(top.activation, targets, out=top.grad_activation)
    for layer in reversed(plan):
        z, a, grad_z = layer.weighted_sum, layer.activation, layer.grad_weighted_sum
        if layer.derivative is None:  # softmax couples its outputs (see activations)
            softmax_backward(a, grad_a, out=grad_z)
        else:  # dL/dz = dL/da * f'(z), elementwise
            alpha = layer.fixed_alpha if layer.alpha is None else float(layer.alpha)
            layer.derivative(z, a, alpha, out=grad_z)
            grad_z *= grad_a
        if layer.alpha is not None:  # prelu learns its alpha: dL/dalpha per sample, then the mean
            per_sample = np.sum(grad_a * alpha_gradient_factor(z), axis=1)
            layer.grad_alpha[...] = per_sample.mean()
            if grad_alphas is not None:
                grad_alphas[layer.layer] = per_sample
        # Batch means: dL/dW = dL/dz^T a[l-1] / batch, dL/db = the sum of dL/dz / batch.
        previous = inputs if layer.previous is None else layer.previous
        grad_weight, grad_bias = layer.grad_weight, layer.grad_bias
        np.matmul(layer.grad_weighted_sum_t, previous, out=grad_weight)
        grad_weight /= batch
        np.add.reduce(grad_z, axis=0, out=grad_bias)
        grad_bias /= batch
        if layer.grad_previous is not None:
            grad_a = np.matmul(grad_z, layer.weight, out=layer.grad_previous)

"""Forward and backward propagation, written once, into arrays the caller hands in.

`Network.forward` and `backward` call these with new arrays, so the trace keeps every
intermediate; training calls them with arrays allocated once per batch size and gradients that
are views of one flat vector, so a mini-batch allocates almost nothing. One order of operations
either way, so stepping through and training give the same numbers bit for bit.
"""

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


def forward_into(layers, parameters: dict, inputs: np.ndarray, arrays: PassArrays) -> np.ndarray:
    """z[l] = a[l-1] W[l]^T + b[l], a[l] = f(z[l]) for l = 1..L into `arrays`; returns a[L]."""
    a = inputs
    for maths, z, out in zip(layers, arrays.weighted_sums, arrays.activations):
        np.matmul(a, parameters[maths.weight].T, out=z)
        z += parameters[maths.bias]
        alpha = maths.fixed_alpha if maths.alpha is None else float(parameters[maths.alpha])
        a = maths.activation.forward(z, alpha, out=out)
    return a


def backward_into(layers, parameters, loss, inputs, targets, arrays, gradients, grad_alphas=None):
    """dL/da and dL/dz per sample from the output down into `arrays`, batch means into
    `gradients` (name -> array to fill); each prelu layer's per-sample dL/dalpha into
    `grad_alphas` when given. Every layer reads the weights as they were in the forward pass."""
    batch = inputs.shape[0]
    grad_a = loss.gradient(arrays.activations[-1], targets, out=arrays.grad_activations[-1])
    for index in range(len(layers) - 1, -1, -1):
        maths, z, a = layers[index], arrays.weighted_sums[index], arrays.activations[index]
        grad_z = arrays.grad_weighted_sums[index]
        if maths.activation.name == "softmax":  # softmax couples its outputs (see activations)
            softmax_backward(a, grad_a, out=grad_z)
        else:  # dL/dz = dL/da * f'(z), elementwise
            alpha = maths.fixed_alpha if maths.alpha is None else float(parameters[maths.alpha])
            maths.activation.derivative(z, a, alpha, out=grad_z)
            grad_z *= grad_a
        if maths.alpha is not None:  # prelu learns its alpha: dL/dalpha per sample, then the mean
            per_sample = np.sum(grad_a * alpha_gradient_factor(z), axis=1)
            gradients[maths.alpha][...] = per_sample.mean()
            if grad_alphas is not None:
                grad_alphas[index + 1] = per_sample
        # Batch means: dL/dW = dL/dz^T a[l-1] / batch, dL/db = the sum of dL/dz / batch.
        grad_weight, grad_bias = gradients[maths.weight], gradients[maths.bias]
        np.matmul(grad_z.T, arrays.activations[index - 1] if index else inputs, out=grad_weight)
        grad_weight /= batch
        np.add.reduce(grad_z, axis=0, out=grad_bias)
        grad_bias /= batch
        if index:
            grad_a = np.matmul(
                grad_z, parameters[maths.weight], out=arrays.grad_activations[index - 1]
            )

"""The multilayer perceptron: parameters, one vectorised forward and backward pass, the update.

Layers are numbered as in the notes: layer 0 is the input, layers 1..L have weights. Parameters
live in one dict keyed 'W1', 'b1', 'alpha1', ... where W{l}: (n_l, n_{l-1}) and b{l}: (n_l,), so
z[l] = W[l] @ a[l-1] + b[l]. `forward` and `backward` run the passes of simulator/passes.py and
`updated` the optimizer's one `step`, the very code training runs in place (training_step.py), so
stepping through and training give the same numbers. Training moves the parameter arrays in
place: keep a `copy()` to hold on to a state.
"""

import copy
import math
from dataclasses import dataclass, replace

import numpy as np

from simulator.activations import get_activation
from simulator.keys import alpha_key, bias_key, weight_keys
from simulator.losses import get_loss
from simulator.passes import PassArrays, backward_into, forward_into, layer_maths


@dataclass(frozen=True)
class LayerActivation:
    """The activation of one layer and its alpha (leaky_relu, prelu's starting value, elu)."""

    name: str
    alpha: float = 0.0

    @classmethod
    def of(cls, name: str, alpha: float | None = None) -> "LayerActivation":
        """Fill in the activation's default alpha where it has one and none was given."""
        default = get_activation(name).default_alpha
        return cls(name, float(alpha if alpha is not None else (default or 0.0)))

    def to_dict(self):
        """The preset form: a bare name, or an object when the activation has an alpha."""
        if get_activation(self.name).default_alpha is None:
            return self.name
        return {"name": self.name, "alpha": self.alpha}


@dataclass(frozen=True)
class ForwardPass:
    """Every intermediate of a forward pass over a batch: z[l]: (batch, n_l), a[0] = inputs."""

    weighted_sums: tuple  # z for layers 1..L, index l-1
    activations: tuple  # a for layers 0..L, index l


@dataclass(frozen=True)
class BackwardPass:
    """Per-sample gradients of a batch; `gradients` holds their batch means by parameter name."""

    losses: np.ndarray  # (batch,)
    grad_activations: tuple  # dL/da for layers 1..L: (batch, n_l)
    grad_weighted_sums: tuple  # dL/dz for layers 1..L: (batch, n_l)
    grad_alphas: dict  # prelu layer -> (batch,)
    gradients: dict  # 'W1' -> (n_1, n_0), 'b1' -> (n_1,), 'alpha1' -> ()


class Network:
    """Architecture, parameters, optimizer state and where training has got to."""

    def __init__(self, sizes, activations, loss, optimizer, parameters, batch_size=1, seed=0):
        self.sizes = tuple(int(n) for n in sizes)
        self.activations = tuple(activations)
        self.loss = loss
        self.optimizer = optimizer
        self.parameters = parameters
        self.batch_size = int(batch_size)
        self.seed = int(seed)
        self.optimizer_state = {name: optimizer.initial_state(p) for name, p in parameters.items()}
        self.step_count = 0
        self.epoch = 0
        self.batch_in_epoch = 0
        self._shuffle = (None, None)  # (seed, epoch, n_samples) -> that epoch's order

    def __repr__(self) -> str:
        shape = "-".join(map(str, self.sizes))
        names = "/".join(a.name for a in self.activations)
        return f"Network({shape}, {names}, {self.loss}, {self.optimizer.name})"

    @property
    def depth(self) -> int:
        """L, the number of layers with weights."""
        return len(self.sizes) - 1

    def weight(self, layer: int) -> np.ndarray:
        """W[layer]: (n_layer, n_{layer-1}), 1-based layer."""
        return self.parameters[f"W{layer}"]

    def bias(self, layer: int) -> np.ndarray:
        """b[layer]: (n_layer,), 1-based layer."""
        return self.parameters[f"b{layer}"]

    def alpha(self, layer: int) -> float:
        """The layer's alpha: learned for prelu, fixed for leaky_relu and elu."""
        key = f"alpha{layer}"
        if key in self.parameters:
            return float(self.parameters[key])
        return self.activations[layer - 1].alpha

    def parameter_values(self) -> dict:
        """Every weight, bias and learned alpha by its 1-based key: 'W[l,j,i]' is the weight from
        neuron i of layer l-1 to neuron j of layer l, then 'b[l,j]' and 'alpha[l]'."""
        values = {}
        for layer in range(1, self.depth + 1):
            biases = self.bias(layer).tolist()
            for j, row in enumerate(self.weight(layer).tolist(), start=1):
                values.update(zip(weight_keys(layer, j, len(row)), row))
                values[bias_key(layer, j)] = biases[j - 1]
            if f"alpha{layer}" in self.parameters:
                values[alpha_key(layer)] = self.alpha(layer)
        return values

    def copy(self) -> "Network":
        """An independent copy: parameters, optimizer state and progress included."""
        return copy.deepcopy(self)

    def retuned(self, learning_rate: float | None = None, batch_size: int | None = None):
        """A copy that trains on with another learning rate or mini-batch size; a new batch
        size starts the epoch's batches afresh (the old position counts batches of the old)."""
        network = self.copy()
        if learning_rate is not None:
            network.optimizer = replace(network.optimizer, learning_rate=float(learning_rate))
        if batch_size is not None and int(batch_size) != network.batch_size:
            network.batch_size, network.batch_in_epoch = int(batch_size), 0
        return network

    def forward(self, inputs: np.ndarray) -> ForwardPass:
        """Forward propagation of inputs: (batch, n_0), layer by layer (see passes)."""
        arrays = PassArrays.allocate(self.sizes, inputs.shape[0])
        forward_into(layer_maths(self), self.parameters, inputs, arrays)
        return ForwardPass(arrays.weighted_sums, (inputs, *arrays.activations))

    def backward(self, forward: ForwardPass, targets: np.ndarray) -> BackwardPass:
        """Backpropagation: dL/da, dL/dz per sample from the output down, then mean gradients.

        Every layer's gradients use the weights as they were in the forward pass: nothing is
        updated here.
        """
        inputs, *activations = forward.activations
        grads = PassArrays.allocate(self.sizes, inputs.shape[0])
        arrays = PassArrays(
            forward.weighted_sums,
            tuple(activations),
            grads.grad_activations,
            grads.grad_weighted_sums,
        )
        gradients, grad_alphas = {}, {}
        for layer in range(self.depth, 0, -1):  # the order backpropagation fills them in
            for name in (f"alpha{layer}", f"W{layer}", f"b{layer}"):
                if name in self.parameters:
                    gradients[name] = np.empty(np.shape(self.parameters[name]))
        loss = get_loss(self.loss)
        backward_into(
            layer_maths(self),
            self.parameters,
            loss,
            inputs,
            targets,
            arrays,
            gradients,
            grad_alphas,
        )
        return BackwardPass(
            loss.value(activations[-1], targets),
            arrays.grad_activations,
            arrays.grad_weighted_sums,
            grad_alphas,
            gradients,
        )

    def updated(self, gradients: dict):
        """New parameters and optimizer state after one step on `gradients` (nothing changes)."""
        t = self.step_count + 1
        parameters, state = {}, {}
        for name, param in self.parameters.items():
            parameters[name], state[name] = self.optimizer.update(
                param, gradients[name], self.optimizer_state[name], t
            )
        return parameters, state

    def apply(self, parameters: dict, state: dict) -> None:
        """Take one optimizer step's result and count the step."""
        self.parameters, self.optimizer_state = parameters, state
        self.step_count += 1

    def batch_indices(self, n_samples: int) -> np.ndarray:
        """The samples of the next mini-batch: a seeded shuffle per epoch, then in order."""
        key = (self.seed, self.epoch, n_samples)
        if self._shuffle[0] != key:  # shuffle once per epoch, not once per batch
            order = np.random.default_rng([self.seed, self.epoch]).permutation(n_samples)
            self._shuffle = (key, order)
        order = self._shuffle[1]
        start = self.batch_in_epoch * self.batch_size
        return order[start : start + self.batch_size]

    def advance_batch(self, n_samples: int) -> bool:
        """Move to the next mini-batch; True when that finished an epoch."""
        self.batch_in_epoch += 1
        if self.batch_in_epoch * self.batch_size >= n_samples:
            self.epoch += 1
            self.batch_in_epoch = 0
            return True
        return False

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """The output activations for inputs: (batch, n_0) -> (batch, n_L)."""
        return self.forward(inputs).activations[-1]

    def accuracy(self, outputs: np.ndarray, targets: np.ndarray) -> float | None:
        """Share of samples classified right; None for regression (mse has no classes)."""
        if self.loss == "mse":
            return None
        if outputs.shape[1] > 1 and self.loss == "cce":
            return float(np.mean(outputs.argmax(axis=1) == targets.argmax(axis=1)))
        return float(np.mean(np.all((outputs > 0.5) == (targets > 0.5), axis=1)))

    def collapse(self):
        """The single layer equal to an all-linear network (seed 002): (W, b) with W: (n_L, n_0).

        z = W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2), and so on layer by layer.
        """
        if any(a.name != "linear" for a in self.activations):
            raise ValueError(
                "only a network whose activations are all linear collapses to one layer"
            )
        weight, bias = self.weight(1).copy(), self.bias(1).copy()
        for layer in range(2, self.depth + 1):
            weight = self.weight(layer) @ weight
            bias = self.weight(layer) @ bias + self.bias(layer)
        return weight, bias

    def collapsed(self) -> "Network":
        """The collapsed (W, b) as a one-layer linear Network, to compute its outputs with."""
        weight, bias = self.collapse()
        layers = (LayerActivation.of("linear"),)
        sizes = (self.sizes[0], self.sizes[-1])
        return Network(sizes, layers, self.loss, self.optimizer, {"W1": weight, "b1": bias})


def agree(first: float, second: float) -> bool:
    """True when two ways of computing one number differ only by float rounding."""
    return math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-12)


def initial_parameters(sizes, activations, scheme: str, rng: np.random.Generator) -> dict:
    """Seeded starting weights ('xavier', 'he' or 'uniform'); biases 0; prelu alphas as given."""
    parameters = {}
    for layer in range(1, len(sizes)):
        fan_in, fan_out = sizes[layer - 1], sizes[layer]
        if scheme == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            weight = rng.uniform(-limit, limit, (fan_out, fan_in))
        elif scheme == "he":
            weight = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_out, fan_in))
        elif scheme == "uniform":
            weight = rng.uniform(-1.0, 1.0, (fan_out, fan_in))
        else:
            raise KeyError(f"unknown init scheme '{scheme}', expected xavier, he or uniform")
        parameters[f"W{layer}"] = weight
        parameters[f"b{layer}"] = np.zeros(fan_out)
    return with_prelu_alphas(parameters, activations)


def with_prelu_alphas(parameters: dict, activations) -> dict:
    """Give every prelu layer a learned alpha (keeping one already learned, else starting at its
    given alpha) and drop the alpha of any layer that is no longer prelu."""
    for layer, activation in enumerate(activations, start=1):
        if get_activation(activation.name).learned_alpha:
            parameters.setdefault(f"alpha{layer}", np.asarray(float(activation.alpha)))
        else:
            parameters.pop(f"alpha{layer}", None)
    return parameters

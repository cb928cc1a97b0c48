"""Training's mini-batch step, in place: one flat parameter vector and arrays allocated once.

The first step binds the network's parameters and optimizer state to views of flat vectors (new
arrays: whatever a caller held before is never written to). Every mini-batch then runs the same
passes as `Network.forward` and `backward`, over a plan of arrays made once per batch size,
and one `Optimizer.step` over the whole flat vector: the maths, order of operations and numbers
of stepping through, in a few NumPy calls per layer and none per parameter.
"""

import math
import weakref

import numpy as np

from simulator.losses import get_loss
from simulator.passes import PassArrays, layer_maths, plan_pass, run_backward, run_forward

_STEPS = weakref.WeakKeyDictionary()  # network -> its TrainingStep, dropped with the network


class TrainingStep:
    """A network's parameters, gradient and optimizer state as flat vectors, with named views."""

    def __init__(self, network):
        names = tuple(network.parameters)
        self.shapes = {name: np.shape(network.parameters[name]) for name in names}
        self.parts, start = {}, 0  # name -> its slice of the flat vectors
        for name, shape in self.shapes.items():
            self.parts[name] = slice(start, start + math.prod(shape))
            start += math.prod(shape)
        self.values = _flat(network.parameters[name] for name in names)
        self.gradient = np.zeros_like(self.values)
        self.state = {
            kind: _flat(network.optimizer_state[name][kind] for name in names)
            for kind in network.optimizer.state_names
        }
        self.scratch = (np.empty_like(self.values), np.empty_like(self.values))
        self.parameters = self.views(self.values)  # 'W1' -> view of `values`
        self.gradients = self.views(self.gradient)
        states = {kind: self.views(flat) for kind, flat in self.state.items()}
        network.parameters = self.parameters
        network.optimizer_state = {
            name: {kind: states[kind][name] for kind in states} for name in names
        }
        self.layers, self.loss = layer_maths(network), get_loss(network.loss)
        self.plans = {}  # batch size -> the passes' plan over arrays of that size
        self.signature = _signature(network)

    def __repr__(self) -> str:
        return f"TrainingStep({self.values.size} parameters, {'/'.join(self.state) or 'no state'})"

    def views(self, flat: np.ndarray) -> dict:
        """name -> that parameter's part of a vector laid out like `values`, in its shape."""
        return {name: flat[part].reshape(self.shapes[name]) for name, part in self.parts.items()}

    @classmethod
    def of(cls, network) -> "TrainingStep":
        """The network's step, bound anew when anything it was built from has changed."""
        step = _STEPS.get(network)
        if step is None or step.signature != _signature(network):
            step = _STEPS[network] = cls(network)
        return step

    def run(self, network, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """One optimizer step on a mini-batch, counted on `network`; returns the outputs a[L]
        seen before the update (an array reused by the next call of the same batch size)."""
        plan = self.plans.get(len(inputs))
        if plan is None:
            arrays = PassArrays.allocate(network.sizes, len(inputs))
            plan = self.plans[len(inputs)] = plan_pass(
                self.layers, self.parameters, arrays, self.gradients
            )
        output = run_forward(plan, inputs)
        run_backward(plan, self.loss, inputs, targets)
        t = network.step_count + 1
        network.optimizer.step(self.values, self.gradient, self.state, t, self.scratch)
        network.apply(self.parameters, network.optimizer_state)
        return output


def _flat(arrays) -> np.ndarray:
    """One new float64 vector holding the arrays one after another."""
    return np.concatenate([np.ravel(np.asarray(array, dtype=float)) for array in arrays])


def _signature(network) -> tuple:
    """What a TrainingStep is built from: when any of it changes, the step is bound again."""
    state = network.optimizer_state
    return (
        network.sizes,
        network.activations,
        network.loss,
        network.optimizer.state_names,
        tuple((name, id(value)) for name, value in network.parameters.items()),
        tuple(id(array) for name in state for array in state[name].values()),
    )

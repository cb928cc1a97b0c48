"""The micro-step trace of one training iteration, in DESIGN.md's order, with 1-based keys.

The numbers come from the same `Network.forward`, `backward` and `updated` calls that training
uses; nothing is recomputed here. Each phase's steps are written by its own module
(forward_steps, backward_steps, update_steps); a Step is simulator.step's.
"""

from functools import cached_property

import numpy as np

from simulator.backward_steps import BackwardSteps
from simulator.forward_steps import ForwardSteps
from simulator.keys import LOSS_KEY, is_weight
from simulator.step import Recorder
from simulator.update_steps import UpdateSteps


class Trace:
    """All micro-steps of one iteration plus what is needed to commit its update."""

    def __init__(self, steps, parameters, batch, update):
        self.steps = steps  # a StepList: long runs are built only when read
        self.parameters = parameters  # key -> value before the update, e.g. 'W[1,1,1]' -> 0.2
        self.inputs, self.targets, self.rows = batch
        self.new_parameters, self.new_state = update

    def __repr__(self) -> str:
        return f"Trace({len(self.steps)} steps, rows {list(self.rows)})"

    def __len__(self) -> int:
        return len(self.steps)

    @cached_property
    def positions(self) -> dict:
        """key -> the 1-based indices (a tuple) of the steps that compute it (several in a
        batch). Most keys of a single sample's iteration come once: indexed by one zip."""
        keys = list(self.steps.keys())
        index = dict(zip(keys, zip(range(1, len(keys) + 1))))
        if len(index) == len(keys):
            return index
        several: dict = {}
        for number, key in enumerate(keys, start=1):
            several.setdefault(key, []).append(number)
        return {key: tuple(numbers) for key, numbers in several.items()}

    @cached_property
    def weight_keys(self) -> tuple:
        """The keys of the weights among the parameters ('W[l,j,i]'), in their order."""
        return tuple(key for key in self.parameters if is_weight(key))

    def latest(self, key: str, position: int):
        """The last step at or before `position` that computed `key`, or None."""
        found = None
        for index in self.positions.get(key, ()):
            if index > position:
                break
            found = self.steps[index - 1]
        return found

    def find(self, key: str, sample: int | None = None):
        """The first step computing `key` (for that sample, when given), or None."""
        for index in self.positions.get(key, ()):
            step = self.steps[index - 1]
            if sample is None or step.sample in (sample, None):
                return step
        return None

    @property
    def loss(self) -> float:
        """Mean loss over the batch, before the update."""
        return float(np.mean([self.steps[i - 1].value for i in self.positions.get(LOSS_KEY, ())]))


def build_trace(network, inputs: np.ndarray, targets: np.ndarray, rows=None) -> Trace:
    """Run one iteration of `network` on a batch (inputs: (batch, n_0)) and record every step."""
    forward = network.forward(inputs)
    backward = network.backward(forward, targets)
    new_parameters, new_state = network.updated(backward.gradients)
    rows = tuple(range(inputs.shape[0])) if rows is None else tuple(int(r) for r in rows)
    builder = _Builder(network, targets)
    for sample in range(inputs.shape[0]):
        number = sample + 1 if inputs.shape[0] > 1 else None
        builder.row = rows[sample] + 1
        builder.forward_steps(forward, sample, number)
        builder.loss_step(forward, targets, backward, sample, number)
        builder.backward_steps(forward, backward, sample, number)
    builder.row = None  # the rest belongs to the whole batch
    if inputs.shape[0] > 1:
        builder.mean_gradient_steps(backward)
    builder.update_steps(backward.gradients, new_parameters, new_state)
    return Trace(
        builder.steps,
        network.parameter_values(),
        (inputs, targets, rows),
        (new_parameters, new_state),
    )


class _Builder(ForwardSteps, BackwardSteps, UpdateSteps, Recorder):
    """Records one iteration: each phase's steps, in order, through one Recorder."""

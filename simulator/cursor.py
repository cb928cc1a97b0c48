"""A cursor over the micro-steps: forward and back by a value, a neuron, a layer or a phase.

The cursor owns the network as it stands at the start of the current iteration and that
iteration's trace. Passing the last step commits the update and begins the next iteration
(the next mini-batch); going back past the first step restores the previous iteration's
snapshot, so moving back and forth reproduces the same numbers bit for bit.
"""

from simulator.trace import build_trace

GRANULARITIES = ("value", "neuron", "layer", "phase")
HISTORY_LIMIT = 200  # iterations kept for stepping back; older ones are dropped
# what one 'neuron' move finishes: its z and a; its dL/da and dL/dz; the gradients (or the
# updates) of its weights and bias. The backward pass computes a layer's dL/da for every neuron
# before any dL/dz, so there a move is one neuron's one value, at the output as everywhere.
NEURON_FAMILIES = {"z": "value", "a": "value", "dL/da": "gradient", "dL/dz": "gradient"}


def group_of(step, granularity: str) -> tuple:
    """The group a step belongs to at a granularity; moving by it skips a whole group."""
    if granularity == "value":
        return (step.index,)
    if granularity == "neuron":
        family = NEURON_FAMILIES.get(step.kind, "parameters")
        return (step.sample, step.phase, step.layer, step.neuron, family)
    if granularity == "layer":
        return (step.sample, step.phase, step.layer)
    if granularity == "phase":
        return (step.sample, step.phase)
    choices = ", ".join(GRANULARITIES)
    raise ValueError(f"unknown granularity '{granularity}', expected one of {choices}")


class Cursor:
    """Where the class is in training: iteration, trace and position (steps done, 0..len)."""

    def __init__(self, network, data, history_limit: int = HISTORY_LIMIT):
        self.data = data
        self.history_limit = history_limit
        self._history = []  # networks at the start of earlier iterations, oldest first
        self._start(network.copy())
        self.iteration = network.step_count + 1  # saved work resumes at its own iteration

    def __repr__(self) -> str:
        return f"Cursor(iteration {self.iteration}, step {self.position}/{len(self.trace)})"

    def _start(self, network) -> None:
        self.network = network
        rows = network.batch_indices(len(self.data))
        self.trace = build_trace(network, self.data.inputs[rows], self.data.targets[rows], rows)
        self.position = 0

    @property
    def current(self):
        """The step just computed, or None before the first step."""
        return self.trace.steps[self.position - 1] if self.position else None

    @property
    def at_end(self) -> bool:
        """True when every step of this iteration, the updates included, is done."""
        return self.position == len(self.trace)

    def step_forward(self, granularity: str = "value") -> None:
        """Compute the next value (or finish the next neuron, layer or phase)."""
        if self.at_end:
            self._next_iteration()  # the fresh iteration, nothing computed, is a stop of its own
            return
        group = group_of(self.trace.steps[self.position], granularity)
        while not self.at_end and group_of(self.trace.steps[self.position], granularity) == group:
            self.position += 1

    def step_back(self, granularity: str = "value") -> None:
        """Undo the last value (or neuron, layer, phase); from an iteration's start, go back to
        the end of the one before, while history holds it."""
        if self.position == 0:
            self._previous_iteration()
            return
        group = group_of(self.trace.steps[self.position - 1], granularity)
        while self.position and group_of(self.trace.steps[self.position - 1], granularity) == group:
            self.position -= 1

    def go_to(self, position: int) -> None:
        """Jump to any position of this iteration (0 = nothing computed yet)."""
        if not 0 <= position <= len(self.trace):
            raise ValueError(f"position {position} is outside 0..{len(self.trace)}")
        self.position = position

    def finish(self) -> None:
        """Compute the rest of this iteration, up to and including the updates."""
        self.position = len(self.trace)

    def restart(self) -> None:
        """Back to the start of this iteration, nothing computed."""
        self.position = 0

    def reset(self) -> None:
        """Back to the very first iteration this cursor remembers, nothing computed."""
        if self._history:
            # Past the history limit the oldest kept iteration is not number 1.
            self.iteration -= len(self._history)
            self._history, first = [], self._history[0]
            self._start(first)
        self.position = 0

    def rebuild(self) -> None:
        """Recompute this iteration's trace after the network or data changed; restart it."""
        self._start(self.network)

    def _next_iteration(self) -> None:
        self._history.append(self.network.copy())
        if len(self._history) > self.history_limit:
            self._history.pop(0)
        network = self.network.copy()
        network.apply(self.trace.new_parameters, self.trace.new_state)
        network.advance_batch(len(self.data))
        self.iteration += 1
        self._start(network)

    def _previous_iteration(self) -> bool:
        if not self._history:
            return False
        self.iteration -= 1
        self._start(self._history.pop())
        self.position = len(self.trace)
        return True

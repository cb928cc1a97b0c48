"""One micro-step of the trace, and the recorder that numbers and appends them.

Each Step holds its value, the keys it reads and their values, and a template, so the formula
can be written with the numbers substituted at any precision. The phase modules
(forward_steps, backward_steps, update_steps) add their steps through a Recorder.
"""

from functools import lru_cache
from typing import NamedTuple

from simulator.notation import DEFAULT_DIGITS, format_number, format_operand
from simulator.step_list import StepList

PHASES = ("forward", "loss", "backward", "update")


class Step(NamedTuple):
    """One micro-step: a single number, how it is computed, and what it reads."""

    index: int  # 1-based position in the iteration
    phase: str  # one of PHASES
    kind: str  # 'z', 'a', 'loss', 'dL/da', 'dL/dz', 'dL/dW', 'dL/db', 'mean', 'W', 'b', ...
    key: str  # e.g. 'z[1,2]'
    value: float
    template: str  # positional {0}, {1}, ... over reads / operands
    reads: tuple  # keys (or names such as 'eta') the value is computed from
    operands: tuple  # their values, aligned with reads
    explanation: str
    sample: int | None = None  # 1-based position in the mini-batch; None for batch steps
    layer: int | None = None
    neuron: int | None = None
    source: int | None = None  # for weights: the neuron of layer-1 the weight comes from
    row: int | None = None  # 1-based data row of the sample; None for batch steps (mean, update)

    @property
    def symbolic(self) -> str:
        """The formula in symbols, e.g. 'z[1,1] = W[1,1,1]*a[0,1] + ... + b[1,1]'."""
        return f"{self.key} = {self.template.format(*self.reads)}"

    def substituted(self, digits: int = DEFAULT_DIGITS) -> str:
        """The right-hand side with numbers in, e.g. '0.2*0.5 + 0.3*0.8 + 0.1'."""
        return self.template.format(*(format_operand(x, digits) for x in self.operands))

    def formula(self, digits: int = DEFAULT_DIGITS) -> str:
        """The whole line, e.g. 'z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44'."""
        return f"{self.key} = {self.substituted(digits)} = {format_number(self.value, digits)}"

    def to_dict(self, digits: int = DEFAULT_DIGITS, names=None) -> dict:
        """The JSON form of `backprop-sim trace --json`: full float64 value, rounded formula,
        and the notes' `name` for the key where `names` (simulator.names.Names) gives one."""
        return {
            "index": self.index,
            "phase": self.phase,
            "kind": self.kind,
            "key": self.key,
            "name": names.of(self.key) if names else None,
            "value": self.value,
            "formula": self.formula(digits),
            "sample": self.sample,
            "row": self.row,
            "reads": list(self.reads),
            "explanation": self.explanation,
        }


@lru_cache(maxsize=256)
def products(count: int) -> str:
    """'{0}*{1} + {2}*{3} + ...': the template of `count` products of operand pairs, a weighted
    sum's or the chain rule's terms (the same for every neuron of a layer: made once)."""
    return " + ".join(f"{{{2 * k}}}*{{{2 * k + 1}}}" for k in range(count))


def named(template: str, names: dict) -> tuple:
    """Turn '{a}*(1-{a})' with names {'a': (key, value)} into ('{0}*(1-{0})', reads, operands)."""
    reads, operands, positional = [], [], {}
    for name, (key, value) in names.items():
        if "{" + name + "}" in template:
            positional[name] = "{" + str(len(reads)) + "}"
            reads.append(key)
            operands.append(value)
    return template.format(**positional), tuple(reads), tuple(operands)


class Recorder:
    """Appends steps in DESIGN.md's order, numbered from 1, each with the data row of the
    sample being recorded (None for the batch's own steps)."""

    def __init__(self, network, targets):
        self.network = network
        self.targets = targets
        self.steps = StepList()
        self.row = None  # 1-based data row of the sample whose steps are being added
        layers = range(1, network.depth + 1)
        self.weights = {layer: network.weight(layer).tolist() for layer in layers}
        self.biases = {layer: network.bias(layer).tolist() for layer in layers}

    def add(
        self,
        phase,
        kind,
        key,
        value,
        template,
        reads,
        operands,
        explanation,
        sample=None,
        layer=None,
        neuron=None,
        source=None,
    ):
        self.steps.append(
            Step(
                len(self.steps) + 1,
                phase,
                kind,
                key,
                float(value),
                template,
                tuple(reads),
                tuple(operands),
                explanation,
                sample,
                layer,
                neuron,
                source,
                self.row,
            )
        )

"""The verdict on one typed answer to one step, and the hints that lead to it.

An answer is right when the true value lies within one unit of its last typed digit: the notes'
rule (check.match_slack), so '0.61' and '0.608' are both right for 0.60825. It must also carry
two significant digits or three decimals ('0.6' is too coarse to tell anything), unless it is
exactly the value ('0' for a dead relu). A wrong answer is told apart where the engine can tell:
the right size with the wrong sign, right given the student's own earlier mistake (the step
recomputed from their answers), or one operand swapped for a neighbour (the other input, the
weight of the next edge, z where the formula has a).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from simulator.check import ROUNDING_ALLOWANCE, match_slack
from simulator.formula import recompute
from simulator.keys import Key, bias_key, neuron_key, weight_key
from simulator.notation import DEFAULT_DIGITS

VERDICTS = ("correct", "coarse", "sign", "inherited", "operand", "wrong")
HINT_LEVELS = 3  # the symbolic formula, then the numbers substituted, then the value
FINEST_COARSE = 0.001  # three decimals are always precise enough
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class AnswerError(ValueError):
    """Typed text that is not a number; the message says what was expected."""


@dataclass(frozen=True)
class Typed:
    """A typed answer: the text as typed, its value and one unit of its last digit."""

    text: str
    value: float
    slack: float

    @property
    def significant(self) -> int:
        """Significant digits typed: '0.050' -> 2, '0' -> 0."""
        digits = Decimal(self.text).as_tuple().digits
        return len(digits) - next((k for k, d in enumerate(digits) if d), len(digits))

    @property
    def precise(self) -> bool:
        """Two significant digits, or three decimals (finer than the slack allows guessing)."""
        return self.significant >= 2 or self.slack <= FINEST_COARSE * (1 + ROUNDING_ALLOWANCE)

    def matches(self, value: float) -> bool:
        """True when `value` lies within one unit of the last typed digit (check.py's rule)."""
        return abs(value - self.value) <= self.slack * (1 + ROUNDING_ALLOWANCE)


def parse_answer(text: str) -> Typed:
    """Read a typed number: '0.44', ' -0.262 ', '4.4e-1', '0,44' (a decimal comma), '−0.2'.

    Whitespace around it is dropped; a comma is a decimal point when there is no point.
    """
    cleaned = str(text).strip().replace("\u2212", "-")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise AnswerError(f"expected a number such as 0.44 or -1.35, got '{str(text).strip()}'")
    return Typed(cleaned, float(cleaned), match_slack(cleaned))


@dataclass(frozen=True)
class Verdict:
    """What one typed answer to one step is: a kind from VERDICTS and a sentence for the student.

    The sentence never gives the true value away; `expected` holds it for whoever reveals it.
    """

    key: str
    typed: str
    expected: float
    kind: str
    reason: str
    inherits: tuple = ()  # labels of the student's earlier wrong answers it carries on
    swap: tuple = ()  # (the read in the formula, what was used instead)

    @property
    def right(self) -> bool:
        return self.kind == "correct"

    def to_dict(self) -> dict:
        """The JSON form of `backprop-sim grade --json`."""
        return {
            "key": self.key,
            "answer": self.typed,
            "verdict": self.kind,
            "value": self.expected,
            "reason": self.reason,
            "inherits": list(self.inherits),
            "swap": list(self.swap),
        }


def label(step) -> str:
    """How an answer names its step: the key, with '(sample n)' in a mini-batch (the form the
    batch-mean steps use to read the per-sample ones)."""
    return step.key if step.sample is None else f"{step.key} (sample {step.sample})"


def grade(trace, step, typed: str, earlier: Mapping | None = None) -> Verdict:
    """The verdict on `typed` for `step` of `trace`; `earlier` maps the labels of earlier steps
    to the student's own answers (text), which an inherited mistake is recomputed from."""
    answer = parse_answer(typed)
    expected = step.value
    verdict = partial(Verdict, step.key, answer.text, expected)
    if answer.value == expected or (answer.precise and answer.matches(expected)):
        return verdict("correct", "Right.")
    if not answer.precise:
        return verdict("coarse", "Type at least two significant digits, or three decimals.")
    mine, wrong_ones = _own_numbers(trace, step, earlier or {})
    if mine and answer.matches(recompute(step, given=mine)):
        if not wrong_ones:
            return verdict("correct", "Right, working from your own rounded answers.")
        named = ", ".join(wrong_ones)
        return verdict(
            "inherited",
            f"Right given your own earlier {named}, which was not: the mistake carries on.",
            inherits=tuple(wrong_ones),
        )
    if abs(expected) > answer.slack and answer.matches(-expected):
        return verdict("sign", "The size is right but the sign is not.")
    swap = _swapped_operand(trace, step, answer)
    if swap:
        read, used = swap
        return verdict("operand", f"You used {used} where the formula has {read}.", swap=swap)
    return verdict("wrong", "Not this one: compare with the formula, or take a hint.")


def split_label(name: str) -> tuple[str, int | None]:
    """'z[1,1] (sample 2)' -> ('z[1,1]', 2); 'z[1,1]' -> ('z[1,1]', None)."""
    match = re.fullmatch(r"(.+) \(sample (\d+)\)", name)
    return (match.group(1), int(match.group(2))) if match else (name, None)


def step_of(trace, name: str):
    """The step an answer's label names, or None."""
    key, sample = split_label(name)
    for index in trace.positions.get(key, ()):
        if trace.steps[index - 1].sample == sample:
            return trace.steps[index - 1]
    return None


def _own_numbers(trace, step, earlier: Mapping) -> tuple[dict, list]:
    """The student's answers for the reads of `step` (read key -> value), and which were wrong."""
    mine, wrong = {}, []
    for read in dict.fromkeys(step.reads):
        name = read if step.sample is None else f"{read} (sample {step.sample})"
        name = name if name in earlier else read
        source = step_of(trace, name) if name in earlier else None
        if source is None or source.index >= step.index:
            continue
        try:
            answer = parse_answer(earlier[name])
        except AnswerError:
            continue
        mine[read] = answer.value
        if not answer.matches(source.value):
            wrong.append(name)
    return mine, wrong


def _swapped_operand(trace, step, answer: Typed):
    """(read, used instead) when exactly one plausible swap of one operand gives the answer."""
    if answer.matches(step.value):
        return None
    found = set()
    for read in dict.fromkeys(step.reads):
        for other in _neighbours(trace, read):
            value = _known_value(trace, step, other)
            if value is not None and answer.matches(recompute(step, given={read: value})):
                found.add((read, other))
    return found.pop() if len(found) == 1 else None


def _neighbours(trace, read: str) -> list[str]:
    """Keys a student might use instead of `read`: the other inputs of the layer, z for a and a
    for z, the other weights into the neuron or from the same source, dL/da for dL/dz."""
    key = _parsed(read)
    if key is None or key.wrap:
        return []
    sizes = _layer_sizes(trace)
    layer, neuron = key.layer, key.neuron
    others = [k for k in range(1, sizes.get(layer, 0) + 1) if k != neuron]
    if key.kind == "a":
        swapped = [neuron_key("a", layer, k) for k in others]
        return swapped + ([neuron_key("z", layer, neuron)] if layer else [])
    if key.kind == "z":
        return [neuron_key("a", layer, neuron)]
    if key.kind == "W":
        sources = [k for k in range(1, sizes.get(layer - 1, 0) + 1) if k != key.source]
        into = [weight_key(layer, neuron, k) for k in sources]
        return into + [weight_key(layer, k, key.source) for k in others]
    if key.kind == "b":
        return [bias_key(layer, k) for k in others]
    if key.kind == "dL/dz":
        return [neuron_key("dL/da", layer, neuron)]
    return []


def _parsed(text: str) -> Key | None:
    """The Key a read names, or None for a setting ('eta') or a per-sample label."""
    try:
        return Key.parse(text)
    except ValueError:
        return None


def _layer_sizes(trace) -> dict:
    """layer -> neurons, read off the trace's inputs and biases."""
    sizes = {0: trace.inputs.shape[1]}
    for text in trace.parameters:
        key = Key.parse(text)
        if key.kind == "b":
            sizes[key.layer] = max(sizes.get(key.layer, 0), key.neuron)
    return sizes


def _known_value(trace, step, text: str):
    """The value of `text` as the student had it when working `step`, or None when unknown."""
    if text in trace.parameters:
        return trace.parameters[text]
    key = Key.parse(text)
    if key.kind == "a" and key.layer == 0:
        row = (step.sample or 1) - 1
        return float(trace.inputs[row][key.neuron - 1])
    found = trace.find(text, step.sample)
    return found.value if found is not None and found.index < step.index else None


def hint(step, level: int, digits: int = DEFAULT_DIGITS) -> str:
    """Hint `level` (1..3) for `step`: the formula in symbols, then with the numbers in, then
    the whole line with the value."""
    if level == 1:
        return step.symbolic
    if level == 2:
        return f"{step.key} = {step.substituted(digits)}"
    if level == 3:
        return step.formula(digits)
    raise ValueError(f"a hint level is 1, 2 or 3, got {level}")

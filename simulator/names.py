"""The notes' own names for keys ('W[1,1,2]' -> 'w21'), and formulas written in them.

A preset may name any key of its network the way its notes do (its "names" field). A quantity
the notes do not name keeps its key, the layer notation. A gradient, batch mean or optimizer
state of a named quantity follows its name ('dL/dW[1,1,2]' -> 'dL/dw21', 'mean(dL/dw21)')
unless the notes name it too. The window and the handouts show either NOTATIONS; the numbers
are the same in both.
"""

import re
from collections.abc import Mapping
from types import MappingProxyType

from simulator.keys import GRADIENT, KEY_TOKEN, Key, neuron_key
from simulator.notation import DEFAULT_DIGITS

NOTATIONS = ("notes", "layer")  # the notes' names, or the engine's keys (layer notation)
_INDEX_DIGITS = re.compile(r"^\D*?(\d)(\d)")  # the first two digits of a name: 'w21' -> 2, 1


class Names(Mapping):
    """key -> the notes' name for it, read-only; empty when the notes name nothing."""

    def __init__(self, given: Mapping | None = None):
        self._given = MappingProxyType(dict(given or {}))

    def __getitem__(self, key: str) -> str:
        return self._given[key]

    def __iter__(self):
        return iter(self._given)

    def __len__(self) -> int:
        return len(self._given)

    def __repr__(self) -> str:
        return f"Names({dict(self._given)!r})"

    def __hash__(self) -> int:  # read-only, so it may stand as a frozen dataclass's default
        return hash(frozenset(self._given.items()))

    def of(self, key: str) -> str | None:
        """The name shown for `key`: the notes' own, or one that follows a named quantity."""
        if key in self._given:
            return self._given[key]
        try:
            parsed = Key.parse(key)
        except ValueError:
            return None  # a setting such as 'eta', or a per-sample read
        if parsed.wrap:
            inner = self.of(str(parsed.inner))
            return f"{parsed.wrap}({inner})" if inner else None
        name = self._given.get(str(parsed.wrt)) if parsed.wrt is not None else None
        return GRADIENT + name if name else None

    def label(self, key: str) -> str:
        """The name of `key`, or the key itself where the notes give none."""
        return self.of(key) or key

    def text(self, text: str) -> str:
        """`text` (a formula, a read) with every key in it written by its name."""
        if not self._given:
            return text
        return KEY_TOKEN.sub(lambda match: self.label(match.group(0)), text)

    def symbolic(self, step) -> str:
        """A step's formula in symbols: 'z1 = w11*x1 + w21*x2 + b1'."""
        return f"{self.label(step.key)} = {self.text(step.template.format(*step.reads))}"

    def formula(self, step, digits: int = DEFAULT_DIGITS) -> str:
        """A step's whole line with the numbers in: 'z1 = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44'."""
        return self.label(step.key) + step.formula(digits)[len(step.key) :]

    def index_order_note(self) -> str | None:
        """One sentence when the notes number a weight from-to, the other way round from the
        engine's W[l,j,i] (to neuron j, from neuron i); None when they agree or do not say."""
        for key, name in self._given.items():
            parsed = Key.parse(key)
            digits = _INDEX_DIGITS.match(name)
            if parsed.kind != "W" or parsed.wrap or digits is None:
                continue
            source, neuron = parsed.source, parsed.neuron
            if source != neuron and digits.groups() == (str(source), str(neuron)):
                origin = self.label(neuron_key("a", parsed.layer - 1, source))
                target = self.label(neuron_key("a", parsed.layer, neuron))
                return (
                    f"The notes number a weight from-to: {name} is the weight from {origin} "
                    f"to {target}, which the engine writes {key} (layer {parsed.layer}, "
                    f"to neuron {neuron}, from neuron {source})."
                )
        return None

    def to_dict(self) -> dict:
        """The preset form: {"W[1,1,2]": "w21", ...}."""
        return dict(self._given)


NO_NAMES = Names()


def in_notation(names: Names, notation: str) -> Names:
    """The names to write with in `notation`: the notes' own, or none (the keys)."""
    if notation not in NOTATIONS:
        raise ValueError(f"notation should be one of {', '.join(NOTATIONS)}, got '{notation}'")
    return names if notation == "notes" else NO_NAMES

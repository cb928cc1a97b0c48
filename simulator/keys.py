"""Keys: the one home of the names DESIGN.md gives every quantity, such as 'dL/dW[2,1,2]'.

Keys are 1-based like the notes: 'z[l,j]' is neuron j of layer l, 'W[l,j,i]' the weight from
neuron i of layer l-1 to neuron j of layer l, 'a[0,i]' an input, 'y[j]' a target, 'L' the loss.
A gradient puts 'dL/d' before its quantity ('dL/dz[2,1]'); a wrap names what belongs to one:
optimizer state 'v(W[2,1,2])', 'm(b[1,1])', 's(alpha[1])' and the batch mean 'mean(dL/db[2,1])'.

`Key` parses and prints them. The plain functions below write the common ones without parsing:
a big trace names ~100,000 steps, and its keys are written on demand (see step_list).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# kind -> what its indices mean, in order
INDICES = {
    "L": (),
    "y": ("neuron",),
    "alpha": ("layer",),
    "dL/dalpha": ("layer",),
    "z": ("layer", "neuron"),
    "a": ("layer", "neuron"),
    "dL/da": ("layer", "neuron"),
    "dL/dz": ("layer", "neuron"),
    "b": ("layer", "neuron"),
    "dL/db": ("layer", "neuron"),
    "W": ("layer", "neuron", "source"),
    "dL/dW": ("layer", "neuron", "source"),
}
PARAMETER_KINDS = ("W", "b", "alpha")
GRADIENT = "dL/d"
STATE_WRAPS = ("m", "s", "v")  # optimizer state of one parameter element (optimizers.py)
MEAN_WRAP = "mean"  # a gradient averaged over the mini-batch
LOSS_KEY = "L"
KEY_EXAMPLES = "such as 'z[1,2]', 'a[1,2]', 'L', 'dL/dz[2,1]', 'dL/dW[2,1,2]' or 'W[2,1,2]'"
_EXAMPLE_INDEX = {1: "[1]", 2: "[1,2]", 3: "[2,1,2]"}
_BARE = re.compile(r"([A-Za-z/]+)(?:\[([0-9]+(?:,[0-9]+)*)\])?")
# a weight's own key as weight_key writes it (indices from 1, no leading zeros): a big net's
# graph asks is_weight of hundreds of thousands of keys
_WEIGHT = re.compile(r"W\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\]")
# a key with indices inside a formula ('dL/dW[2,1,2]', 'a[0,1]'), longest kinds first
KEY_TOKEN = re.compile(
    "|".join(
        re.escape(kind) + r"\[" + r",".join([r"\d+"] * len(names)) + r"\]"
        for kind, names in sorted(INDICES.items(), key=lambda item: -len(item[0]))
        if names
    )
)


def _pattern(kind: str) -> str:
    """A regular expression for the keys of one kind, indices written as Key.parse reads them."""
    one, first = r"[1-9][0-9]*", r"(?:0|[1-9][0-9]*)" if kind == "a" else r"[1-9][0-9]*"
    names = INDICES[kind]
    if not names:
        return re.escape(kind)
    return re.escape(kind) + r"\[" + ",".join([first] + [one] * (len(names) - 1)) + r"\]"


def _wrapped(wraps: str, kinds) -> str:
    return rf"(?:{wraps})\((?:{'|'.join(_pattern(kind) for kind in kinds)})\)"


# Every key a trace step may have (all but a target y[j]), as a regular expression: the
# JSON Schema of presets holds this very pattern for hand-worked and asked keys.
STEP_KEY_PATTERN = "|".join(
    [
        *(_pattern(kind) for kind in INDICES if kind != "y"),
        _wrapped("|".join(STATE_WRAPS), PARAMETER_KINDS),
        _wrapped(MEAN_WRAP, [GRADIENT + kind for kind in PARAMETER_KINDS]),
    ]
)
KEY_PATTERN = f"{STEP_KEY_PATTERN}|{_pattern('y')}"  # any key: what a preset's names may name


@dataclass(frozen=True)
class Key:
    """One key: its kind ('dL/dW'), 1-based indices ((2, 1, 2)) and optional wrap ('v', 'mean').

    A wrapped key keeps the kind and indices of the key inside: 'v(W[2,1,2])' has kind 'W'.
    """

    kind: str
    index: tuple = ()
    wrap: str | None = None

    def __post_init__(self) -> None:
        problem = _problem(self.kind, self.index, self.wrap)
        if problem:
            raise ValueError(f"'{self}' is not a key: {problem}")

    def __str__(self) -> str:
        text = f"{self.kind}[{','.join(map(str, self.index))}]" if self.index else self.kind
        return f"{self.wrap}({text})" if self.wrap else text

    def __repr__(self) -> str:
        return f"Key.parse({str(self)!r})"

    @staticmethod
    def parse(text: str) -> "Key":
        """The Key written as `text`; a ValueError says what a key looks like."""
        if not isinstance(text, str):
            raise ValueError(_not_a_key(repr(text)))
        return _parse(text)

    def _part(self, name: str):
        names = INDICES[self.kind]
        return self.index[names.index(name)] if name in names else None

    @property
    def layer(self) -> int | None:
        """The layer l (0 for an input), or None for 'y[j]' and 'L'."""
        return self._part("layer")

    @property
    def neuron(self) -> int | None:
        """Neuron j of the layer (for a weight: the neuron it leads to; for 'y[j]': j)."""
        return self._part("neuron")

    @property
    def source(self) -> int | None:
        """For a weight: the neuron i of layer l-1 it comes from; else None."""
        return self._part("source")

    @property
    def is_parameter(self) -> bool:
        """True for a weight, bias or learned alpha itself: what an update changes."""
        return self.wrap is None and self.kind in PARAMETER_KINDS

    @classmethod
    def _derived(cls, kind: str, index: tuple) -> "Key":
        """A key made from a part of a valid one (its inner key, what it is taken with respect
        to), so valid too: not checked again (a big net's graph makes hundreds of thousands)."""
        key = object.__new__(cls)
        for name, value in (("kind", kind), ("index", index), ("wrap", None)):
            object.__setattr__(key, name, value)
        return key

    @property
    def inner(self) -> "Key":
        """The key inside the wrap: 'v(W[2,1,2])' -> 'W[2,1,2]'; itself when unwrapped."""
        return Key._derived(self.kind, self.index) if self.wrap else self

    @property
    def wrt(self) -> "Key | None":
        """What a gradient is taken with respect to: 'dL/dz[2,1]' -> 'z[2,1]'; else None."""
        if self.wrap or not self.kind.startswith(GRADIENT):
            return None
        return Key._derived(self.kind[len(GRADIENT) :], self.index)

    @property
    def home(self) -> "Key":
        """The quantity this key is shown with on the graph: a parameter for its gradient,
        state and batch mean ('v(W[2,1,2])' -> 'W[2,1,2]'), a neuron's 'a[l,j]' for its z and
        gradients, else the key itself."""
        base = self.inner.wrt or self.inner
        if base.kind == "z":
            return Key._derived("a", base.index)
        return base

    def fits(self, sizes) -> bool:
        """True when the key names a quantity of a network of layer `sizes` (input first),
        whatever its activations, optimizer and batch: 'W[2,1,3]' needs 3 neurons in layer 1."""
        if self.kind == "y":
            return self.neuron <= sizes[-1]
        if self.layer is None:
            return True  # the loss L
        if self.layer >= len(sizes) or (self.neuron or 1) > sizes[self.layer]:
            return False
        return self.source is None or self.source <= sizes[self.layer - 1]

    @property
    def array_name(self) -> str:
        """The network's array holding this parameter: 'W[2,1,2]' -> 'W2'."""
        self._require_parameter()
        return f"{self.kind}{self.layer}"

    @property
    def array_index(self) -> tuple:
        """The 0-based place in that array: 'W[2,1,2]' -> (0, 1), 'b[2,1]' -> (0,), alpha -> ()."""
        self._require_parameter()
        return tuple(i - 1 for i in self.index[1:])

    def _require_parameter(self) -> None:
        if not self.is_parameter:
            raise ValueError(f"'{self}' is not a weight, bias or alpha key such as 'W[2,1,2]'")


def is_weight(text: str) -> bool:
    """True for a weight's own key 'W[l,j,i]' (not its gradient or state)."""
    if not text.startswith("W["):  # a gradient, a state or any other key: no need to parse it
        return False
    if _WEIGHT.fullmatch(text):  # written as weight_key writes it: a valid key, no parse needed
        return True
    key = Key.parse(text)
    return key.kind == "W" and key.wrap is None


def index_text(text: str) -> str:
    """'mean(dL/dW[2,1,2])' -> '[2,1,2]': the part of a key that its inner key, what it is
    taken with respect to and its home share; a key without indices ('L') is its own."""
    start = text.find("[")
    return text if start < 0 else text[start:].rstrip(")")


KEY_ROWS = 2048  # rows of keys remembered: a 4 x 128 net's weights and gradients are 1,024


@lru_cache(maxsize=1 << 19)  # more than the keys of the largest network the window shows
def _parse(text: str) -> Key:
    wrap, inner = None, text
    if text.endswith(")") and "(" in text:
        wrap, _, inner = text[:-1].partition("(")
    match = _BARE.fullmatch(inner)
    if match is None:
        raise ValueError(_not_a_key(f"'{text}'"))
    kind, digits = match.groups()
    key = Key(kind, tuple(int(d) for d in digits.split(",")) if digits else (), wrap)
    if str(key) != text:
        raise ValueError(f"'{text}' is not a key: write it as '{key}'")
    return key


def _not_a_key(shown: str) -> str:
    return f"{shown} is not a key {KEY_EXAMPLES} (or 'y[1]', 'alpha[1]', 'v(W[2,1,2])')"


def _problem(kind: str, index: tuple, wrap: str | None) -> str | None:
    """Why kind, index and wrap make no key (None when they do)."""
    if kind not in INDICES:
        return f"'{kind}' is not a kind of key ({', '.join(INDICES)}), as in 'dL/dW[2,1,2]'"
    names = INDICES[kind]
    if len(index) != len(names) and not names:
        return f"{kind} takes no indices, as in '{kind}'"
    if len(index) != len(names):
        example = kind + _EXAMPLE_INDEX[len(names)]
        return f"{kind} takes {len(names)} indices ({', '.join(names)}), as in '{example}'"
    lowest = [0 if (kind, name) == ("a", "layer") else 1 for name in names]
    if any(not isinstance(i, int) or i < low for i, low in zip(index, lowest)):
        return "indices count from 1, as in 'z[1,2]'; only an input has layer 0, as in 'a[0,1]'"
    if wrap in STATE_WRAPS and kind not in PARAMETER_KINDS:
        return f"{wrap}(...) holds a weight, bias or alpha key, as in '{wrap}(W[2,1,2])'"
    if wrap == MEAN_WRAP and kind not in [GRADIENT + k for k in PARAMETER_KINDS]:
        return "mean(...) holds the gradient of a weight, bias or alpha, as in 'mean(dL/dW[2,1,2])'"
    if wrap is not None and wrap not in (*STATE_WRAPS, MEAN_WRAP):
        wraps = ", ".join((*STATE_WRAPS, MEAN_WRAP))
        return f"'{wrap}' is not a wrap ({wraps}), as in 'v(W[2,1,2])'"
    return None


def weight_key(layer: int, neuron: int, source: int, kind: str = "W") -> str:
    """'W[l,j,i]': the weight from neuron `source` of layer-1 to `neuron` (or kind 'dL/dW')."""
    return f"{kind}[{layer},{neuron},{source}]"


@lru_cache(maxsize=KEY_ROWS)
def weight_keys(layer: int, neuron: int, fan_in: int, kind: str = "W") -> tuple[str, ...]:
    """weight_key(layer, neuron, i, kind) for i = 1..fan_in: one neuron's row, made once."""
    return tuple(f"{kind}[{layer},{neuron},{i}]" for i in range(1, fan_in + 1))


@lru_cache(maxsize=KEY_ROWS)
def neuron_keys(kind: str, layer: int, count: int) -> tuple[str, ...]:
    """neuron_key(kind, layer, j) for j = 1..count, in order: a layer's keys of one kind."""
    return tuple(f"{kind}[{layer},{j}]" for j in range(1, count + 1))


def neuron_key(kind: str, layer: int, neuron: int) -> str:
    """A per-neuron key such as 'z[1,2]', 'dL/da[2,1]' or 'b[2,1]'."""
    return f"{kind}[{layer},{neuron}]"


def bias_key(layer: int, neuron: int) -> str:
    """'b[l,j]': the bias of neuron j in layer l."""
    return f"b[{layer},{neuron}]"


def alpha_key(layer: int, kind: str = "alpha") -> str:
    """'alpha[l]': a layer's learned prelu alpha (or kind 'dL/dalpha')."""
    return f"{kind}[{layer}]"


def target_key(neuron: int) -> str:
    """'y[j]': the target of output neuron j."""
    return f"y[{neuron}]"


def gradient_key(key: str) -> str:
    """'W[2,1,2]' -> 'dL/dW[2,1,2]'."""
    return GRADIENT + key


def state_key(state: str, key: str) -> str:
    """Optimizer state of one parameter element: ('v', 'W[2,1,2]') -> 'v(W[2,1,2])'."""
    return f"{state}({key})"


def mean_key(key: str) -> str:
    """A gradient averaged over the mini-batch: 'dL/db[2,1]' -> 'mean(dL/db[2,1])'."""
    return f"{MEAN_WRAP}({key})"


def partial_symbol(top: str, bottom: str) -> str:
    """A local derivative on a chain-rule path: ('a[2,1]', 'z[2,1]') -> 'da[2,1]/dz[2,1]'."""
    return f"d{top}/d{bottom}"

"""Reading a preset's fields: each reader checks one part of the schema and returns it clean.

`Preset.from_dict` (presets.py) calls these once per file. Every failure is a PresetError whose
message is one sentence naming the file, the field and what was expected.
"""

import json
import math
import os
import re
from pathlib import Path

import numpy as np

from simulator import limits, rules
from simulator.activations import ACTIVATIONS, get_activation
from simulator.datasets import DATASETS
from simulator.keys import KEY_EXAMPLES, Key
from simulator.losses import LOSSES
from simulator.network import LayerActivation
from simulator.optimizers import OPTIMIZERS, Optimizer

INIT_SCHEMES = ("xavier", "he", "uniform")
FIELDS = tuple(
    "format name description source layers activations weights biases init loss optimizer "
    "batch_size seed data hand_worked names optimizer_state step_count epoch batch_in_epoch "
    "asks".split()
)
DATA_FIELDS = {  # the fields of each kind of "data", by the field that names the kind
    "inputs": ("inputs", "targets", "standardize"),
    "dataset": ("dataset", "samples", "noise", "seed", "standardize"),
    "csv": ("csv", "targets", "label", "standardize"),
}
STANDARDIZE_EXAMPLE = 'true, false or {"mean": [...], "std": [...]} with one number per input'
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class PresetError(ValueError):
    """A malformed preset; the message is one sentence naming the file, the field, the need."""


class Checker:
    """Reads one preset's fields; every failure is one sentence naming file and field."""

    def __init__(self, origin: str):
        self.origin = origin

    def fail(self, name, expected: str, got) -> None:
        self.fail_text(name, expected, _shown(got))

    def fail_text(self, name, expected: str, got: str) -> None:
        raise PresetError(f"{self.origin}: {self.where(name)} should {expected}, got {got}.")

    def where(self, name) -> str:
        """How a sentence names the field (a subclass may name it in the window's words)."""
        return f"field '{name}'" if name else "the file"

    def within(self, breach) -> None:
        """Fail with a limit's Breach (simulator.limits), if there is one."""
        if breach is not None:
            self.fail_text(breach.field, breach.expected, breach.got)

    def missing(self, name: str, expected: str) -> None:
        raise PresetError(f"{self.origin}: field '{name}' is missing; it should {expected}.")

    def kind(self, value, name, types, what: str):
        if not isinstance(value, types) or isinstance(value, bool):
            self.fail(name, f"be {what}", value)
        return value

    def only(self, data: dict, prefix: str, allowed, owner: str) -> None:
        for key in data:
            if key not in allowed:
                raise PresetError(
                    f"{self.origin}: field '{prefix}{key}' is not part of {owner}; "
                    f"expected only {', '.join(allowed)}."
                )

    def get(self, data: dict, key: str, prefix: str, expected: str):
        if key not in data:
            self.missing(prefix + key, expected)
        return data[key]

    def text(self, value, name: str, required: bool = False) -> str:
        if required and value is None:
            self.missing(name, "be a short title")
        self.kind(value, name, str, "text")
        if required and not value.strip():
            self.fail(name, "be a short title", value)
        self.within(limits.text_breach(value, name))
        return value

    def choice(self, value, name: str, choices) -> str:
        if not isinstance(value, str) or value not in choices:
            self.fail(name, f"be one of {', '.join(choices)}", value)
        return value

    def integer(self, value, name: str, minimum: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(name, f"be a whole number of at least {minimum}", value)
        return value

    def number(self, value, name: str, minimum=None, positive=False, below=None) -> float:
        """A finite number, optionally >= minimum, > 0 or < below."""
        ok = rules.finite(value)
        ok = ok and (minimum is None or value >= minimum) and (not positive or value > 0)
        if not ok or (below is not None and value >= below):
            bounds = [
                f"at least {minimum}" if minimum is not None else "",
                "above 0" if positive else "",
                f"below {below}" if below is not None else "",
            ]
            extra = " and ".join(b for b in bounds if b)
            self.fail(name, "be a finite number" + (f" {extra}" if extra else ""), value)
        return float(value)

    def array(self, value, name: str, shape: tuple, why: str = "") -> list:
        """A nested list of finite numbers of exactly `shape`, as floats."""
        got = _shape(value)
        if got != shape:
            shown = _dims(got).removeprefix("shape ") if got else _shown(value)
            shown = "rows of different lengths" if got is None else shown
            self.fail_text(name, f"have {_dims(shape)}{why}", shown)
        for index in np.ndindex(*shape):
            item = value
            for k in index:
                item = item[k]
            self.number(item, name + "".join(f"[{k}]" for k in index))
        return np.array(value, dtype=float).tolist()


def read_format(check: Checker, data, expected: int) -> None:
    """A JSON object of known fields whose "format" is the one this program reads."""
    check.within(limits.nesting_breach(data))
    check.kind(data, None, dict, "a JSON object with the preset's fields")
    check.only(data, "", FIELDS, "the preset format")
    if "format" not in data:
        check.missing("format", f"be {expected}")
    if data["format"] != expected or isinstance(data["format"], bool):
        check.fail("format", f"be {expected} (the only format this program reads)", data["format"])


def read_architecture(check: Checker, data: dict):
    """layers: at least 2 positive sizes; one activation per layer 1..L, softmax output only."""
    layers = check.get(data, "layers", "", "list the layer sizes, input first, e.g. [2, 2, 1]")
    if not isinstance(layers, list) or len(layers) < 2:
        check.fail("layers", "be a list of at least 2 layer sizes, input first", layers)
    for index, size in enumerate(layers):
        check.integer(size, f"layers[{index}]", 1)
    check.within(limits.network_breach(layers))
    depth = len(layers) - 1
    activations = check.get(data, "activations", "", f"name {depth} activations, one per layer")
    if not isinstance(activations, list) or len(activations) != depth:
        expected = f"be a list of {depth} activations (one per layer 1..{depth})"
        check.fail("activations", expected, activations)
    parsed = [
        _activation(check, value, f"activations[{index}]")
        for index, value in enumerate(activations)
    ]
    rules.check_activations(
        check,
        [activation.name for activation in parsed],
        layers[-1],
        lambda index: (
            f"activations[{index}]" + ("" if isinstance(activations[index], str) else ".name")
        ),
    )
    return layers, parsed


def _activation(check: Checker, value, name: str):
    """A name, or {"name", "alpha"} for the activations that take an alpha."""
    spec = {"name": value} if isinstance(value, str) else value
    check.kind(spec, name, dict, 'an activation name or an object like {"name": "elu"}')
    check.only(spec, f"{name}.", ("name", "alpha"), "an activation")
    label = name if isinstance(value, str) else f"{name}.name"
    kind = check.get(spec, "name", f"{name}.", "name an activation")
    kind = check.choice(kind, label, tuple(ACTIVATIONS))
    if "alpha" not in spec:
        return LayerActivation.of(kind)
    if get_activation(kind).default_alpha is None:
        check.fail(f"{name}.alpha", f"be left out ({kind} has no alpha)", spec["alpha"])
    return LayerActivation.of(kind, check.number(spec["alpha"], f"{name}.alpha", minimum=0))


def read_training(check: Checker, data: dict, activations: list):
    """The loss (cce only over a softmax output) and the optimizer with its hyperparameters."""
    loss = check.get(data, "loss", "", f"be one of {', '.join(LOSSES)}")
    loss = check.choice(loss, "loss", tuple(LOSSES))
    rules.check_loss(check, loss, activations[-1].name)
    example = 'an object such as {"name": "sgd", "learning_rate": 0.1}'
    spec = check.kind(check.get(data, "optimizer", "", "be " + example), "optimizer", dict, example)
    name = check.get(spec, "name", "optimizer.", f"be one of {', '.join(OPTIMIZERS)}")
    name = check.choice(name, "optimizer.name", OPTIMIZERS)
    used = tuple(Optimizer(name).to_dict())
    check.only(spec, "optimizer.", used, f"the {name} optimizer")
    rate = check.get(spec, "learning_rate", "optimizer.", "be a positive number such as 0.1")
    settings = {"learning_rate": rules.check_learning_rate(check, rate)}
    for key in used[2:]:
        if key in spec:
            limits = {"minimum": 0, "below": 1} if key.startswith("beta") else {"positive": True}
            settings[key] = check.number(spec[key], f"optimizer.{key}", **limits)
    return loss, Optimizer(name, **settings)


def read_batch_size(check: Checker, data: dict, layers: list) -> int:
    """Samples per iteration: at least 1, and few enough for one iteration of this network."""
    batch_size = check.integer(data.get("batch_size", 1), "batch_size", 1)
    check.within(limits.network_breach(layers, batch_size))
    return batch_size


def read_parameters(check: Checker, data: dict, layers: list) -> dict:
    """Explicit weights and biases of the right shapes, or an init scheme; not both."""
    given = [key for key in ("weights", "biases") if key in data]
    if not given and "init" not in data:
        raise PresetError(
            f"{check.origin}: fields 'weights' and 'biases' are missing; give them, "
            'or an init scheme such as "init": {"scheme": "xavier", "seed": 0}.'
        )
    if given and "init" in data:
        check.fail("init", "be left out when weights and biases are given", data["init"])
    if len(given) == 1:
        other = ({"weights", "biases"} - set(given)).pop()
        check.missing(other, f"be given too, because '{given[0]}' is")
    if not given:
        return {"init": _init(check, data["init"])}
    depth = len(layers) - 1
    for key in ("weights", "biases"):
        if not isinstance(data[key], list) or len(data[key]) != depth:
            check.fail(key, f"be a list of {depth} (one per layer 1..{depth})", data[key])
    weights, biases = [], []
    for index in range(depth):
        n, m = layers[index + 1], layers[index]
        why = f" (layer {index + 1} has {_count(n, 'neuron')}, layer {index} has {m})"
        weights.append(check.array(data["weights"][index], f"weights[{index}]", (n, m), why))
        why = f" (layer {index + 1} has {_count(n, 'neuron')})"
        biases.append(check.array(data["biases"][index], f"biases[{index}]", (n,), why))
    return {"weights": weights, "biases": biases}


def _init(check: Checker, init) -> dict:
    """{"scheme": xavier | he | uniform, "seed": 0}: seeded starting weights."""
    check.kind(init, "init", dict, 'an object such as {"scheme": "xavier"}')
    check.only(init, "init.", ("scheme", "seed"), "init")
    scheme = check.get(init, "scheme", "init.", f"be one of {', '.join(INIT_SCHEMES)}")
    scheme = check.choice(scheme, "init.scheme", INIT_SCHEMES)
    return {"scheme": scheme, "seed": check.integer(init.get("seed", 0), "init.seed", 0)}


def read_data(check: Checker, spec, layers: list, folder: Path, loss: str, picked=()) -> dict:
    """Inline inputs and targets, a generated dataset, or a CSV file next to the preset (or one
    the user picked in a dialog); each may ask for standardised inputs."""
    expected = (
        'be an object with one of: "inputs" and "targets", a "dataset" name or a "csv" file, '
        'e.g. {"dataset": "xor"}'
    )
    if spec is None:
        check.missing("data", expected)
    check.kind(spec, "data", dict, expected[3:])
    sources = [key for key in DATA_FIELDS if key in spec]
    if len(sources) != 1:
        check.fail("data", expected, spec)
    owner = {"inputs": "inline data", "dataset": "a generated dataset", "csv": "CSV data"}
    check.only(spec, "data.", DATA_FIELDS[sources[0]], owner[sources[0]])
    if "standardize" in spec:
        _standardize(check, spec["standardize"], layers[0])
    if sources == ["inputs"]:
        return _inline_data(check, spec, layers, loss)
    if sources == ["dataset"]:
        check.choice(spec["dataset"], "data.dataset", DATASETS)
        samples = check.integer(spec.get("samples", 200), "data.samples", 1)
        check.within(limits.samples_breach(samples, layers[0] + layers[-1], "data.samples"))
        check.number(spec.get("noise", 0.1), "data.noise", minimum=0)
        check.integer(spec.get("seed", 0), "data.seed", 0)
        return dict(spec)
    return _csv_data(check, spec, folder, picked)


def _csv_data(check: Checker, spec: dict, folder: Path, picked=()) -> dict:
    """A CSV file in the preset's folder, with numeric target columns or one label column."""
    data_file(check, folder, spec["csv"], picked)
    if ("targets" in spec) == ("label" in spec):
        check.fail(
            "data", 'name either "targets" (numeric target columns) or a "label" column', spec
        )
    if "label" in spec:
        label = spec["label"]
        if not isinstance(label, str) or not label.strip():
            check.fail("data.label", "be the name of the column that holds the classes", label)
        return dict(spec)
    targets = spec["targets"]
    names = targets if isinstance(targets, list) else []
    if not names or not all(isinstance(name, str) and name for name in names):
        check.fail("data.targets", "be a list of at least one column name", targets)
    return dict(spec)


def _standardize(check: Checker, value, width: int) -> None:
    """true / false, or the saved mean and std of each of the `width` inputs (std above 0)."""
    if isinstance(value, bool):
        return
    check.kind(value, "data.standardize", dict, STANDARDIZE_EXAMPLE)
    check.only(value, "data.standardize.", ("mean", "std"), "a standardisation")
    why = f" (one per input: layer 0 has {width})"
    for key in ("mean", "std"):
        numbers = check.get(value, key, "data.standardize.", f"list {width} numbers")
        check.array(numbers, f"data.standardize.{key}", (width,), why)
    for index, std in enumerate(value["std"]):
        check.number(std, f"data.standardize.std[{index}]", positive=True)


def data_file(check: Checker, folder: Path, name, picked=()) -> Path:
    """The file a preset's data.csv names: a relative path that stays inside the preset's folder
    once links are followed, or one of the files the user picked in a dialog (`picked`), which
    may be anywhere. Only the path is looked at; the file is not opened."""
    check.kind(name, "data.csv", str, "a CSV file name relative to the preset")
    check.text(name, "data.csv")
    try:
        path = (folder / name).resolve()
        chosen = any(path == Path(other).resolve() for other in picked)
        inside = path.is_relative_to(folder.resolve())
        exists = path.is_file()
    except (OSError, ValueError):  # a NUL byte, a loop of links, a name too long
        check.fail("data.csv", "name a readable CSV file in the preset's folder", name)
    expected = "name a CSV file inside the preset's folder by a relative path (links are followed)"
    if not chosen and os.path.isabs(name):
        check.fail_text("data.csv", expected, f"{_shown(name)}, an absolute path")
    if not (chosen or inside):
        check.fail_text("data.csv", expected, f"{_shown(name)}, which leads outside it")
    if not exists:
        check.fail_text("data.csv", expected, f"{_shown(name)}, not there")
    return path


def _inline_data(check: Checker, spec: dict, layers: list, loss: str) -> dict:
    """Samples written out: n rows of layer-0 inputs and n rows of output-layer targets."""
    inputs = spec["inputs"]
    if not isinstance(inputs, list) or not inputs:
        check.fail("data.inputs", "be a list of at least one sample", inputs)
    n = len(inputs)
    check.within(limits.samples_breach(n, layers[0] + layers[-1], "data.inputs"))
    targets = check.get(spec, "targets", "data.", f"hold {_count(n, 'target row')}")
    why = f" ({_count(n, 'sample')} of {_count(layers[0], 'input')}, as in layer 0)"
    inputs = check.array(inputs, "data.inputs", (n, layers[0]), why)
    why = (
        f" ({_count(n, 'sample')} of {_count(layers[-1], 'output')}, as in layer {len(layers) - 1})"
    )
    targets = check.array(targets, "data.targets", (n, layers[-1]), why)
    rules.check_targets(check, "data.targets", loss, targets)
    return {**spec, "inputs": inputs, "targets": targets}


def read_hand_worked(check: Checker, data: dict) -> list:
    """The notes' own values as (key, value, label, written, why); value a number or its text,
    `why` the notes' own working for it (shown where it slips)."""
    entries = data.get("hand_worked", [])
    if not isinstance(entries, list):
        check.fail("hand_worked", 'be a list of {"key", "value", "label"} objects', entries)
    most = limits.MAX_HAND_WORKED
    check.within(limits.count_breach(len(entries), most, "hand_worked", "values"))
    values = []
    for index, entry in enumerate(entries):
        name = f"hand_worked[{index}]"
        check.kind(entry, name, dict, 'an object such as {"key": "z[1,1]", "value": 0.44}')
        check.only(entry, f"{name}.", ("key", "value", "label", "why"), "a hand-worked value")
        key = check.get(entry, "key", f"{name}.", f"be a step key {KEY_EXAMPLES}")
        if not _is_step_key(key):
            check.fail(f"{name}.key", f"be a step key {KEY_EXAMPLES}", key)
        value = check.get(entry, "value", f"{name}.", "be the number the notes write")
        if isinstance(value, str):
            if not _DECIMAL.fullmatch(value.strip()) or not math.isfinite(float(value)):
                check.fail(f"{name}.value", "be a finite number, or one written as text", value)
            written = value.strip()
        else:
            check.number(value, f"{name}.value")
            written = str(value) if isinstance(value, int) else repr(value)
        label = check.text(entry.get("label", key), f"{name}.label")
        why = check.text(entry.get("why", ""), f"{name}.why")
        values.append((key, float(written), label, written, why))
    return values


def read_names(check: Checker, data: dict) -> dict:
    """The notes' own names for keys, {"W[1,1,2]": "w21"} (whether this network has each key
    is checked with the hand-worked keys)."""
    names = data.get("names", {})
    check.kind(names, "names", dict, 'an object such as {"W[1,1,2]": "w21", "a[2,1]": "O"}')
    check.within(limits.count_breach(len(names), limits.MAX_NAMES, "names", "names"))
    most = limits.MAX_NAME_CHARS
    for key, name in names.items():
        try:
            Key.parse(key)
        except ValueError:
            check.fail("names", f"map keys {KEY_EXAMPLES} to names", key)
        text = isinstance(name, str) and name.strip() and len(name) <= most
        if not text or "\n" in name or "`" in name:
            expected = f"be a name of at most {most} characters on one line, without backticks"
            check.fail(f"names.{key}", expected, name)
    return dict(names)


def _is_step_key(text) -> bool:
    """True for a key some trace step can compute: any key but a target y[j]."""
    try:
        return Key.parse(text).kind != "y"
    except ValueError:
        return False


def read_optimizer_state(check: Checker, data: dict, layers, activations, optimizer):
    """A saved network's optimizer state: every parameter's state arrays, shaped like it."""
    if "optimizer_state" not in data:
        return None
    state = data["optimizer_state"]
    if not optimizer.state_names:
        check.fail("optimizer_state", f"be left out ({optimizer.name} keeps no state)", state)
    shapes = {}
    for layer in range(1, len(layers)):
        shapes |= {f"W{layer}": (layers[layer], layers[layer - 1]), f"b{layer}": (layers[layer],)}
        if get_activation(activations[layer - 1].name).learned_alpha:
            shapes[f"alpha{layer}"] = ()
    check.kind(state, "optimizer_state", dict, f"an object with {', '.join(shapes)}")
    check.only(state, "optimizer_state.", tuple(shapes), "this network's parameters")
    restored = {}
    for name, shape in shapes.items():
        entry = check.get(state, name, "optimizer_state.", f"hold {optimizer.name}'s state")
        check.kind(entry, f"optimizer_state.{name}", dict, "an object")
        check.only(entry, f"optimizer_state.{name}.", optimizer.state_names, optimizer.name)
        restored[name] = {}
        for kind in optimizer.state_names:
            array = check.get(entry, kind, f"optimizer_state.{name}.", "be an array")
            restored[name][kind] = check.array(array, f"optimizer_state.{name}.{kind}", shape)
    return restored


def _shape(value):
    """The shape of a regular nested list, () for a scalar, None when rows differ in length."""
    if not isinstance(value, list):
        return ()
    inner = {_shape(item) for item in value}
    if len(inner) > 1 or None in inner:
        return None
    return (len(value), *(inner.pop() if inner else ()))


def _dims(shape: tuple) -> str:
    if len(shape) == 1:
        return f"length {shape[0]}"
    return "shape " + "x".join(map(str, shape)) if shape else "a single number"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _shown(value) -> str:
    """A value as the error message quotes it, cut short when long."""
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value)
    if value is None:
        text = "nothing"
    return text if len(text) <= 60 else text[:57] + "..."


def read_asks(check: Checker, data: dict) -> list:
    """A worksheet's asked steps: a list of step keys (checked against the network later)."""
    keys = data.get("asks", [])
    if not isinstance(keys, list):
        check.fail("asks", f"be a list of step keys {KEY_EXAMPLES}", keys)
    for index, key in enumerate(keys):
        if not _is_step_key(key):
            check.fail(f"asks[{index}]", f"be a step key {KEY_EXAMPLES}", key)
    return list(keys)

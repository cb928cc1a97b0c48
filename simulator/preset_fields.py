"""Reading a preset's fields: each reader checks one part of the schema and returns it clean.

`Preset.from_dict` (presets.py) calls these once per file, through one Checker (checker.py);
the "data" field has its own reader (data_fields.py).
"""

import math
import re

from simulator import limits, rules
from simulator.activations import ACTIVATIONS, get_activation
from simulator.checker import Checker, PresetError, plural
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
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


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
        why = f" (layer {index + 1} has {plural(n, 'neuron')}, layer {index} has {m})"
        weights.append(check.array(data["weights"][index], f"weights[{index}]", (n, m), why))
        why = f" (layer {index + 1} has {plural(n, 'neuron')})"
        biases.append(check.array(data["biases"][index], f"biases[{index}]", (n,), why))
    return {"weights": weights, "biases": biases}


def _init(check: Checker, init) -> dict:
    """{"scheme": xavier | he | uniform, "seed": 0}: seeded starting weights."""
    check.kind(init, "init", dict, 'an object such as {"scheme": "xavier"}')
    check.only(init, "init.", ("scheme", "seed"), "init")
    scheme = check.get(init, "scheme", "init.", f"be one of {', '.join(INIT_SCHEMES)}")
    scheme = check.choice(scheme, "init.scheme", INIT_SCHEMES)
    return {"scheme": scheme, "seed": check.integer(init.get("seed", 0), "init.seed", 0)}


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


def read_asks(check: Checker, data: dict) -> list:
    """A worksheet's asked steps: a list of step keys (checked against the network later)."""
    keys = data.get("asks", [])
    if not isinstance(keys, list):
        check.fail("asks", f"be a list of step keys {KEY_EXAMPLES}", keys)
    for index, key in enumerate(keys):
        if not _is_step_key(key):
            check.fail(f"asks[{index}]", f"be a step key {KEY_EXAMPLES}", key)
    return list(keys)

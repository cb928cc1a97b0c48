"""Keys: one grammar, parsed and printed by simulator/keys.py and written nowhere else."""

import re
from pathlib import Path

import numpy as np
import pytest
from networks import notes_network, random_network

from simulator.keys import (
    KEY_TOKEN,
    STATE_WRAPS,
    Key,
    alpha_key,
    bias_key,
    gradient_key,
    is_weight,
    mean_key,
    neuron_key,
    neuron_keys,
    partial_symbol,
    state_key,
    target_key,
    weight_key,
    weight_keys,
)
from simulator.optimizers import Optimizer
from simulator.trace import build_trace

ROOT = Path(__file__).resolve().parents[2]
HYPERPARAMETERS = {"eta", "beta", "beta1", "beta2", "eps", "t"}
NETWORKS = [  # sizes, activations, loss, optimizer, batch
    ((2, 3, 3), ("prelu", "softmax"), "cce", Optimizer("adam", 0.01), 3),
    ((3, 4, 3, 2), ("elu", "leaky_relu", "sigmoid"), "bce", Optimizer("momentum", 0.1), 1),
    ((2, 2, 2), ("tanh", "prelu"), "mse", Optimizer("rmsprop", 0.01), 2),
    ((2, 2, 1), ("swish", "linear"), "mse", Optimizer("sgd", 0.1), 4),
]


def traced(sizes, activations, loss, optimizer, batch):
    rng = np.random.default_rng(len(sizes) + batch)
    network = random_network(sizes, activations, loss, rng, optimizer, batch_size=batch)
    inputs = rng.normal(size=(batch, sizes[0]))
    if loss == "mse":
        targets = rng.normal(size=(batch, sizes[-1]))
    else:
        targets = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)]
    return network, build_trace(network, inputs, targets)


def read_key(read: str) -> str | None:
    """The key a step reads, or None for a hyperparameter; a batch mean reads 'key (sample s)'."""
    if read in HYPERPARAMETERS:
        return None
    return re.sub(r" \(sample \d+\)$", "", read)


@pytest.mark.parametrize("case", NETWORKS, ids=lambda case: "-".join(case[1]))
def test_every_key_a_trace_writes_parses_and_prints_back(case):
    network, trace = traced(*case)
    for step in trace.steps:
        key = Key.parse(step.key)
        assert str(key) == step.key
        assert (key.layer, key.neuron, key.source) == (step.layer, step.neuron, step.source)
        assert step.kind == {"L": "loss"}.get(key.kind, key.wrap or key.kind)
        for read in filter(None, map(read_key, step.reads)):
            assert str(Key.parse(read)) == read
    assert all(str(Key.parse(k)) == k for k in network.parameter_values())


@pytest.mark.parametrize("case", NETWORKS, ids=lambda case: "-".join(case[1]))
def test_key_token_finds_exactly_the_keys_in_a_formula(case):
    _, trace = traced(*case)
    for step in list(trace.steps)[:400]:
        found = KEY_TOKEN.findall(step.symbolic)
        assert all(str(Key.parse(text)) == text for text in found)
        wanted = [read_key(r) for r in (step.key, *step.reads)]
        bare = [r for r in wanted if r and "(" not in r and r != "L"]
        assert set(bare) <= set(found), step.symbolic


@pytest.mark.parametrize("case", NETWORKS, ids=lambda case: "-".join(case[1]))
def test_the_keys_named_without_building_the_steps_are_the_steps_keys(case):
    """A trace names its steps' keys (the positions of every key) without building the
    steps: run by run, a neuron's row of keys at once. They are the keys of the steps built."""
    _, trace = traced(*case)
    assert list(trace.steps.keys()) == [step.key for step in trace.steps]


def test_a_row_of_keys_is_each_key_in_turn():
    assert weight_keys(2, 3, 4) == tuple(weight_key(2, 3, i) for i in range(1, 5))
    assert weight_keys(1, 2, 2, "dL/dW") == ("dL/dW[1,2,1]", "dL/dW[1,2,2]")
    assert neuron_keys("dL/dz", 3, 2) == (neuron_key("dL/dz", 3, 1), neuron_key("dL/dz", 3, 2))
    assert neuron_keys("a", 0, 0) == ()


def test_notes_trace_keys_are_design_md_keys():
    network = notes_network()
    trace = build_trace(network, np.array([[0.5, 0.8]]), np.array([[1.0]]))
    keys = list(trace.steps.keys())
    assert keys[:5] == ["z[1,1]", "a[1,1]", "z[1,2]", "a[1,2]", "z[2,1]"]
    assert {"L", "dL/da[2,1]", "dL/dz[2,1]", "dL/dW[2,1,2]", "dL/db[2,1]", "W[2,1,2]"} <= set(keys)


@pytest.mark.parametrize(
    "text, kind, index, wrap",
    [
        ("z[1,2]", "z", (1, 2), None),
        ("a[0,1]", "a", (0, 1), None),
        ("dL/dW[2,1,2]", "dL/dW", (2, 1, 2), None),
        ("b[2,1]", "b", (2, 1), None),
        ("alpha[1]", "alpha", (1,), None),
        ("dL/dalpha[1]", "dL/dalpha", (1,), None),
        ("y[1]", "y", (1,), None),
        ("L", "L", (), None),
        ("v(W[2,1,2])", "W", (2, 1, 2), "v"),
        ("m(b[1,1])", "b", (1, 1), "m"),
        ("s(alpha[1])", "alpha", (1,), "s"),
        ("mean(dL/dW[2,1,2])", "dL/dW", (2, 1, 2), "mean"),
        ("mean(dL/db[2,1])", "dL/db", (2, 1), "mean"),
        ("mean(dL/dalpha[1])", "dL/dalpha", (1,), "mean"),
    ],
)
def test_parse_and_print_round_trip(text, kind, index, wrap):
    key = Key.parse(text)
    assert (key.kind, key.index, key.wrap) == (kind, index, wrap)
    assert str(key) == text and Key(kind, index, wrap) == key
    assert Key.parse(text) is key  # cached: the trace parses per step


@pytest.mark.parametrize(
    "written, text",
    [
        (weight_key(2, 1, 2), "W[2,1,2]"),
        (weight_key(2, 1, 2, "dL/dW"), "dL/dW[2,1,2]"),
        (neuron_key("dL/da", 2, 1), "dL/da[2,1]"),
        (neuron_key("a", 0, 2), "a[0,2]"),
        (bias_key(2, 1), "b[2,1]"),
        (alpha_key(1), "alpha[1]"),
        (alpha_key(1, "dL/dalpha"), "dL/dalpha[1]"),
        (target_key(2), "y[2]"),
        (gradient_key("b[1,2]"), "dL/db[1,2]"),
        (state_key("v", "W[2,1,2]"), "v(W[2,1,2])"),
        (mean_key("dL/dW[2,1,2]"), "mean(dL/dW[2,1,2])"),
    ],
)
def test_fast_writers_write_the_grammar(written, text):
    assert written == text
    assert str(Key.parse(written)) == text


def test_partial_symbols_are_built_from_keys():
    assert partial_symbol("a[2,1]", "z[2,1]") == "da[2,1]/dz[2,1]"
    assert partial_symbol("L", "W[1,1,1]") == gradient_key("W[1,1,1]")


@pytest.mark.parametrize(
    "text, says",
    [
        ("W[1,1]", "W takes 3 indices"),
        ("dL/dz[1]", "dL/dz takes 2 indices"),
        ("L[1]", "L takes no indices"),
        ("q[1,1]", "not a kind of key"),
        ("z[0,1]", "count from 1"),
        ("b[1,0]", "count from 1"),
        ("W[01,1,1]", "write it as 'W[1,1,1]'"),
        ("v(z[1,1])", "holds a weight, bias or alpha key"),
        ("mean(W[1,1,1])", "holds the gradient of a weight"),
        ("x(W[1,1,1])", "'x' is not a wrap"),
        ("", "such as"),
        ("z [1,1]", "such as"),
        ("W[1,1,1])", "such as"),
        ("v(W[1,1,1]", "such as"),
        ("dL/dW[2,1,2] (sample 1)", "such as"),
    ],
)
def test_bad_keys_say_what_was_expected(text, says):
    with pytest.raises(ValueError) as error:
        Key.parse(text)
    message = str(error.value)
    assert message.startswith(f"'{text}' is not a key") and says in message
    examples = re.findall(r"'([^']*)'", message[len(text) + 2 :])
    assert any(_parses(example) for example in examples), message


def test_a_key_that_is_not_text_is_refused_with_the_sentence():
    with pytest.raises(ValueError, match="is not a key such as"):
        Key.parse(3)


def test_keys_are_checked_when_built_directly():
    with pytest.raises(ValueError, match="W takes 3 indices"):
        Key("W", (1, 1))


def _parses(text: str) -> bool:
    try:
        Key.parse(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    "text, home",
    [
        ("W[2,1,2]", "W[2,1,2]"),
        ("dL/dW[2,1,2]", "W[2,1,2]"),
        ("v(W[2,1,2])", "W[2,1,2]"),
        ("mean(dL/dW[2,1,2])", "W[2,1,2]"),
        ("dL/db[2,1]", "b[2,1]"),
        ("m(b[1,1])", "b[1,1]"),
        ("mean(dL/db[2,1])", "b[2,1]"),
        ("dL/dalpha[1]", "alpha[1]"),
        ("s(alpha[1])", "alpha[1]"),
        ("mean(dL/dalpha[1])", "alpha[1]"),
        ("z[1,2]", "a[1,2]"),
        ("dL/dz[1,2]", "a[1,2]"),
        ("dL/da[1,2]", "a[1,2]"),
        ("a[0,1]", "a[0,1]"),
        ("y[1]", "y[1]"),
        ("L", "L"),
    ],
)
def test_home_is_the_quantity_a_key_belongs_to_on_the_graph(text, home):
    assert str(Key.parse(text).home) == home


@pytest.mark.parametrize(
    "text, layer, neuron, source",
    [
        ("W[2,1,3]", 2, 1, 3),
        ("dL/da[2,1]", 2, 1, None),
        ("alpha[3]", 3, None, None),
        ("y[2]", None, 2, None),
        ("L", None, None, None),
        ("v(W[1,2,3])", 1, 2, 3),
    ],
)
def test_layer_neuron_and_source(text, layer, neuron, source):
    key = Key.parse(text)
    assert (key.layer, key.neuron, key.source) == (layer, neuron, source)


@pytest.mark.parametrize(
    "text, name, index",
    [("W[2,1,2]", "W2", (0, 1)), ("b[2,1]", "b2", (0,)), ("alpha[1]", "alpha1", ())],
)
def test_a_parameter_key_names_its_array_and_0_based_index(text, name, index):
    key = Key.parse(text)
    assert key.is_parameter and (key.array_name, key.array_index) == (name, index)


@pytest.mark.parametrize("text", ["dL/dW[2,1,2]", "v(W[2,1,2])", "z[1,1]", "y[1]", "L"])
def test_only_a_parameter_key_has_an_array(text):
    key = Key.parse(text)
    assert not key.is_parameter
    with pytest.raises(ValueError, match="is not a weight, bias or alpha key"):
        _ = key.array_name


def test_array_and_index_address_every_parameter_value():
    network, _ = traced(*NETWORKS[0])
    values = network.parameter_values()
    assert any(k.startswith("alpha") for k in values)
    for text, value in values.items():
        key = Key.parse(text)
        assert network.parameters[key.array_name][key.array_index] == value


def test_is_weight_is_true_for_a_weight_only():
    assert is_weight("W[1,1,1]")
    assert not any(map(is_weight, ["dL/dW[1,1,1]", "v(W[1,1,1])", "b[1,1]", "alpha[1]"]))


@pytest.mark.parametrize(
    "text",
    ["W[1,1,1]", "W[10,200,3]", "W[0,1,1]", "W[01,1,1]", "W[1,1,0]", "W[1,1]", "W[1,1,1,1]",
     "W[a]", "W[1,1,1]x", "W[ 1,1,1]", "W[1,1,-1]", "W[]"],
)  # fmt: skip
def test_is_weight_answers_as_the_parsed_key_would(text):
    """Its shortcut for keys written as weight_key writes them changes no answer: a text that
    is no key still raises the parser's ValueError."""
    try:
        key = Key.parse(text)
    except ValueError as error:
        with pytest.raises(ValueError, match=re.escape(str(error))):
            is_weight(text)
    else:
        assert is_weight(text) == (key.kind == "W" and key.wrap is None)


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_every_optimizer_state_has_a_wrap(name):
    assert set(Optimizer(name).state_names) <= set(STATE_WRAPS)


# How keys were written and read by hand before simulator/keys.py; none may come back.
HAND_MADE = {
    "an indexed key written by f-string": r"f[\"'][^\"'\n]*(?<![A-Za-z_])(?:dL/d|d)?"
    r"(?:W|b|z|a|y|alpha)\[[\d,]*\{",
    "a gradient key written by hand": r"dL/d\{",
    "a wrapped key written by f-string": r"\}\(\{+key\b",
    "a key tested by its prefix": r"startswith\([\"'](?:dL/d|(?:W|b|z|a|y|alpha)\[)",
    "a key split at its bracket": r"\.(?:r?partition|r?split)\([\"']\[",
    "a key matched by a regex": r"\\\[[(\[]{0,2}\\d",
}
OLD_LINES = [  # lines from before keys.py, each of which the check must catch
    'reads += [f"W[{layer},{j},{i}]", f"a[{layer - 1},{i}]"]',
    'f"dL/dW[{layer},{j},{i}]",',
    '{f"a[0,{i}]": x for i, x in enumerate(inputs, start=1)},',
    'f"da[{m},{a_index + 1}]/dz[{m},{j + 1}]",',
    'keys = (weight_key(layer, j, i), f"dL/d{weight_key(layer, j, i)}")',
    '("{key}", "eta", "dL/d{key}"),',
    'return key if part.kind == "new" else f"{part.kind}({key})"',
    '(name, f"{kind}({{key}})", "dL/d{key}"),',
    'if k.startswith("W[")',
    'elif key.startswith("dL/d") and key[4:] in labels:',
    'kind, _, rest = key.partition("[")',
    'return key.split("[", 1)[0]',
    '_KEY = re.compile(r"^(W|b|a|z)\\[(\\d+),(\\d+)(?:,(\\d+))?\\]$")',
    '_TOKEN = re.compile(r"(dL/d)?(alpha|W|b|z|a|y)\\[([\\d,]+)\\]|\\beta\\b")',
]


def hand_made(text: str) -> list:
    """What in `text` writes or reads a key by hand, as (what, line) pairs."""
    return [
        (what, line.strip())
        for line in text.splitlines()
        for what, pattern in HAND_MADE.items()
        if re.search(pattern, line)
    ]


@pytest.mark.parametrize("line", OLD_LINES)
def test_the_check_catches_keys_made_by_hand(line):
    assert hand_made(line)


def test_the_check_lets_other_text_through():
    lines = [
        'f"weights[{index}]"',
        'f"hand_worked[{index}].key"',
        'f"{type(self).__name__}({", ".join(self.keys)})"',
        "weight_key(layer, j, i)",
        'name + "".join(f"[{k}]" for k in index)',
    ]
    assert hand_made("\n".join(lines)) == []


# The exported PyTorch script runs without the simulator, so the text that becomes its `show`
# helper writes the grammar itself; tests/simulator/test_pytorch_export.py holds every key it
# prints against the trace's.
STANDALONE = (ROOT / "simulator" / "keys.py", ROOT / "simulator" / "pytorch_code.py")


def test_no_module_but_keys_py_writes_or_reads_keys_by_hand():
    found = []
    for folder in ("simulator", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path not in STANDALONE:
                relative = path.relative_to(ROOT).as_posix()
                found += [
                    f"{relative}: {what}: {line}" for what, line in hand_made(path.read_text())
                ]
    assert found == [], "use simulator/keys.py:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "key, fits",
    [
        ("W[1,2,2]", True),
        ("W[1,2,3]", False),  # layer 0 has 2 neurons
        ("W[2,1,2]", True),
        ("W[2,2,1]", False),  # layer 2 has 1 neuron
        ("z[3,1]", False),  # no layer 3
        ("a[0,2]", True),
        ("a[0,3]", False),
        ("y[1]", True),
        ("y[2]", False),
        ("L", True),
        ("alpha[2]", True),
        ("alpha[3]", False),
        ("mean(dL/dW[2,1,2])", True),
        ("v(b[1,3])", False),
    ],
)
def test_a_key_fits_a_network_by_its_sizes(key, fits):
    assert Key.parse(key).fits((2, 2, 1)) is fits

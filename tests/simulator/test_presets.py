"""Presets: every bundled file loads, builds and round-trips; every kind of bad file is refused
with one sentence naming the file and the field."""

import copy
import json
import re

import numpy as np
import pytest
from networks import notes_preset_dict

from simulator.checker import PresetError
from simulator.cursor import Cursor
from simulator.datasets import Dataset
from simulator.presets import (
    FORMAT,
    Preset,
    bundled_folder,
    bundled_names,
    load_preset,
)

NOTES_PRESETS = [
    "notes-2-2-1-sigmoid-bce",
    "notes-chain-sigmoid",
    "notes-linear-collapse",
    "notes-3-2-1-sigmoid",
    "notes-deep-chain-vanishing",
    "notes-deep-chain-relu",
    "softmax-3-class",
]


def test_bundled_names_are_the_sorted_json_files():
    names = bundled_names()
    assert names == sorted(names)
    assert set(NOTES_PRESETS) <= set(names)
    assert names == sorted(path.stem for path in bundled_folder().glob("*.json"))


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_preset_loads_builds_and_round_trips(name):
    preset = load_preset(name)
    network, data = preset.build_network(), preset.load_data()
    assert network.sizes == tuple(preset.layers)
    assert data.inputs.shape[1] == preset.layers[0]
    assert data.targets.shape[1] == preset.layers[-1]
    assert Cursor(network, data).trace.steps
    assert preset.description and preset.source
    written = json.loads((bundled_folder() / f"{name}.json").read_text(encoding="utf-8"))
    assert preset.to_dict() == written
    again = json.loads(json.dumps(preset.to_dict()))
    assert Preset.from_dict(again, name, preset.path) == preset  # a CSV is read beside it


def test_trailing_zeros_of_a_written_value_are_kept():
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    entry = next(e for e in preset.hand_worked if e.key == "dL/dW[1,2,2]")
    assert (entry.written, entry.value, entry.label) == ("-0.00490", -0.0049, "dL/dw22")
    assert entry.to_dict()["value"] == "-0.00490"
    assert preset.hand_worked[0].to_dict() == {"key": "z[1,1]", "value": 0.44, "label": "Z1"}


def test_explicit_weights_become_the_networks_parameters():
    network = load_preset("notes-2-2-1-sigmoid-bce").build_network()
    assert network.weight(1).tolist() == [[0.2, 0.3], [0.4, 0.7]]
    assert network.bias(2).tolist() == [0.3]
    assert network.loss == "bce" and network.optimizer.learning_rate == 0.1


def test_init_scheme_gives_the_same_network_for_the_same_seed():
    data = notes_preset_dict()
    del data["weights"], data["biases"], data["hand_worked"]
    data["init"] = {"scheme": "he", "seed": 3}
    first = Preset.from_dict(data, "a.json").build_network()
    second = Preset.from_dict(copy.deepcopy(data), "a.json").build_network()
    assert np.array_equal(first.weight(1), second.weight(1))
    data["init"]["seed"] = 4
    third = Preset.from_dict(data, "a.json").build_network()
    assert not np.array_equal(first.weight(1), third.weight(1))


def test_prelu_alpha_becomes_a_learned_parameter():
    data = notes_preset_dict()
    data["activations"] = [{"name": "prelu", "alpha": 0.3}, "sigmoid"]
    network = Preset.from_dict(data, "a.json").build_network()
    assert float(network.parameters["alpha1"]) == 0.3


def test_csv_data_is_read_relative_to_the_preset(tmp_path):
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "points.csv").write_text("x1,x2,label\n0.5,0.8,1\n0.1,0.2,0\n", encoding="utf-8")
    data = notes_preset_dict()
    data["data"] = {"csv": "points.csv", "targets": ["label"]}
    (folder / "lesson.json").write_text(json.dumps(data), encoding="utf-8")
    preset = load_preset(folder / "lesson.json")
    dataset = preset.load_data()
    assert dataset.inputs.tolist() == [[0.5, 0.8], [0.1, 0.2]]
    assert dataset.targets.tolist() == [[1.0], [0.0]]
    saved = Preset.from_network(preset.build_network(), preset.data, preset)
    assert saved.data == preset.data and saved.hand_worked == []
    assert np.array_equal(saved.load_data().inputs, dataset.inputs)


def test_generated_data_must_fit_the_layers():
    data = notes_preset_dict()
    data["layers"], data["activations"] = [3, 1], ["sigmoid"]
    data["weights"], data["biases"] = [[[0.1, 0.2, 0.3]]], [[0.0]]
    data["data"] = {"dataset": "xor", "samples": 4}
    del data["hand_worked"]
    preset = Preset.from_dict(data, "wide.json")
    with pytest.raises(PresetError, match=r"^wide\.json: field 'data' should give 3 inputs"):
        preset.load_data()


def test_saved_network_round_trips_with_optimizer_state(tmp_path):
    base = load_preset("moons")
    data = base.to_dict()
    data["activations"] = [{"name": "prelu", "alpha": 0.25}, "tanh", "sigmoid"]
    preset = Preset.from_dict(data, "moons.json")
    cursor = Cursor(preset.build_network(), preset.load_data())
    for _ in range(3):
        cursor.finish()
        cursor.step_forward()
    saved = Preset.from_network(cursor.network, preset.data, preset)
    saved.save(tmp_path / "saved.json")
    restored = load_preset(tmp_path / "saved.json")
    assert restored == saved
    network, original = restored.build_network(), cursor.network
    for name, value in original.parameters.items():
        assert np.array_equal(network.parameters[name], value), name
        for kind, state in original.optimizer_state[name].items():
            assert np.array_equal(network.optimizer_state[name][kind], state), (name, kind)
    assert (network.step_count, network.epoch, network.batch_in_epoch) == (
        original.step_count,
        original.epoch,
        original.batch_in_epoch,
    )
    assert network.step_count == 3
    assert restored.activations[0].alpha == float(original.parameters["alpha1"]) != 0.25


def test_saved_network_keeps_its_next_iteration():
    preset = load_preset("notes-linear-collapse")
    data = preset.load_data()
    cursor = Cursor(preset.build_network(), data)
    cursor.finish()
    cursor.step_forward()
    saved = Preset.from_network(cursor.network, data)
    assert saved.data == {"inputs": data.inputs.tolist(), "targets": data.targets.tolist()}
    again = Cursor(saved.build_network(), saved.load_data())
    assert [s.value for s in again.trace.steps] == [s.value for s in cursor.trace.steps]
    assert isinstance(saved.load_data(), Dataset)


def test_unknown_preset_name_says_so():
    with pytest.raises(PresetError, match="no-such-preset: no such preset file"):
        load_preset("no-such-preset")


def test_format_number_is_one():
    assert FORMAT == 1 and notes_preset_dict()["format"] == FORMAT


def change(path, value):
    """A copy of the valid preset with one field (dotted path, list indices) set or deleted."""

    def edit(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
        return data

    return edit


def initialised(init):
    """A copy of the valid preset that starts from `init` instead of explicit weights."""

    def edit(data):
        data = {k: v for k, v in data.items() if k not in ("weights", "biases", "hand_worked")}
        return data | {"init": init}

    return edit


def nested(depth: int) -> list:
    """A number inside `depth` - 1 lists, inside the preset's own object: JSON `depth` deep."""
    value = 0.5
    for _ in range(depth - 1):
        value = [value]
    return value


DELETE = object()
MALFORMED = [
    (change(["format"], DELETE), ["'format'", "missing", "be 1"]),
    (change(["format"], 2), ["'format'", "be 1", "got 2"]),
    (change(["name"], DELETE), ["'name'", "missing"]),
    (change(["name"], 7), ["'name'", "text", "got 7"]),
    (change(["colour"], "red"), ["'colour'", "not part of the preset format"]),
    (change(["layers"], DELETE), ["'layers'", "missing"]),
    (change(["layers"], [2]), ["'layers'", "at least 2"]),
    (change(["layers"], "2-2-1"), ["'layers'", "list"]),
    (change(["layers", 1], 0), ["'layers[1]'", "at least 1", "got 0"]),
    (change(["layers", 1], 2.5), ["'layers[1]'", "whole number"]),
    (change(["activations"], ["sigmoid"]), ["'activations'", "2 activations"]),
    (change(["activations", 0], "wobbly"), ["'activations[0]'", "sigmoid", "'wobbly'"]),
    (
        change(["activations", 0], {"name": "leaky_relu", "alpha": "big"}),
        ["'activations[0].alpha'", "finite number", "'big'"],
    ),
    (change(["activations", 0], {"name": "elu", "alpha": -1}), ["'activations[0].alpha'"]),
    (
        change(["activations", 0], {"name": "sigmoid", "alpha": 0.2}),
        ["'activations[0].alpha'", "sigmoid has no alpha"],
    ),
    (change(["activations", 0], {"alpha": 0.2}), ["'activations[0].name'", "missing"]),
    (change(["activations", 0], "softmax"), ["'activations[0]'", "output layer only"]),
    (change(["activations", 1], "softmax"), ["'activations[1]'", "one output neuron"]),
    (
        change(["weights", 1], [[0.5, 0.6], [0.1, 0.2]]),
        ["'weights[1]'", "shape 1x2 (layer 2 has 1 neuron, layer 1 has 2), got 2x2"],
    ),
    (change(["weights", 0], [[0.2, 0.3], [0.4]]), ["'weights[0]'", "rows of different lengths"]),
    (change(["weights", 0, 1, 0], "abc"), ["'weights[0][1][0]'", "finite number", "'abc'"]),
    (change(["weights", 0, 0, 0], float("nan")), ["'weights[0][0][0]'", "finite number"]),
    (change(["weights", 0, 0, 0], float("inf")), ["'weights[0][0][0]'", "finite number"]),
    (change(["weights"], [[[0.2, 0.3], [0.4, 0.7]]]), ["'weights'", "list of 2"]),
    (change(["biases", 0], [0.1]), ["'biases[0]'", "length 2", "got length 1"]),
    (change(["biases", 1, 0], None), ["'biases[1][0]'", "finite number", "got nothing"]),
    (change(["biases"], DELETE), ["'biases'", "missing", "'weights'"]),
    (change(["weights"], DELETE), ["'weights'", "missing", "'biases'"]),
    (
        lambda d: {k: v for k, v in d.items() if k not in ("weights", "biases")},
        ["'weights' and 'biases' are missing", "init"],
    ),
    (change(["init"], {"scheme": "xavier"}), ["'init'", "left out"]),
    (initialised({"scheme": "zeros"}), ["'init.scheme'", "xavier, he, uniform", "'zeros'"]),
    (initialised({"scheme": "he", "seed": -1}), ["'init.seed'", "at least 0"]),
    (change(["loss"], "hinge"), ["'loss'", "mse, bce, cce", "'hinge'"]),
    (change(["loss"], DELETE), ["'loss'", "missing"]),
    (change(["loss"], "cce"), ["'loss'", "cce needs softmax"]),
    (change(["optimizer"], "sgd"), ["'optimizer'", "object"]),
    (change(["optimizer", "name"], "lion"), ["'optimizer.name'", "sgd, momentum", "'lion'"]),
    (change(["optimizer", "learning_rate"], 0), ["'optimizer.learning_rate'", "above 0"]),
    (change(["optimizer", "learning_rate"], -0.1), ["'optimizer.learning_rate'", "above 0"]),
    (change(["optimizer", "learning_rate"], DELETE), ["'optimizer.learning_rate'", "missing"]),
    (
        change(["optimizer"], {"name": "momentum", "learning_rate": 0.1, "beta": 1.5}),
        ["'optimizer.beta'", "below 1", "got 1.5"],
    ),
    (
        change(["optimizer"], {"name": "adam", "learning_rate": 0.1, "beta2": -0.1}),
        ["'optimizer.beta2'", "at least 0"],
    ),
    (
        change(["optimizer"], {"name": "rmsprop", "learning_rate": 0.1, "eps": 0}),
        ["'optimizer.eps'", "above 0"],
    ),
    (change(["optimizer", "beta"], 0.9), ["'optimizer.beta'", "sgd optimizer"]),
    (change(["batch_size"], 0), ["'batch_size'", "at least 1", "got 0"]),
    (change(["seed"], "random"), ["'seed'", "whole number"]),
    (change(["data"], DELETE), ["'data'", "missing"]),
    (change(["data"], []), ["'data'", "object"]),
    (change(["data"], {}), ["'data'", "inputs"]),
    (change(["data", "dataset"], "xor"), ["'data'", "dataset"]),
    (change(["data", "inputs"], [[0.5, 0.8, 0.1]]), ["'data.inputs'", "shape 1x2", "got 1x3"]),
    (change(["data", "inputs"], []), ["'data.inputs'", "at least one sample"]),
    (change(["data", "targets"], [[1.0], [0.0]]), ["'data.targets'", "shape 1x1", "got 2x1"]),
    (change(["data", "targets"], DELETE), ["'data.targets'", "missing"]),
    (change(["data"], {"dataset": "swirl"}), ["'data.dataset'", "moons", "'swirl'"]),
    (change(["data"], {"dataset": "xor", "samples": 0}), ["'data.samples'", "at least 1"]),
    (change(["data"], {"dataset": "xor", "noise": -0.1}), ["'data.noise'", "at least 0"]),
    (
        change(["data"], {"csv": "nowhere.csv", "targets": ["y"]}),
        ["'data.csv'", "'nowhere.csv', not there"],
    ),
    # the preset itself stands in for an existing CSV file: the targets are what is wrong
    (change(["data"], {"csv": "broken.json", "targets": []}), ["'data.targets'", "column"]),
    (change(["hand_worked"], {"z[1,1]": 0.44}), ["'hand_worked'", "list"]),
    (change(["hand_worked", 0], 0.44), ["'hand_worked[0]'", "object"]),
    (change(["hand_worked", 0, "key"], DELETE), ["'hand_worked[0].key'", "missing"]),
    (change(["hand_worked", 0, "value"], DELETE), ["'hand_worked[0].value'", "missing"]),
    (change(["hand_worked", 0, "key"], "Z1"), ["'hand_worked[0].key'", "step key", "'Z1'"]),
    (
        change(["hand_worked", 0, "key"], "z[3,1]"),
        ["'hand_worked[0].key'", "step of this 2-2-1 network", "'z[3,1]'"],
    ),
    (change(["hand_worked", 0, "key"], "dL/dW[2,1,3]"), ["'hand_worked[0].key'", "2-2-1"]),
    (change(["hand_worked", 0, "key"], "v(W[1,1,1])"), ["'hand_worked[0].key'", "2-2-1"]),
    (change(["hand_worked", 0, "value"], "0.4.4"), ["'hand_worked[0].value'", "'0.4.4'"]),
    (change(["hand_worked", 0, "value"], True), ["'hand_worked[0].value'", "finite number"]),
    (change(["hand_worked", 0, "note"], "slip"), ["'hand_worked[0].note'", "not part of"]),
    (change(["optimizer_state"], {}), ["'optimizer_state'", "sgd keeps no state"]),
    (change(["step_count"], -1), ["'step_count'", "at least 0"]),
    # limits (simulator/limits.py), refused before anything is allocated
    (change(["layers", 1], 100_000), ["'layers[1]'", "at most 1,024 neurons", "got 100000"]),
    (change(["layers"], [1] * 70), ["'layers'", "at most 65 sizes", "got 70 sizes"]),
    (change(["data"], {"dataset": "xor", "samples": 10**18}), ["'data.samples'", "200,000"]),
    (change(["name"], "x" * 201), ["'name'", "at most 200 characters", "got 201 characters"]),
    (change(["description"], "x" * 10_001), ["'description'", "at most 10,000 characters"]),
    (change(["hand_worked", 0, "label"], "x" * 101), ["'hand_worked[0].label'", "at most 100"]),
    (change(["hand_worked"], [{"key": "L", "value": 1}] * 1001), ["at most 1,000", "got 1001"]),
    (change(["hand_worked", 0, "value"], "1e999"), ["'hand_worked[0].value'", "finite", "'1e999'"]),
    (change(["optimizer", "learning_rate"], 10**400), ["'optimizer.learning_rate'", "finite"]),
    (change(["weights"], nested(17)), ["'weights'", "at most 16 deep", "deeper"]),
]


@pytest.mark.parametrize("edit, words", MALFORMED)
def test_malformed_preset_is_refused_with_one_sentence(tmp_path, edit, words):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(edit(notes_preset_dict())), encoding="utf-8")
    with pytest.raises(PresetError) as caught:
        load_preset(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and message.endswith(".")
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"format": 1,\n  "name": oops}', ["expected JSON", "line 2, column 11"]),
        ("[1, 2]", ["JSON object", "got [1, 2]"]),
        ("", ["JSON", "line 1, column 1"]),
    ],
)
def test_file_that_is_no_preset_object_is_refused(tmp_path, text, words):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PresetError) as caught:
        load_preset(path)
    assert str(caught.value).startswith(f"{path}: ")
    for word in words:
        assert word in str(caught.value)


def test_optimizer_state_must_cover_every_parameter():
    data = notes_preset_dict()
    data["optimizer"] = {"name": "momentum", "learning_rate": 0.1, "beta": 0.9}
    data["optimizer_state"] = {"W1": {"v": [[0.0, 0.0], [0.0, 0.0]]}}
    with pytest.raises(PresetError, match=r"field 'optimizer_state.b1' is missing"):
        Preset.from_dict(data, "state.json")
    data["optimizer_state"]["W1"] = {"v": [[0.0, 0.0]]}
    with pytest.raises(PresetError, match=r"field 'optimizer_state.W1.v' should have shape 2x2"):
        Preset.from_dict(data, "state.json")


def test_a_worksheets_asked_keys_round_trip():
    data = notes_preset_dict() | {"asks": ["z[1,2]", "dL/dW[2,1,1]", "W[1,1,1]"]}
    preset = Preset.from_dict(data, "sheet.json")
    assert preset.asks == ["z[1,2]", "dL/dW[2,1,1]", "W[1,1,1]"]
    assert Preset.from_dict(preset.to_dict(), "again.json") == preset
    assert "asks" not in Preset.from_dict(notes_preset_dict(), "plain.json").to_dict()


@pytest.mark.parametrize(
    "asks, words",
    [
        ("z[1,2]", "field 'asks' should be a list of step keys"),
        (["z[1,2]", "zz"], "field 'asks[1]' should be a step key"),
        (["z[3,1]"], "field 'asks[0]' should name a step of this 2-2-1 network"),
    ],
)
def test_asked_keys_must_be_steps_of_the_network(asks, words):
    with pytest.raises(PresetError, match=re.escape(words)) as caught:
        Preset.from_dict(notes_preset_dict() | {"asks": asks}, "sheet.json")
    assert str(caught.value).startswith("sheet.json: ")


def test_names_and_the_notes_working_round_trip():
    data = notes_preset_dict()
    data["names"] = {"W[1,1,2]": "w21", "a[0,1]": "x1", "y[1]": "y", "mean(dL/db[2,1])": "db0"}
    data["hand_worked"][0]["why"] = "The notes add the bias twice."
    preset = Preset.from_dict(data, "named.json")
    assert preset.names == data["names"] and preset.hand_worked[0].why.startswith("The notes")
    # names go by the sizes, so they outlive a change of optimizer, batch or activation
    other = {"v(W[1,1,2])": "v21", "alpha[1]": "a1", "dL/dalpha[2]": "da", "L": "J"}
    assert Preset.from_dict(data | {"names": other}, "sgd.json").names == other
    assert Preset.from_dict(preset.to_dict(), "again.json") == preset
    plain = Preset.from_dict(notes_preset_dict(), "plain.json").to_dict()
    assert "names" not in plain and "why" not in plain["hand_worked"][0]


@pytest.mark.parametrize(
    "names, words",
    [
        (["w21"], "field 'names' should be an object such as"),
        ({"w21": "w21"}, "field 'names' should map keys such as 'z[1,2]'"),
        ({"W[1,1,2]": ""}, "field 'names.W[1,1,2]' should be a name of at most 40 characters"),
        ({"W[1,1,2]": 21}, "field 'names.W[1,1,2]' should be a name of at most 40 characters"),
        ({"W[1,1,2]": "w\n21"}, "field 'names.W[1,1,2]' should be a name of at most 40"),
        ({"W[1,1,2]": "w`21"}, "field 'names.W[1,1,2]' should be a name of at most 40"),
        ({"W[1,1,2]": "w" * 41}, "field 'names.W[1,1,2]' should be a name of at most 40"),
        (
            {"W[1,3,1]": "w13"},
            "field 'names' should name keys of this 2-2-1 network, got 'W[1,3,1]'",
        ),
        ({"a[0,3]": "x3"}, "field 'names' should name keys of this 2-2-1 network"),
        ({"y[2]": "y2"}, "field 'names' should name keys of this 2-2-1 network"),
        ({"W[2,1,3]": "w31"}, "field 'names' should name keys of this 2-2-1 network"),
        ({"z[3,1]": "Z"}, "field 'names' should name keys of this 2-2-1 network"),
    ],
)
def test_names_must_name_keys_of_the_network(names, words):
    with pytest.raises(PresetError, match=re.escape(words)) as caught:
        Preset.from_dict(notes_preset_dict() | {"names": names}, "named.json")
    assert str(caught.value).startswith("named.json: ") and str(caught.value).endswith(".")

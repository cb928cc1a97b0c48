"""A preset's data fields: a label column, standardisation, targets the loss can compare, and
the data as a trained network saves it."""

import json

import numpy as np
import pytest

from simulator.checker import PresetError
from simulator.data_fields import DATA_FIELDS
from simulator.network import LayerActivation
from simulator.preset_data import saved_data
from simulator.presets import Preset, load_preset

FLOWERS = "a,b,species\n1,10,red\n2,20,blue\n3,30,red\n4,40,green\n5,50,blue\n6,60,green\n"


def labelled(tmp_path, **data):
    (tmp_path / "flowers.csv").write_text(FLOWERS, encoding="utf-8")
    spec = {
        "format": 1,
        "name": "flowers",
        "layers": [2, 4, 3],
        "activations": ["tanh", "softmax"],
        "init": {"scheme": "xavier", "seed": 0},
        "loss": "cce",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": {"csv": "flowers.csv", "label": "species", **data},
    }
    path = tmp_path / "flowers.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_a_label_column_preset_trains_on_one_target_per_class_with_its_names(tmp_path):
    preset = load_preset(labelled(tmp_path))
    data = preset.load_data()
    assert data.classes == ("blue", "green", "red")
    assert data.targets.argmax(axis=1).tolist() == [2, 0, 2, 1, 0, 1]
    assert Preset.from_dict(preset.to_dict(), "again", preset.path) == preset


def test_standardize_true_scales_by_the_training_split(tmp_path):
    preset = load_preset(labelled(tmp_path, standardize=True))
    everything = preset.load_data()
    np.testing.assert_allclose(everything.inputs.mean(axis=0), 0.0, atol=1e-12)
    split = preset.training_data(test_fraction=0.5, seed=2)
    raw = load_preset(labelled(tmp_path)).training_data(test_fraction=0.5, seed=2)
    assert split.standardization.mean == pytest.approx(raw.train.inputs.mean(axis=0).tolist())


def test_the_label_must_match_the_output_layer_in_one_sentence(tmp_path):
    spec = json.loads(labelled(tmp_path).read_text())
    spec["layers"] = [2, 4, 2]
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(spec))
    with pytest.raises(PresetError) as caught:
        load_preset(path).load_data()
    message = str(caught.value)
    assert "'layers'" in message and "3 outputs for the 3 classes of column 'species'" in message


@pytest.mark.parametrize(
    "data, words",
    [
        ({"standardize": "yes"}, ["data.standardize", "true, false or"]),
        ({"standardize": {"mean": [0.0, 0.0]}}, ["data.standardize.std", "missing"]),
        ({"standardize": {"mean": [0.0], "std": [1.0]}}, ["data.standardize.mean", "length 2"]),
        ({"standardize": {"mean": [0, 0], "std": [1, 0]}}, ["data.standardize.std[1]", "above 0"]),
        ({"standardize": {"mean": [0, 0], "std": [1, 1], "x": 1}}, ["data.standardize.x"]),
        ({"label": ""}, ["data.label", "column that holds the classes"]),
        ({"targets": ["a"]}, ["data", 'either "targets"']),
        ({"noise": 0.1}, ["data.noise", "not part of CSV data"]),
    ],
)
def test_bad_data_fields_are_one_sentence_naming_the_field(tmp_path, data, words):
    spec = json.loads(labelled(tmp_path).read_text())
    spec["data"] |= data
    with pytest.raises(PresetError) as caught:
        Preset.from_dict(spec, "flowers.json", tmp_path / "flowers.json")
    message = str(caught.value)
    assert message.startswith("flowers.json: ") and message.count(".") >= 1
    assert all(word in message for word in words)


def inline(loss, output, targets):
    return {
        "format": 1,
        "name": "t",
        "layers": [1, len(targets[0])],
        "activations": [output],
        "init": {"scheme": "xavier"},
        "loss": loss,
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": {"inputs": [[0.0]] * len(targets), "targets": targets},
    }


@pytest.mark.parametrize(
    "loss, output, targets, got",
    [
        ("bce", "sigmoid", [[0.0], [1.5]], "got [1.5] in sample 2."),
        ("bce", "sigmoid", [[-1.0]], "got [-1.0] in sample 1."),
        ("cce", "softmax", [[0.5, 0.0], [1.0, 0.0]], "got [0.5, 0.0] in sample 1."),
        ("cce", "softmax", [[1.0, 0.0], [2.0, -1.0]], "got [2.0, -1.0] in sample 2."),
    ],
)
def test_targets_the_loss_cannot_compare_are_refused_by_the_reader(loss, output, targets, got):
    with pytest.raises(PresetError) as caught:
        Preset.from_dict(inline(loss, output, targets), "t.json")
    message = str(caught.value)
    assert message.startswith("t.json: field 'data.targets' should ") and message.endswith(got)
    assert ("between 0 and 1" if loss == "bce" else "class probabilities") in message


def test_csv_targets_are_checked_against_the_loss_too(tmp_path):
    (tmp_path / "d.csv").write_text("x,y\n1,0\n2,3\n", encoding="utf-8")
    spec = inline("bce", "sigmoid", [[0.0]]) | {"data": {"csv": "d.csv", "targets": ["y"]}}
    preset = Preset.from_dict(spec, "d.json", tmp_path / "d.json")
    with pytest.raises(PresetError, match=r"'data.targets' should lie between 0 and 1.*sample 2"):
        preset.load_data()


def test_every_kind_of_data_may_be_standardised():
    assert all("standardize" in fields for fields in DATA_FIELDS.values())
    spec = inline("mse", "linear", [[1.0], [2.0]])
    spec["data"] |= {"inputs": [[10.0], [30.0]], "standardize": True}
    assert Preset.from_dict(spec, "t.json").load_data().inputs.tolist() == [[-1.0], [1.0]]


def test_a_saved_copy_names_a_csv_in_its_own_folder_else_writes_the_rows(tmp_path):
    preset = load_preset(labelled(tmp_path, standardize=True))
    scaling = preset.training_data().standardization
    beside = saved_data(preset, scaling, tmp_path)
    assert beside == {"csv": "flowers.csv", "label": "species", "standardize": scaling.to_dict()}
    elsewhere = saved_data(preset, scaling, tmp_path / "other")
    assert elsewhere["inputs"][0] == [1.0, 10.0] and elsewhere["targets"][0] == [0.0, 0.0, 1.0]
    assert elsewhere["standardize"] == scaling.to_dict()


def test_the_iris_preset_names_its_csv_and_three_text_classes():
    preset = load_preset("iris")
    data = preset.load_data()
    assert data.inputs.shape == (150, 4) and data.classes == ("setosa", "versicolor", "virginica")
    assert preset.data == {"csv": "iris.csv", "label": "species", "standardize": True}
    assert preset.activations[-1] == LayerActivation.of("softmax")

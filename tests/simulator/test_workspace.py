"""The Workspace: the user's work as one frozen object, edited by pure checked functions."""

import json
import re
from dataclasses import replace

import numpy as np
import pytest
from networks import notes_data, notes_network

from simulator.checker import PresetError
from simulator.datasets import Dataset
from simulator.presets import load_preset
from simulator.settings import Settings
from simulator.workspace import Workspace

NOTES = "notes-2-2-1-sigmoid-bce"


@pytest.fixture
def notes():
    return Workspace.open(NOTES)


def test_opening_a_bundled_preset_keeps_its_name_and_no_file(notes):
    assert notes.origin == NOTES and notes.path is None
    assert notes.title.startswith("Notes: 2-2-1") and len(notes.hand_worked) == 24
    assert notes.notes_apply and not notes.notes_dropped


def test_opening_a_file_remembers_the_file(tmp_path, notes):
    path = tmp_path / "mine.json"
    notes.to_preset().save(path)
    opened = Workspace.open(str(path))
    assert opened.path == path and opened.origin == str(path)


def test_to_preset_round_trips_every_number(notes):
    edited = notes.with_settings(replace(notes.settings, optimizer="adam", learning_rate=0.05))
    cursor = edited.cursor()
    cursor.finish()
    cursor.step_forward()  # one adam step: moments and progress move on
    moved = edited.with_progress(cursor.network)
    again = Workspace.from_preset(load_preset_from(moved))
    for name, value in moved.network.parameters.items():
        assert np.array_equal(again.network.parameters[name], value)
    for name, state in moved.network.optimizer_state.items():
        for kind, value in state.items():
            assert np.array_equal(again.network.optimizer_state[name][kind], value)
    assert again.network.step_count == 1 and again.settings == moved.settings


def load_preset_from(workspace):
    from simulator.presets import Preset

    return Preset.from_dict(json.loads(json.dumps(workspace.to_preset().to_dict())), "saved")


def test_its_arrays_are_read_only(notes):
    with pytest.raises(ValueError):
        notes.network.parameters["W1"][0, 0] = 9.0
    with pytest.raises(ValueError):
        notes.data.inputs[0, 0] = 9.0


def test_a_workspace_built_from_a_live_network_leaves_that_network_writable():
    network = notes_network()
    Workspace(network, notes_data(), "mine")
    network.parameters["W1"][0, 0] = 0.25  # the caller's own object is not frozen
    assert network.parameters["W1"][0, 0] == 0.25


def test_setting_a_weight_returns_a_new_workspace_and_drops_the_notes(notes):
    edited = notes.with_value("W[1,1,2]", 0.35)
    assert edited.network.parameters["W1"][0, 1] == 0.35
    assert notes.network.parameters["W1"][0, 1] == 0.3
    assert edited.hand_worked == () and edited.notes_dropped
    assert edited.comparisons(edited.first_trace()) == []
    assert edited.value_of("W[1,1,2]") == 0.35


def test_setting_an_input_and_a_target_edits_that_data_row():
    workspace = Workspace(notes_network(), Dataset([[0.5, 0.8], [0.1, 0.2]], [[1.0], [0.0]]), "two")
    edited = workspace.with_value("a[0,2]", 0.9, row=1).with_value("y[1]", 1.0, row=1)
    assert edited.data.inputs.tolist() == [[0.5, 0.8], [0.1, 0.9]]
    assert edited.data.targets.tolist() == [[1.0], [1.0]]


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("W[1,1,1]", float("inf"), "W[1,1,1]"),
        ("z[1,1]", 0.5, "cannot be edited"),
        ("y[1]", 1.5, "between 0 and 1"),
    ],
)
def test_a_bad_value_is_refused_with_one_sentence(notes, key, value, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        notes.with_value(key, value)


def test_new_layer_sizes_get_seeded_weights_and_drop_the_notes(notes):
    # issue 9: 2-2-1 -> 2-1-1 raised a KeyError on the notes' z[1,2]
    narrow = notes.with_settings(replace(notes.settings, sizes=(2, 1, 1)))
    assert narrow.network.sizes == (2, 1, 1) and narrow.notes_dropped
    trace = narrow.first_trace()
    assert narrow.comparisons(trace) == [] and trace.find("z[1,2]") is None
    again = notes.with_settings(replace(notes.settings, sizes=(2, 1, 1)))
    assert np.array_equal(again.network.parameters["W1"], narrow.network.parameters["W1"])


def test_a_new_learning_rate_keeps_weights_and_progress(notes):
    cursor = notes.cursor()
    cursor.finish()
    cursor.step_forward()
    moved = notes.with_progress(cursor.network)
    faster = moved.with_settings(replace(moved.settings, learning_rate=0.5))
    assert faster.network.step_count == 1
    assert np.array_equal(faster.network.parameters["W2"], moved.network.parameters["W2"])
    wider = moved.with_settings(replace(moved.settings, sizes=(2, 3, 1)))
    assert wider.network.step_count == 0  # a new network starts training afresh


@pytest.mark.parametrize(
    "change, words",
    [
        ({"sizes": (3, 2, 1)}, "the layer sizes should start with 2 and end with 1"),
        ({"activations": ("softmax", "sigmoid")}, "the layer 1 activation should be elementwise"),
        ({"activations": ("sigmoid", "softmax")}, "the layer 2 activation should not be softmax"),
        ({"loss": "cce"}, "the loss should be mse or bce for a sigmoid output layer"),
        ({"learning_rate": -1.0}, "the learning rate should be a finite number above 0"),
        ({"learning_rate": float("nan")}, "the learning rate should be a finite number above 0"),
        ({"batch_size": 5}, "the batch size should be at most 1, the number of samples"),
    ],
)
def test_settings_the_file_format_refuses_are_refused_the_same_way(notes, change, words):
    with pytest.raises(PresetError, match=f"^Your settings: {words}"):
        notes.with_settings(replace(notes.settings, **change))


def test_a_preset_that_fails_while_loading_is_refused_whole(tmp_path):
    data = load_preset("xor").to_dict() | {"batch_in_epoch": 9}
    path = tmp_path / "late.json"
    path.write_text(json.dumps(data))
    with pytest.raises(PresetError, match=r"late\.json: field 'batch_in_epoch' should be below"):
        Workspace.open(str(path))


def test_other_data_must_fit_the_layers(notes):
    wide = Dataset([[0.1, 0.2, 0.3]], [[1.0]], "wide")
    with pytest.raises(PresetError, match="field 'data' should give 2 inputs per sample"):
        notes.with_data(wide)
    other = notes.with_data(Dataset([[0.1, 0.2], [0.3, 0.4]], [[1.0], [0.0]], "two"))
    assert len(other.data) == 2 and other.notes_dropped and other.data_spec is None


def test_trained_parameters_must_have_the_same_shapes(notes):
    trained = {k: np.asarray(v) + 1.0 for k, v in notes.network.parameters.items()}
    assert notes.with_parameters(trained).network.parameters["b2"][0] == pytest.approx(1.3)
    with pytest.raises(ValueError, match="other layer sizes"):
        notes.with_parameters({"W1": np.zeros((3, 2))})


def test_renaming_keeps_the_numbers_and_the_notes(notes):
    renamed = notes.renamed("  My lesson ")
    assert renamed.title == "My lesson" and renamed.hand_worked == notes.hand_worked
    with pytest.raises(PresetError):
        notes.renamed("   ")


def test_the_saved_preset_holds_the_notes_only_while_they_apply(notes):
    assert len(notes.to_preset().hand_worked) == 24
    assert notes.with_value("b[2,1]", 0.4).to_preset().hand_worked == []


def test_a_generated_data_set_stays_a_spec_until_edited():
    xor = Workspace.open("xor")
    assert xor.to_preset().data == load_preset("xor").data
    assert "inputs" in xor.with_value("a[0,1]", 0.5).to_preset().data


def test_settings_name_what_changed():
    old = Settings((2, 2, 1), ("sigmoid", "sigmoid"), "bce", "sgd", 0.1, 1)
    assert replace(old, loss="mse", batch_size=2).changed(old) == ["loss", "batch_size"]


def test_the_notes_names_stay_with_the_numbers_until_the_layers_change(notes):
    assert notes.names.of("W[1,1,2]") == "w21" and notes.names.of("a[2,1]") == "O"
    edited = notes.with_value("W[1,1,1]", 0.25)
    assert edited.notes_dropped and not edited.hand_worked  # the notes' values no longer apply
    assert edited.names == notes.names  # but w21 is still the weight from x2 to H1
    relu = edited.with_settings(replace(edited.settings, activations=("relu", "sigmoid")))
    assert relu.names == notes.names
    wider = notes.with_settings(replace(notes.settings, sizes=(2, 3, 1)))
    assert not wider.names and not wider.hand_worked and wider.notes_dropped
    assert notes.names.of("W[1,1,2]") == "w21"  # the work before the edit keeps them (undo)


def test_to_preset_writes_the_names_and_the_notes_working(notes):
    again = load_preset_from(notes)
    assert again.names == notes.names.to_dict() and len(again.names) == len(notes.names)
    (slip,) = [entry for entry in again.hand_worked if entry.key == "dL/da[2,1]"]
    assert "O - y" in slip.why
    assert load_preset_from(notes.with_value("W[1,1,1]", 0.25)).names == again.names


def test_a_csv_with_a_label_and_standardisation_saves_its_spec_and_reopens_the_same(tmp_path):
    import shutil

    from simulator.presets import bundled_folder

    for name in ("iris.json", "iris.csv"):
        shutil.copy(bundled_folder() / name, tmp_path / name)
    iris = Workspace.open(str(tmp_path / "iris.json"))
    assert iris.data.classes == ("setosa", "versicolor", "virginica")
    scaling = iris.standardization
    assert scaling is not None and len(scaling.mean) == 4
    assert iris.data_spec["csv"] == str((tmp_path / "iris.csv").resolve())
    np.testing.assert_allclose(iris.data.inputs.mean(axis=0), 0.0, atol=1e-12)
    path = tmp_path / "mine.json"
    iris.saved_as(path).to_preset().save(path)
    data = json.loads(path.read_text())["data"]
    assert data == {"csv": "iris.csv", "label": "species", "standardize": scaling.to_dict()}
    again = Workspace.open(str(path))
    np.testing.assert_array_equal(again.data.inputs, iris.data.inputs)
    assert again.data.classes == iris.data.classes and again.standardization == scaling
    (tmp_path / "away").mkdir()
    away = tmp_path / "away" / "mine.json"  # a preset reads files only in its own folder
    iris.saved_as(away).to_preset().save(away)
    data = json.loads(away.read_text())["data"]
    assert set(data) == {"inputs", "targets", "standardize"}
    assert data["standardize"] == scaling.to_dict()
    np.testing.assert_array_equal(Workspace.open(str(away)).data.inputs, iris.data.inputs)


def test_fitting_the_network_to_labelled_data_is_one_edit_that_keeps_the_hidden_layers(tmp_path):
    from simulator.preset_data import chosen_data

    xor = Workspace.open("xor")  # 2-4-1 tanh, sigmoid output, bce
    iris_csv = str(Workspace.open("iris").data_spec["csv"])
    spec = {"csv": iris_csv, "label": "species", "standardize": True}
    data, spec = chosen_data(spec, test_fraction=0.2, seed=1)
    with pytest.raises(ValueError, match="2 inputs per sample"):
        xor.with_data(data, spec)
    fitted = xor.with_data_fitted(data, spec)
    assert fitted.network.sizes == (4, 4, 3)
    assert [a.name for a in fitted.network.activations] == ["tanh", "softmax"]
    assert fitted.network.loss == "cce" and fitted.data is not xor.data
    assert fitted.data_spec == spec and fitted.standardization.mean == tuple(
        spec["standardize"]["mean"]
    )
    assert xor.network.sizes == (2, 4, 1)  # a new Workspace; the old one is unchanged


def test_standardising_fits_the_training_split_only():
    from simulator.datasets import split
    from simulator.preset_data import chosen_data

    iris_csv = str(Workspace.open("iris").data_spec["csv"])
    spec = {"csv": iris_csv, "label": "species", "standardize": True}
    data, saved = chosen_data(spec, test_fraction=0.3, seed=4)
    train, test = split(data, 0.3, 4)
    np.testing.assert_allclose(train.inputs.mean(axis=0), 0.0, atol=1e-12)
    assert np.abs(test.inputs.mean(axis=0)).max() > 1e-3  # the test rows were not in the fit


def test_class_names_survive_an_edit_of_one_input():
    iris = Workspace.open("iris")
    edited = iris.with_value("a[0,1]", 0.5, row=3)
    assert edited.data.classes == iris.data.classes and edited.data_spec is None

"""A preset's data files from hands we do not trust: data.csv stays inside the preset's folder
(unless the user picked the file), no message quotes a file's content, and the data must suit
the loss and the batch size."""

import json

import pytest

from simulator.checker import PresetError
from simulator.presets import Preset, load_preset
from simulator.workspace import Workspace

SECRET = "s3cret-token"


def preset_with(folder, data_spec, **fields):
    """A 2-2-1 bce preset in `folder` whose data is `data_spec`; returns its path."""
    preset = {
        "format": 1,
        "name": "lesson",
        "layers": [2, 2, 1],
        "activations": ["sigmoid", "sigmoid"],
        "init": {"scheme": "xavier", "seed": 0},
        "loss": "bce",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": data_spec,
        **fields,
    }
    path = folder / "lesson.json"
    path.write_text(json.dumps(preset), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    """A class folder, with a private file beside it (outside it) holding a secret."""
    (tmp_path / "class").mkdir()
    (tmp_path / "private.csv").write_text(f"x1,x2,y\n1,2,{SECRET}\n", encoding="utf-8")
    return tmp_path / "class"


@pytest.mark.parametrize("where", ["parent", "absolute", "link", "link to a folder"])
def test_data_csv_leading_out_of_the_folder_is_refused_unread(folder, where):
    private = folder.parent / "private.csv"
    name = {"parent": "../private.csv", "absolute": str(private)}.get(where, "data/private.csv")
    if where == "link":
        name = "data.csv"
        (folder / name).symlink_to(private)
    if where == "link to a folder":
        (folder / "data").symlink_to(folder.parent)
    path = preset_with(folder, {"csv": name, "targets": ["y"]})
    with pytest.raises(PresetError) as caught:
        load_preset(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: field 'data.csv' should name a CSV file inside")
    got = "an absolute path" if where == "absolute" else "which leads outside it"
    assert got in message and SECRET not in message


def test_a_link_that_stays_inside_the_folder_is_followed(folder):
    (folder / "points.csv").write_text("x1,x2,y\n0.5,0.8,1\n", encoding="utf-8")
    (folder / "data.csv").symlink_to(folder / "points.csv")
    preset = load_preset(preset_with(folder, {"csv": "data.csv", "targets": ["y"]}))
    assert preset.load_data().inputs.tolist() == [[0.5, 0.8]]


def test_a_csv_the_user_picked_in_a_dialog_may_lie_anywhere(folder):
    picked = folder.parent / "picked.csv"
    picked.write_text("x1,x2,y\n0.5,0.8,1\n0.1,0.2,0\n", encoding="utf-8")
    spec = {"csv": str(picked), "targets": ["y"]}
    data = json.loads(preset_with(folder, spec).read_text())
    with pytest.raises(PresetError, match="an absolute path"):
        Preset.from_dict(data, "lesson.json", folder / "lesson.json")
    preset = Preset.from_dict(data, "lesson.json", folder / "lesson.json", picked=[picked])
    assert len(preset.load_data()) == 2


def test_the_check_is_made_again_when_the_data_is_read(folder):
    (folder / "data.csv").write_text("x1,x2,y\n0.5,0.8,1\n", encoding="utf-8")
    preset = load_preset(preset_with(folder, {"csv": "data.csv", "targets": ["y"]}))
    (folder / "data.csv").unlink()
    (folder / "data.csv").symlink_to(folder.parent / "private.csv")
    with pytest.raises(PresetError, match="leads outside it"):
        preset.load_data()


@pytest.mark.parametrize(
    "text, words",
    [
        (f"x1,x2,y\n1,{SECRET},0\n", ["line 2, column 2", "expected a finite number"]),
        (f"{SECRET}\n1\n", ["line 1", "column named 'y'", "1 columns"]),
        (f"x1,{SECRET},{SECRET}\n", ["line 1, column 3", "once"]),
        (f'x1,x2,y\n1,"{SECRET}\n2,3\n', ["line 3", "expected 3 cells"]),
        ("x1,x2,y\n1," + "9" * 200_000 + ",0\n", ["line 2", "a huge cell"]),
    ],
)
def test_a_bad_csv_is_located_never_quoted(folder, text, words):
    (folder / "data.csv").write_text(text, encoding="utf-8")
    path = preset_with(folder, {"csv": "data.csv", "targets": ["y"]})
    with pytest.raises(PresetError) as caught:
        load_preset(path).load_data()
    message = str(caught.value)
    assert message.startswith(f"{path} (field 'data.csv'): data.csv, line")
    assert SECRET not in message and "9999" not in message and "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "loss, targets, words",
    [
        (
            "bce",
            [[1.0], [3.0]],
            ["'data.targets'", "between 0 and 1 (bce compares probabilities)", "sample 2"],
        ),
        ("bce", [[-0.5], [1.0]], ["between 0 and 1", "sample 1"]),
        (
            "cce",
            [[0.5, 0.6], [1.0, 0.0]],
            ["class probabilities for cce", "adding up to 1", "sample 1"],
        ),
        ("cce", [[1.0, 0.0], [2.0, -1.0]], ["at least 0", "sample 2"]),
    ],
)
def test_targets_the_loss_cannot_take_are_refused(folder, loss, targets, words):
    outputs = len(targets[0])
    activation = "softmax" if loss == "cce" else "sigmoid"
    spec = {"inputs": [[0.5, 0.8], [0.1, 0.2]], "targets": targets}
    path = preset_with(folder, spec, loss=loss, layers=[2, 2, outputs])
    path.write_text(path.read_text().replace('"sigmoid"]', f'"{activation}"]'), encoding="utf-8")
    with pytest.raises(PresetError) as caught:
        load_preset(path).load_data()
    for word in words:
        assert word in str(caught.value)


def test_targets_in_a_csv_are_checked_too(folder):
    (folder / "data.csv").write_text("x1,x2,y\n0.5,0.8,1\n0.1,0.2,2\n", encoding="utf-8")
    path = preset_with(folder, {"csv": "data.csv", "targets": ["y"]})
    with pytest.raises(
        PresetError, match=r"field 'data.targets' should lie between 0 and 1 .* in sample 2"
    ):
        load_preset(path).load_data()


def test_probabilities_and_one_hot_rows_fit_cce(folder):
    spec = {"inputs": [[0.5, 0.8], [0.1, 0.2]], "targets": [[0.2, 0.3, 0.5], [0, 1, 0]]}
    path = preset_with(folder, spec, loss="cce", layers=[2, 2, 3])
    path.write_text(path.read_text().replace('"sigmoid"]', '"softmax"]'), encoding="utf-8")
    assert load_preset(path).load_data().targets.shape == (2, 3)


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"batch_size": 3}, ["'batch_size' should be at most 2, the number of samples", "got 3"]),
        ({"batch_in_epoch": 2}, ["'batch_in_epoch' should be below 2", "got 2"]),
        ({"batch_size": 2, "batch_in_epoch": 1}, ["'batch_in_epoch' should be below 1"]),
    ],
)
def test_a_batch_must_lie_inside_the_data(folder, fields, words):
    spec = {"inputs": [[0.5, 0.8], [0.1, 0.2]], "targets": [[1.0], [0.0]]}
    with pytest.raises(PresetError) as caught:
        Workspace.open(preset_with(folder, spec, **fields))
    for word in words:
        assert word in str(caught.value)


def test_a_byte_order_mark_is_read_as_utf8(folder):
    path = preset_with(folder, {"dataset": "xor", "samples": 4})
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_preset(path).name == "lesson"


def test_a_preset_file_is_read_no_further_than_its_limit(folder, monkeypatch):
    from simulator import limits

    path = preset_with(folder, {"dataset": "xor", "samples": 4})
    monkeypatch.setattr(limits, "MAX_PRESET_BYTES", 2**20)
    path.write_bytes(b" " * 2**20 + path.read_bytes())
    with pytest.raises(PresetError, match=r"lesson\.json: the file should be at most 1 MiB"):
        load_preset(path)

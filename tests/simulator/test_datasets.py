"""Generated datasets, CSV import and the train/test split."""

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from simulator import limits
from simulator.datasets import (
    DATASETS,
    DataError,
    Dataset,
    csv_columns,
    generate,
    load_csv,
    split,
)


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_same_points_other_seed_other_points(name):
    first, again = generate(name, 60, 0.2, seed=5), generate(name, 60, 0.2, seed=5)
    other = generate(name, 60, 0.2, seed=6)
    assert np.array_equal(first.inputs, again.inputs)
    assert np.array_equal(first.targets, again.targets)
    assert not np.array_equal(first.inputs, other.inputs)


@pytest.mark.parametrize("name, width", [(n, 3 if n == "blobs" else 1) for n in DATASETS])
def test_shapes_and_balanced_targets(name, width):
    data = generate(name, 90, 0.1, seed=0)
    assert data.inputs.shape == (90, 2) and data.targets.shape == (90, width)
    assert set(np.unique(data.targets)) == {0.0, 1.0}
    if width == 1:
        assert data.targets.sum() == 45
    else:
        assert np.array_equal(data.targets.sum(axis=1), np.ones(90))
        assert np.array_equal(data.targets.sum(axis=0), [30, 30, 30])


def test_four_xor_samples_are_the_truth_table():
    data = generate("xor", 4)
    assert data.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert data.targets.ravel().tolist() == [0, 1, 1, 0]


def test_noisy_xor_clusters_sit_around_the_corners_with_the_xor_label():
    data = generate("xor", 400, 0.05, seed=1)
    corners = np.round(data.inputs)
    assert np.array_equal(data.targets.ravel(), corners[:, 0] != corners[:, 1])


def test_without_noise_circles_lie_on_their_two_rings():
    data = generate("circles", 50, 0.0, seed=2)
    radius = np.hypot(data.inputs[:, 0], data.inputs[:, 1])
    assert np.allclose(radius[data.targets.ravel() == 0], 1.0)
    assert np.allclose(radius[data.targets.ravel() == 1], 0.5)


def test_without_noise_the_upper_moon_lies_on_the_unit_circle():
    data = generate("moons", 50, 0.0, seed=3)
    upper = data.inputs[data.targets.ravel() == 0]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0) and np.all(upper[:, 1] >= 0)


def test_unknown_dataset_names_the_choices():
    with pytest.raises(KeyError, match="moons"):
        generate("donut")


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_targets_are_taken_out_wherever_they_stand(tmp_path):
    path = write(tmp_path, "x1,label,x2\n1,0,2\n\n3,1,4.5\n")
    data = load_csv(path, ["label"])
    assert data.inputs.tolist() == [[1, 2], [3, 4.5]]
    assert data.targets.tolist() == [[0], [1]]
    assert data.name == "data"


def test_csv_columns_lists_the_header_for_picking_targets(tmp_path):
    assert csv_columns(write(tmp_path, " x1 ,x2,label\n1,2,0\n")) == ("x1", "x2", "label")
    with pytest.raises(DataError, match="line 1"):
        csv_columns(write(tmp_path, "\n"))


def test_csv_with_several_target_columns_keeps_their_order(tmp_path):
    data = load_csv(write(tmp_path, "a,b,c,d\n1,2,3,4\n"), ["d", "b"])
    assert data.inputs.tolist() == [[1, 3]] and data.targets.tolist() == [[4, 2]]


@pytest.mark.parametrize(
    "text, targets, words",
    [
        ("", ["y"], ["line 1", "header"]),
        ("x1,x2,y\n", ["y"], ["line 2", "rows of numbers"]),
        ("x1,x2\n1,2\n", ["y"], ["line 1", "column named 'y'", "2 columns"]),
        ("x1,x2,y\n1,2,0\n3,abc,1\n", ["y"], ["line 3", "column 2", "expected a finite number"]),
        ("x1,x2,y\n1,2,0\n3,4,1\n5,6\n", ["y"], ["line 4", "expected 3 cells", "got 2"]),
        ("x1,x2,y\n1,2,0\n\n3,4,1,7\n", ["y"], ["line 4", "expected 3 cells", "got 4"]),
        ("x1,x2,y\n1,,0\n", ["y"], ["line 2", "column 2", "got an empty cell"]),
        ("x1,x2,y\n1,2,nan\n", ["y"], ["line 2", "column 3", "finite number"]),
        ("x1,x1,y\n1,2,0\n", ["y"], ["line 1", "column 2", "once", "column 1"]),
        ("y\n1\n", ["y"], ["line 1", "input column"]),
    ],
)
def test_each_bad_csv_is_one_sentence_naming_file_line_and_column(tmp_path, text, targets, words):
    with pytest.raises(DataError) as caught:
        load_csv(write(tmp_path, text), targets)
    message = str(caught.value)
    assert message.startswith("data.csv") and message.endswith(".") and "\n" not in message
    for word in words:
        assert word in message


def test_missing_csv_file_is_a_data_error_naming_it(tmp_path):
    with pytest.raises(DataError, match="absent.csv"):
        load_csv(tmp_path / "absent.csv", ["y"])


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_a_100000_row_csv_loads(tmp_path):
    rows = "".join(f"{i % 7}.5,{i % 3},{i % 5}.25,{i % 2}\n" for i in range(100_000))
    path = write(tmp_path, "a,b,c,label\n" + rows)
    data = load_csv(path, ["label"])
    assert data.inputs.shape == (100_000, 3) and data.targets.shape == (100_000, 1)


@pytest.mark.parametrize(
    "text, words",
    [
        ("x," * 3000 + "y\n", ["line 1", "at most 2,048 columns", "got 3,001"]),
        ("x1," + "n" * 101 + ",y\n1,2,3\n", ["line 1, column 2", "at most 100 characters"]),
        ("x1,y\n" + "1" * 300_000 + "\n", ["line 2", "at most 210,944 characters in a line"]),
        ("x1,y\n" + "1,0\n" * 4, ["line 5", "at most 3 lines after the header"]),
    ],
)
def test_csv_limits_stop_the_reading_early(tmp_path, monkeypatch, text, words):
    monkeypatch.setattr(limits, "MAX_SAMPLES", 3)
    with pytest.raises(DataError) as caught:
        load_csv(write(tmp_path, text), ["y"])
    for word in words:
        assert word in str(caught.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_picked_as_csv_is_refused_without_reading_it_all():
    tracemalloc.start()
    with pytest.raises(DataError, match=r"^zero, line 1: expected at most"):
        load_csv("/dev/zero", ["y"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000  # one line's worth at most, not the endless file


def test_split_is_seeded_and_partitions_the_samples():
    data = Dataset(np.arange(20.0).reshape(10, 2), np.arange(10.0)[:, None], "toy")
    train, test = split(data, 0.3, seed=4)
    again, _ = split(data, 0.3, seed=4)
    assert (len(train), len(test)) == (7, 3)
    assert np.array_equal(train.inputs, again.inputs)
    rows = sorted(np.concatenate([train.targets, test.targets]).ravel().tolist())
    assert rows == list(range(10))
    assert np.array_equal(train.inputs[:, 0] / 2, train.targets.ravel())
    assert not np.array_equal(split(data, 0.3, seed=5)[1].targets, test.targets)


@pytest.mark.parametrize("fraction", [0.0, 1.0, 0.01])
def test_split_refuses_to_leave_a_side_empty(fraction):
    with pytest.raises(ValueError):
        split(generate("moons", 10), fraction, seed=0)

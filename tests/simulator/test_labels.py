"""A label column becomes one target per class; network sizes proposed from the data."""

import numpy as np
import pytest

from simulator.datasets import DataError, Dataset, generate, split
from simulator.labels import MAX_CLASSES, class_order, fit_network, load_labelled_csv
from simulator.network import LayerActivation


def write(tmp_path, text, name="flowers.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_labels_become_one_hot_targets_in_alphabetical_class_order(tmp_path):
    path = write(tmp_path, "a,b,species\n1,2,virginica\n3,4,setosa\n5,6,versicolor\n7,8, setosa \n")
    data = load_labelled_csv(path, "species")
    assert data.classes == ("setosa", "versicolor", "virginica")
    assert data.inputs.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert data.targets.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]


def test_numeric_labels_are_ordered_by_value_and_the_label_may_be_any_column(tmp_path):
    path = write(tmp_path, "label,x\n10,1\n9,2\n0,3\n9,4\n")
    data = load_labelled_csv(path, "label")
    assert data.classes == ("0", "9", "10")
    assert data.inputs.tolist() == [[1], [2], [3], [4]]
    assert data.targets.argmax(axis=1).tolist() == [2, 1, 0, 1]


def test_two_classes_give_one_target_column_one_for_the_second_class(tmp_path):
    data = load_labelled_csv(write(tmp_path, "x,y,spam\n1,2,yes\n3,4,no\n5,6,yes\n"), "spam")
    assert data.classes == ("no", "yes") and data.targets.tolist() == [[1], [0], [1]]


def test_class_names_survive_a_split():
    data = Dataset(np.zeros((10, 2)), np.eye(3)[[0, 1, 2] * 3 + [0]], "d", ("a", "b", "c"))
    assert all(part.classes == ("a", "b", "c") for part in split(data, 0.3, seed=1))


@pytest.mark.parametrize(
    "text, words",
    [
        ("a,b\n1,x\n", ["column 'species'", "a, b"]),
        ("species\nx\ny\n", ["line 1", "input column"]),
        ("a,species\n1,x\n2,x\n", ["at least two classes", "'x'"]),
        ("a,species\n1,x\n2,\n", ["line 3", "column 'species'", "class name"]),
        ("a,species\n1,x\n2\n", ["line 3", "expected 2 cells"]),
        # the cell is not quoted: a message never shows a file's content
        ("a,species\n1,x\nabc,y\n", ["line 3", "column a", "finite number"]),
        ("a,species\n", ["line 2", "rows"]),
    ],
)
def test_each_bad_label_csv_is_one_sentence(tmp_path, text, words):
    with pytest.raises(DataError) as caught:
        load_labelled_csv(write(tmp_path, text), "species")
    message = str(caught.value)
    assert message.startswith("flowers.csv") and message.endswith(".") and "\n" not in message
    assert all(word in message for word in words)


def test_a_measurement_column_is_not_taken_for_classes(tmp_path):
    rows = "".join(f"{k},{k * 0.5}\n" for k in range(MAX_CLASSES + 1))
    with pytest.raises(DataError, match="at most 100 classes"):
        load_labelled_csv(write(tmp_path, "a,size\n" + rows), "size")


def test_class_order_sorts_numbers_by_value_else_by_text():
    assert class_order(["2", "10", "1"]) == ("1", "2", "10")
    assert class_order(["b", "10", "a"]) == ("10", "a", "b")


def activations(*names):
    return [LayerActivation.of(name) for name in names]


def test_the_network_is_fitted_to_labelled_data_keeping_the_hidden_layers():
    iris = Dataset(np.zeros((3, 4)), np.eye(3), "iris", ("a", "b", "c"))
    fit = fit_network([2, 5, 7, 1], activations("relu", "tanh", "sigmoid"), "bce", iris)
    assert fit.layers == (4, 5, 7, 3) and fit.loss == "cce"
    assert [a.name for a in fit.activations] == ["relu", "tanh", "softmax"]
    two = Dataset(np.zeros((2, 3)), [[0.0], [1.0]], "two", ("no", "yes"))
    fit = fit_network([4, 8, 3], activations("tanh", "softmax"), "cce", two)
    assert (fit.layers, fit.activations[-1].name, fit.loss) == ((3, 8, 1), "sigmoid", "bce")


@pytest.mark.parametrize(
    "targets, output, loss, expected",
    [
        ([[0.0], [1.0]], "sigmoid", "bce", ("sigmoid", "bce")),  # fits: kept
        ([[2.0], [-1.0]], "sigmoid", "bce", ("linear", "mse")),  # bce cannot take 2.0
        ([[0.2], [0.7]], "linear", "mse", ("linear", "mse")),  # regression kept
        ([[0.0], [1.0]], "softmax", "cce", ("sigmoid", "bce")),  # one softmax output is 1
    ],
)
def test_unlabelled_data_keeps_what_fits_and_changes_what_cannot(targets, output, loss, expected):
    data = Dataset(np.zeros((2, 3)), targets)
    fit = fit_network([2, 4, 3], activations("tanh", output), loss, data)
    assert fit.layers == (3, 4, 1) and (fit.activations[-1].name, fit.loss) == expected


def test_a_fitted_generated_dataset_keeps_softmax_for_three_classes():
    fit = fit_network([2, 4, 3], activations("tanh", "softmax"), "cce", generate("blobs", 9))
    assert (fit.layers, fit.activations[-1].name, fit.loss) == ((2, 4, 3), "softmax", "cce")


def test_the_last_text_column_is_proposed_as_the_label(tmp_path):
    from simulator.labels import text_column

    path = tmp_path / "f.csv"
    path.write_text("name,a,b,species\nx,1,2,setosa\ny,3,4,virginica\n")
    assert text_column(path) == "species"
    path.write_text("a,b,label\n1,2,0\n")
    assert text_column(path) is None

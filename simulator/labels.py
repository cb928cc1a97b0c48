"""A label column: one class name per row becomes one target column per class.

A class brings a CSV such as iris: measurement columns and a 'species' column of text
('setosa', ...) or of numbers (0, 1, 2). The classes are sorted (numbers by value, text
alphabetically) and numbered in that order. Two classes need a single sigmoid output whose target
is 1 for the second class and 0 for the first; more classes get one output each, one-hot, for a
softmax with categorical cross-entropy. The class names travel with the Dataset.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.datasets import DataError, Dataset, _column_names, _number, _read
from simulator.losses import target_problem
from simulator.network import LayerActivation

MAX_CLASSES = 100  # more different labels than this is a measurement, not a class


def load_labelled_csv(path, label: str) -> Dataset:
    """A Dataset from a CSV whose column `label` names each row's class; every other column is
    an input. DataError names the line and column of anything wrong."""
    path = Path(path)

    def parse(reader):
        header = _column_names(path, reader)
        _check_label_column(path, header, label)
        return header, _rows(path, reader, header, header.index(label))

    header, (inputs, labels) = _read(path, parse)
    classes = class_order(labels)
    if len(classes) < 2:
        raise DataError(
            f"{path.name}, column '{label}': expected at least two classes, "
            f"got only '{classes[0]}'."
        )
    if len(classes) > MAX_CLASSES:
        raise DataError(
            f"{path.name}, column '{label}': expected at most {MAX_CLASSES} classes, got "
            f"{len(classes)} different values (a measurement is a target, not a label)."
        )
    return Dataset(np.array(inputs), encode(labels, classes), path.stem, classes)


def text_column(path) -> str | None:
    """The last column whose first row holds text rather than a number: the label column to
    propose for a CSV (None when every cell of that row is a number)."""
    path = Path(path)

    def first_row(reader):
        header = _column_names(path, reader)
        row = next((cells for cells in reader if any(c.strip() for c in cells)), [])
        return header, row

    header, row = _read(path, first_row)
    texts = [name for name, cell in zip(header, row) if not _is_number(cell)]
    return texts[-1] if texts else None


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def class_order(labels) -> tuple:
    """The distinct labels sorted: by value when every one is a number, else alphabetically."""
    distinct = set(labels)
    try:
        return tuple(sorted(distinct, key=float))
    except ValueError:
        return tuple(sorted(distinct))


def encode(labels, classes) -> np.ndarray:
    """Targets (n, 1) for two classes (1 for the second), else one-hot (n, k)."""
    index = np.array([classes.index(label) for label in labels])
    if len(classes) == 2:
        return index[:, None].astype(float)
    return np.eye(len(classes))[index]


def _check_label_column(path: Path, header: list, label: str) -> None:
    if label not in header:
        raise DataError(
            f"{path.name}, line 1, column '{label}': expected a label column of that name, "
            f"but the header has {', '.join(header)}."
        )
    if len(header) == 1:
        raise DataError(
            f"{path.name}, line 1: expected at least one input column besides the label."
        )


def _rows(path: Path, reader, header: list, label_index: int) -> tuple[list, list]:
    """Every non-blank line after the header: its inputs as floats and its label as text."""
    inputs, labels = [], []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        line = reader.line_num
        if len(cells) != len(header):
            raise DataError(
                f"{path.name}, line {line}: expected {len(header)} cells "
                f"({', '.join(header)}), got {len(cells)}."
            )
        label = cells[label_index].strip()
        if not label:
            raise DataError(
                f"{path.name}, line {line}, column '{header[label_index]}': "
                "expected a class name, got ''."
            )
        labels.append(label)
        inputs.append(
            [
                _number(path, line, name, cell)
                for index, (name, cell) in enumerate(zip(header, cells))
                if index != label_index
            ]
        )
    if not labels:
        raise DataError(f"{path.name}, line 2: expected rows after the header, got none.")
    return inputs, labels


@dataclass(frozen=True)
class NetworkFit:
    """Layer sizes, activations and loss proposed so a network takes a dataset as it is."""

    layers: tuple
    activations: tuple  # LayerActivation per layer 1..L
    loss: str

    def __repr__(self) -> str:
        names = "/".join(a.name for a in self.activations)
        return f"NetworkFit({'-'.join(map(str, self.layers))}, {names}, {self.loss})"


def fit_network(layers, activations, loss: str, dataset: Dataset) -> NetworkFit:
    """Input and output sizes from the data, the hidden layers kept.

    Labelled data gets one sigmoid output with bce for two classes, a softmax with cce for more;
    other data keeps the output activation and loss unless they cannot take its targets (a
    softmax needs two outputs, bce and cce need probabilities): then sigmoid with bce where the
    targets are probabilities, else a linear output with mse.
    """
    n_in, n_out = dataset.inputs.shape[1], dataset.targets.shape[1]
    sizes = (n_in, *layers[1:-1], n_out)
    hidden, output = tuple(activations[:-1]), activations[-1]
    if dataset.classes:
        two = len(dataset.classes) == 2
        output, loss = LayerActivation.of("sigmoid" if two else "softmax"), "bce" if two else "cce"
    elif not _can_take(output.name, loss, dataset.targets):
        fits_bce = target_problem("bce", dataset.targets) is None
        output = LayerActivation.of("sigmoid" if fits_bce else "linear")
        loss = "bce" if fits_bce else "mse"
    return NetworkFit(sizes, (*hidden, output), loss)


def _can_take(output: str, loss: str, targets: np.ndarray) -> bool:
    """True when an output activation and loss can be trained on these targets."""
    if output == "softmax" and targets.shape[1] < 2:
        return False  # one softmax output is always 1
    return (loss != "cce" or output == "softmax") and target_problem(loss, targets) is None

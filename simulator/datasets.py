"""Training data: the Dataset container, seeded 2-D generators, CSV import and a seeded split.

Every generator takes its randomness from `np.random.default_rng(seed)`, so the same name,
size, noise and seed always give the same points. Samples alternate between the classes
(sample i belongs to class i mod k), so the classes are balanced.
"""

import csv
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator import limits

DATASETS = ("xor", "moons", "circles", "spiral", "blobs")
XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_LABELS = np.array([0.0, 1.0, 1.0, 0.0])
CIRCLES_INNER_RADIUS = 0.5
SPIRAL_TURNS = 1.5
BLOB_CLASSES = 3
BLOB_RADIUS = 1.0  # the blob centres sit on a circle of this radius


class DataError(ValueError):
    """Data that cannot be used; the message is one sentence naming file, line and column.

    It never quotes the file's content: a file may be one the user did not mean to show.
    """


@dataclass(frozen=True)
class Dataset:
    """Inputs (n_samples, n_in) and targets (n_samples, n_out), float64; `classes` names the
    classes of labelled data in target order (labels.py), empty otherwise."""

    inputs: np.ndarray
    targets: np.ndarray
    name: str = "data"
    classes: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", np.array(self.inputs, dtype=float, ndmin=2))
        object.__setattr__(self, "targets", np.array(self.targets, dtype=float, ndmin=2))
        object.__setattr__(self, "classes", tuple(self.classes))

    def __len__(self) -> int:
        return self.inputs.shape[0]

    def __repr__(self) -> str:
        shape = f"{self.inputs.shape[1]} -> {self.targets.shape[1]}"
        return f"Dataset({self.name}, {len(self)} samples, {shape})"


def generate(name: str, samples: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """A generated 2-D dataset; noise is the standard deviation of Gaussian jitter."""
    if name not in DATASETS:
        raise KeyError(f"unknown dataset '{name}', expected one of {', '.join(DATASETS)}")
    if samples < 1:
        raise ValueError(f"a dataset needs at least 1 sample, got {samples}")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and cannot be negative, got {noise}")
    rng = np.random.default_rng(seed)
    if name == "xor" and samples == 4:
        return Dataset(XOR_CORNERS, XOR_LABELS[:, None], "xor")
    make = {"xor": _xor, "moons": _moons, "circles": _circles, "spiral": _spiral, "blobs": _blobs}[
        name
    ]
    points, labels = make(samples, rng)
    points = points + rng.normal(0.0, noise, points.shape)
    if name == "blobs":
        return Dataset(points, np.eye(BLOB_CLASSES)[labels], name)
    return Dataset(points, labels[:, None].astype(float), name)


def _xor(samples, rng):
    """Clusters around the four corners of the unit square; label 1 where x1 != x2."""
    corner = np.arange(samples) % 4
    return XOR_CORNERS[corner], XOR_LABELS[corner].astype(int)


def _moons(samples, rng):
    """Two interleaved half circles (the upper one is class 0)."""
    labels = np.arange(samples) % 2
    angle = rng.uniform(0.0, math.pi, samples)
    upper = np.column_stack([np.cos(angle), np.sin(angle)])
    lower = np.column_stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)])
    return np.where(labels[:, None] == 0, upper, lower), labels


def _circles(samples, rng):
    """A ring of radius 1 (class 0) around a ring of radius 0.5 (class 1)."""
    labels = np.arange(samples) % 2
    angle = rng.uniform(0.0, 2.0 * math.pi, samples)
    radius = np.where(labels == 0, 1.0, CIRCLES_INNER_RADIUS)
    return radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), labels


def _spiral(samples, rng):
    """Two arms winding out from the centre, the second turned half a circle from the first."""
    labels = np.arange(samples) % 2
    radius = rng.uniform(0.05, 1.0, samples)
    angle = 2.0 * math.pi * SPIRAL_TURNS * radius + math.pi * labels
    return radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), labels


def _blobs(samples, rng):
    """Three round clusters whose centres sit evenly on a circle."""
    labels = np.arange(samples) % BLOB_CLASSES
    angle = math.pi / 2 + 2.0 * math.pi * labels / BLOB_CLASSES
    return BLOB_RADIUS * np.column_stack([np.cos(angle), np.sin(angle)]), labels


def sample_rows(count: int, limit: int, seed: int = 0) -> np.ndarray:
    """The row numbers of a seeded sample of at most `limit` of `count` rows, in file order
    (every row when there are no more than `limit`): what a plot of big data draws."""
    rows = np.arange(count)
    if count <= limit:
        return rows
    return np.sort(np.random.default_rng(seed).choice(rows, limit, replace=False))


def split(dataset: Dataset, test_fraction: float, seed: int = 0) -> tuple[Dataset, Dataset]:
    """A seeded shuffle cut into (train, test); the test set gets round(n * fraction) samples."""
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"the test fraction must lie between 0 and 1, got {test_fraction}")
    n_test = round(len(dataset) * test_fraction)
    if not 1 <= n_test < len(dataset):
        raise ValueError(
            f"a test fraction of {test_fraction} of {len(dataset)} samples leaves "
            "the training or the test set empty"
        )
    order = np.random.default_rng(seed).permutation(len(dataset))
    test, train, classes = order[:n_test], order[n_test:], dataset.classes
    return tuple(
        Dataset(dataset.inputs[rows], dataset.targets[rows], f"{dataset.name} ({part})", classes)
        for rows, part in ((train, "train"), (test, "test"))
    )


def csv_columns(path) -> tuple[str, ...]:
    """The column names of a CSV file's header row, for picking the target columns."""
    path = Path(path)
    return tuple(_read(path, lambda reader: _column_names(path, reader)))


def load_csv(path, target_columns) -> Dataset:
    """A Dataset from a CSV file with a header row: the target columns, and every other column
    as an input. Anything wrong raises DataError naming the line and column; nothing half-loads.
    """
    path = Path(path)
    targets = [target_columns] if isinstance(target_columns, str) else list(target_columns)

    def parse(reader):
        header = _column_names(path, reader)
        _check_targets(path, header, targets)
        return header, _numeric_rows(path, reader, header)

    header, rows = _read(path, parse)
    values = np.array(rows, dtype=float)
    target_index = [header.index(name) for name in targets]
    input_index = [i for i in range(len(header)) if i not in target_index]
    return Dataset(values[:, input_index], values[:, target_index], path.stem)


def _read(path: Path, parse):
    """parse(csv reader) over the file; a file that cannot be read is a DataError too."""
    try:
        if path.stat().st_size > limits.MAX_CSV_BYTES:
            most = limits.MAX_CSV_BYTES // 2**20
            raise DataError(
                f"{path.name}: expected a file of at most {most} MiB, got a larger one."
            )
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.reader(_lines(path, stream))
            try:
                return parse(reader)
            except csv.Error:
                raise DataError(
                    f"{path.name}, line {reader.line_num}: expected comma-separated cells, got "
                    "one the CSV reader cannot take (a quote left open, or a huge cell)."
                ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "expected UTF-8 text"
        raise DataError(f"{path.name}: the file could not be read ({reason}).") from None


def _lines(path: Path, stream):
    """The file's lines, each refused before it grows past MAX_CSV_LINE_CHARS."""
    for number in itertools.count(1):
        line = stream.readline(limits.MAX_CSV_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > limits.MAX_CSV_LINE_CHARS:
            raise DataError(
                f"{path.name}, line {number}: expected at most "
                f"{limits.MAX_CSV_LINE_CHARS:,} characters in a line, got more."
            )
        yield line


def _column_names(path: Path, reader) -> list:
    """The column names of line 1: present, short, and each only once."""
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise DataError(
            f"{path.name}, line 1: expected a header row of column names, got an empty line."
        )
    if len(header) > limits.MAX_CSV_COLUMNS:
        raise DataError(
            f"{path.name}, line 1: expected at most {limits.MAX_CSV_COLUMNS:,} columns, "
            f"got {len(header):,}."
        )
    header = [cell.strip() for cell in header]
    first = {}
    for column, name in enumerate(header, start=1):
        if len(name) > limits.MAX_CSV_CELL_CHARS:
            raise DataError(
                f"{path.name}, line 1, column {column}: expected a name of at most "
                f"{limits.MAX_CSV_CELL_CHARS} characters, got {len(name):,}."
            )
        if name in first:
            raise DataError(
                f"{path.name}, line 1, column {column}: expected each column name once, "
                f"got the name of column {first[name]} again."
            )
        first[name] = column
    return header


def _check_targets(path: Path, header: list, targets: list) -> None:
    """The chosen target columns exist and leave at least one input column."""
    if not targets:
        raise DataError(f"{path.name}, line 1: expected at least one target column to be chosen.")
    for name in targets:
        if name not in header:
            shown = name if len(name) <= limits.MAX_CSV_CELL_CHARS else name[:40] + "..."
            raise DataError(
                f"{path.name}, line 1: expected a column named '{shown}' (a target), but none "
                f"of the header's {len(header)} columns has that name."
            )
    if len(set(targets)) == len(header):
        raise DataError(
            f"{path.name}, line 1: expected at least one input column besides the target columns."
        )


def _numeric_rows(path: Path, reader, header: list) -> list:
    """Every non-blank line after the header as a list of floats; at most as many lines as
    MAX_SAMPLES and MAX_DATA_VALUES allow for this many columns."""
    most = min(limits.MAX_SAMPLES, limits.MAX_DATA_VALUES // len(header))
    rows = []
    for cells in reader:
        if reader.line_num - 1 > most:
            raise DataError(
                f"{path.name}, line {reader.line_num}: expected at most {most:,} lines after the "
                f"header (the limit for {len(header)} columns), got more."
            )
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"{path.name}, line {reader.line_num}: expected {len(header)} cells, "
                f"as in the header, got {len(cells)}."
            )
        rows.append([_number(path, reader.line_num, k, cell) for k, cell in enumerate(cells, 1)])
    if not rows:
        raise DataError(
            f"{path.name}, line 2: expected rows of numbers after the header, got none."
        )
    return rows


def _number(path: Path, line: int, column: int, cell: str) -> float:
    """One cell as a finite float, or DataError naming where it is (not what it holds)."""
    try:
        value = float(cell) if len(cell) <= limits.MAX_CSV_CELL_CHARS else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        got = "an empty cell" if not cell.strip() else "something else"
        raise DataError(
            f"{path.name}, line {line}, column {column}: expected a finite number of at most "
            f"{limits.MAX_CSV_CELL_CHARS} characters, got {got}."
        )
    return value

"""Reading a preset's "data" field: inline inputs and targets, a generated dataset, or a CSV file
next to the preset. Only the fields are checked here; preset_data.py makes the data itself.
"""

import os
from pathlib import Path

from simulator import limits, rules
from simulator.checker import Checker, plural, shown
from simulator.datasets import DATASETS

DATA_FIELDS = {  # the fields of each kind of "data", by the field that names the kind
    "inputs": ("inputs", "targets", "standardize"),
    "dataset": ("dataset", "samples", "noise", "seed", "standardize"),
    "csv": ("csv", "targets", "label", "standardize"),
}
STANDARDIZE_EXAMPLE = 'true, false or {"mean": [...], "std": [...]} with one number per input'


def read_data(check: Checker, spec, layers: list, folder: Path, loss: str, picked=()) -> dict:
    """Inline inputs and targets, a generated dataset, or a CSV file next to the preset (or one
    the user picked in a dialog); each may ask for standardised inputs."""
    expected = (
        'be an object with one of: "inputs" and "targets", a "dataset" name or a "csv" file, '
        'e.g. {"dataset": "xor"}'
    )
    if spec is None:
        check.missing("data", expected)
    check.kind(spec, "data", dict, expected[3:])
    sources = [key for key in DATA_FIELDS if key in spec]
    if len(sources) != 1:
        check.fail("data", expected, spec)
    owner = {"inputs": "inline data", "dataset": "a generated dataset", "csv": "CSV data"}
    check.only(spec, "data.", DATA_FIELDS[sources[0]], owner[sources[0]])
    if "standardize" in spec:
        _standardize(check, spec["standardize"], layers[0])
    if sources == ["inputs"]:
        return _inline_data(check, spec, layers, loss)
    if sources == ["dataset"]:
        check.choice(spec["dataset"], "data.dataset", DATASETS)
        samples = check.integer(spec.get("samples", 200), "data.samples", 1)
        check.within(limits.samples_breach(samples, layers[0] + layers[-1], "data.samples"))
        check.number(spec.get("noise", 0.1), "data.noise", minimum=0)
        check.integer(spec.get("seed", 0), "data.seed", 0)
        return dict(spec)
    return _csv_data(check, spec, folder, picked)


def _csv_data(check: Checker, spec: dict, folder: Path, picked=()) -> dict:
    """A CSV file in the preset's folder, with numeric target columns or one label column."""
    data_file(check, folder, spec["csv"], picked)
    if ("targets" in spec) == ("label" in spec):
        check.fail(
            "data", 'name either "targets" (numeric target columns) or a "label" column', spec
        )
    if "label" in spec:
        label = spec["label"]
        if not isinstance(label, str) or not label.strip():
            check.fail("data.label", "be the name of the column that holds the classes", label)
        return dict(spec)
    targets = spec["targets"]
    names = targets if isinstance(targets, list) else []
    if not names or not all(isinstance(name, str) and name for name in names):
        check.fail("data.targets", "be a list of at least one column name", targets)
    return dict(spec)


def _standardize(check: Checker, value, width: int) -> None:
    """true / false, or the saved mean and std of each of the `width` inputs (std above 0)."""
    if isinstance(value, bool):
        return
    check.kind(value, "data.standardize", dict, STANDARDIZE_EXAMPLE)
    check.only(value, "data.standardize.", ("mean", "std"), "a standardisation")
    why = f" (one per input: layer 0 has {width})"
    for key in ("mean", "std"):
        numbers = check.get(value, key, "data.standardize.", f"list {width} numbers")
        check.array(numbers, f"data.standardize.{key}", (width,), why)
    for index, std in enumerate(value["std"]):
        check.number(std, f"data.standardize.std[{index}]", positive=True)


def data_file(check: Checker, folder: Path, name, picked=()) -> Path:
    """The file a preset's data.csv names: a relative path that stays inside the preset's folder
    once links are followed, or one of the files the user picked in a dialog (`picked`), which
    may be anywhere. Only the path is looked at; the file is not opened."""
    check.kind(name, "data.csv", str, "a CSV file name relative to the preset")
    check.text(name, "data.csv")
    try:
        path = (folder / name).resolve()
        chosen = any(path == Path(other).resolve() for other in picked)
        inside = path.is_relative_to(folder.resolve())
        exists = path.is_file()
    except (OSError, ValueError):  # a NUL byte, a loop of links, a name too long
        check.fail("data.csv", "name a readable CSV file in the preset's folder", name)
    expected = "name a CSV file inside the preset's folder by a relative path (links are followed)"
    if not chosen and os.path.isabs(name):
        check.fail_text("data.csv", expected, f"{shown(name)}, an absolute path")
    if not (chosen or inside):
        check.fail_text("data.csv", expected, f"{shown(name)}, which leads outside it")
    if not exists:
        check.fail_text("data.csv", expected, f"{shown(name)}, not there")
    return path


def _inline_data(check: Checker, spec: dict, layers: list, loss: str) -> dict:
    """Samples written out: n rows of layer-0 inputs and n rows of output-layer targets."""
    inputs = spec["inputs"]
    if not isinstance(inputs, list) or not inputs:
        check.fail("data.inputs", "be a list of at least one sample", inputs)
    n = len(inputs)
    check.within(limits.samples_breach(n, layers[0] + layers[-1], "data.inputs"))
    targets = check.get(spec, "targets", "data.", f"hold {plural(n, 'target row')}")
    why = f" ({plural(n, 'sample')} of {plural(layers[0], 'input')}, as in layer 0)"
    inputs = check.array(inputs, "data.inputs", (n, layers[0]), why)
    why = (
        f" ({plural(n, 'sample')} of {plural(layers[-1], 'output')}, as in layer {len(layers) - 1})"
    )
    targets = check.array(targets, "data.targets", (n, layers[-1]), why)
    rules.check_targets(check, "data.targets", loss, targets)
    return {**spec, "inputs": inputs, "targets": targets}

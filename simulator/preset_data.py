"""A preset's data as it is read (inline, generated or a CSV file) and as it is saved again.

The reader (preset_fields.read_data) has checked the fields; here the data itself is made and
checked against the network: as many inputs as layer 0, as many targets as the output layer,
targets the loss can compare with. Standardisation comes after, in standardize.prepare.
"""

import os
from pathlib import Path

from simulator import rules
from simulator.datasets import Dataset, generate, load_csv
from simulator.labels import load_labelled_csv
from simulator.preset_fields import Checker
from simulator.standardize import Standardization, fitted


def raw_data(preset) -> Dataset:
    """The data as the preset gives it, before any split or standardisation."""
    dataset = data_of_spec(preset.data, _folder(preset), preset.name)
    check = Checker(preset.origin)
    _check_widths(check, preset, dataset)
    rules.check_targets(check, "data.targets", preset.loss, dataset.targets)
    return dataset


def data_of_spec(spec: dict, folder=None, name: str = "data") -> Dataset:
    """The data a (checked) data spec names, before any split or standardisation; a CSV path is
    relative to `folder` (the working folder when None). DataError names a bad cell."""
    if "inputs" in spec:
        return Dataset(spec["inputs"], spec["targets"], name)
    if "dataset" in spec:
        return generate(
            spec["dataset"], spec.get("samples", 200), spec.get("noise", 0.1), spec.get("seed", 0)
        )
    path = Path(folder or Path.cwd()) / spec["csv"]
    return (
        load_labelled_csv(path, spec["label"])
        if "label" in spec
        else load_csv(path, spec["targets"])
    )


def chosen_data(
    spec: dict, test_fraction: float = 0.0, seed: int = 0, name: str = "data"
) -> tuple[Dataset, dict]:
    """The data a spec names (a CSV by its full path), standardised as it asks, and the spec
    with the standardisation's numbers written in.

    `standardize: true` takes the mean and std of the training split that `test_fraction` and
    `seed` leave (standardize.fitted), so the test rows never leak into them; every row is then
    scaled with those numbers, and the same split of the result is that training set. Rows
    written out are called `name`."""
    raw = data_of_spec(spec, name=name)
    scaling = fitted(raw, spec.get("standardize"), test_fraction, seed)
    spec = {key: value for key, value in spec.items() if key != "standardize"}
    if scaling is None:
        return raw, spec
    return scaling.apply(raw), {**spec, "standardize": scaling.to_dict()}


def saved_data(preset, standardization, folder) -> dict:
    """The preset's data spec for a copy saved in `folder` (spec_for_folder); a
    standardisation is written as its numbers, so the saved network is fed data scaled as in
    its training."""
    spec = dict(preset.data)
    if "csv" in spec:
        spec["csv"] = str((_folder(preset) / spec["csv"]).resolve())
    if standardization is not None:
        spec["standardize"] = standardization.to_dict()
    return spec_for_folder(spec, folder)


def spec_for_folder(spec: dict, folder) -> dict:
    """A data spec as a preset in `folder` writes it: a CSV (named by its full path in `spec`)
    by its path relative to that folder, 'iris.csv' beside it or '../data/iris.csv', so the
    label column and the class names stay; with no folder, by its full path."""
    if "csv" not in spec or folder is None:
        return dict(spec)
    csv = Path(spec["csv"]).resolve()
    try:
        relative = os.path.relpath(csv, Path(folder).resolve())
    except ValueError:  # another drive: only the full path reaches it
        relative = str(csv)
    return {**spec, "csv": Path(relative).as_posix()}


def standardization_of(spec: dict | None) -> Standardization | None:
    """The numbers a data spec scales its inputs with, or None."""
    numbers = (spec or {}).get("standardize")
    return Standardization.from_dict(numbers) if isinstance(numbers, dict) else None


def _folder(preset) -> Path:
    return preset.path.parent if preset.path else Path.cwd()


def _check_widths(check: Checker, preset, dataset: Dataset) -> None:
    """As many inputs as layer 0 has neurons, as many targets as the output layer; for a label
    column the sentence counts its classes."""
    layers, label = preset.layers, preset.data.get("label")
    got_out = dataset.targets.shape[1]
    if got_out != layers[-1] and label and dataset.inputs.shape[1] == layers[0]:
        check.fail_text(
            "layers",
            f"end in {got_out} output{'s' if got_out > 1 else ''} for the "
            f"{len(dataset.classes)} classes of column '{label}' "
            "(one sigmoid output for two classes, else one per class)",
            str(layers[-1]),
        )
    rules.check_data_fits(check, layers, dataset.inputs.shape[1], got_out, blame="data")

"""A preset's data as it is read (inline, generated or a CSV file) and as it is saved again.

The reader (preset_fields.read_data) has checked the fields; here the data itself is made and
checked against the network: as many inputs as layer 0, as many targets as the output layer,
targets the loss can compare with. Standardisation comes after, in standardize.prepare.
"""

from pathlib import Path

from simulator import rules
from simulator.checker import Checker, PresetError
from simulator.data_fields import data_file
from simulator.datasets import DataError, Dataset, generate, load_csv
from simulator.labels import load_labelled_csv
from simulator.standardize import Standardization, fitted


def raw_data(preset) -> Dataset:
    """The data as the preset gives it, before any split or standardisation."""
    spec = preset.data
    if "csv" in spec:
        dataset = _csv(preset, spec)
    else:
        dataset = data_of_spec(spec, preset.name)
    check = Checker(preset.origin)
    _check_widths(check, preset, dataset)
    rules.check_targets(check, "data.targets", preset.loss, dataset.targets)
    return dataset


def _csv(preset, spec: dict) -> Dataset:
    """The CSV the preset names, read only inside its folder (or where the user picked it);
    a DataError becomes the preset's sentence, naming the field."""
    check = Checker(preset.origin)
    path = data_file(check, _folder(preset), spec["csv"], preset.picked)
    try:
        return _read_csv(path, spec)
    except DataError as error:
        raise PresetError(f"{preset.origin} (field 'data.csv'): {error}") from None


def _read_csv(path, spec: dict) -> Dataset:
    if "label" in spec:
        return load_labelled_csv(path, spec["label"])
    return load_csv(path, spec["targets"])


def data_of_spec(spec: dict, name: str = "data") -> Dataset:
    """The data a data spec names, before any split or standardisation: rows written out, a
    generated set, or a CSV by its full path (a file the user picked; DataError names a bad
    cell). Rows written out are called `name`."""
    if "inputs" in spec:
        return Dataset(spec["inputs"], spec["targets"], name)
    if "dataset" in spec:
        return generate(
            spec["dataset"], spec.get("samples", 200), spec.get("noise", 0.1), spec.get("seed", 0)
        )
    return _read_csv(Path(spec["csv"]), spec)


def chosen_data(
    spec: dict, test_fraction: float = 0.0, seed: int = 0, name: str = "data"
) -> tuple[Dataset, dict]:
    """The data a spec names (a CSV by its full path), standardised as it asks, and the spec
    with the standardisation's numbers written in.

    `standardize: true` takes the mean and std of the training split that `test_fraction` and
    `seed` leave (standardize.fitted), so the test rows never leak into them; every row is then
    scaled with those numbers, and the same split of the result is that training set. Rows
    written out are called `name`."""
    raw = data_of_spec(spec, name)
    scaling = fitted(raw, spec.get("standardize"), test_fraction, seed)
    spec = {key: value for key, value in spec.items() if key != "standardize"}
    if scaling is None:
        return raw, spec
    return scaling.apply(raw), {**spec, "standardize": scaling.to_dict()}


def saved_data(preset, standardization, folder) -> dict:
    """The preset's data spec for a copy saved in `folder` (spec_for_folder)."""
    return spec_for_folder(full_spec(preset, standardization), folder)


def full_spec(preset, standardization) -> dict:
    """The preset's data spec with a CSV by its full path and a standardisation by its numbers
    (the saved network is fed data scaled as in its training)."""
    spec = {key: value for key, value in preset.data.items() if key != "standardize"}
    if "csv" in spec:
        spec["csv"] = str((_folder(preset) / spec["csv"]).resolve())
    if standardization is not None:
        spec["standardize"] = standardization.to_dict()
    return spec


def spec_for_folder(spec: dict, folder) -> dict:
    """A data spec (a CSV by its full path) as a preset in `folder` writes it: a CSV inside that
    folder by its relative path ('iris.csv', 'data/iris.csv'), so the label column and the class
    names stay; any other CSV as its rows written out (a preset reads files only inside its own
    folder), with the standardisation's numbers. None for `folder`: no file to be beside."""
    if "csv" not in spec:
        return dict(spec)
    csv = Path(spec["csv"]).resolve()
    if folder is not None and csv.is_relative_to(Path(folder).resolve()):
        return {**spec, "csv": csv.relative_to(Path(folder).resolve()).as_posix()}
    raw = data_of_spec(spec)
    rows = {"inputs": raw.inputs.tolist(), "targets": raw.targets.tolist()}
    return rows | ({"standardize": spec["standardize"]} if "standardize" in spec else {})


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

"""A preset's data as it is read (inline, generated or a CSV file) and as it is saved again.

The reader (preset_fields.read_data) has checked the fields; here the data itself is made and
checked against the network: as many inputs as layer 0, as many targets as the output layer,
targets the loss can compare with. Standardisation comes after, in standardize.prepare.
"""

from pathlib import Path

from simulator import rules
from simulator.datasets import DataError, Dataset, generate, load_csv
from simulator.labels import load_labelled_csv
from simulator.preset_fields import Checker, PresetError, data_file


def raw_data(preset) -> Dataset:
    """The data as the preset gives it, before any split or standardisation."""
    spec = preset.data
    if "inputs" in spec:
        dataset = Dataset(spec["inputs"], spec["targets"], preset.name)
    elif "dataset" in spec:
        dataset = generate(
            spec["dataset"], spec.get("samples", 200), spec.get("noise", 0.1), spec.get("seed", 0)
        )
    else:
        dataset = _csv(preset, spec)
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
        if "label" in spec:
            return load_labelled_csv(path, spec["label"])
        return load_csv(path, spec["targets"])
    except DataError as error:
        raise PresetError(f"{preset.origin} (field 'data.csv'): {error}") from None


def saved_data(preset, standardization, folder) -> dict:
    """The preset's data spec for a copy saved in `folder`.

    A standardisation is written as its numbers, so the saved network is fed data scaled as in
    its training. A CSV is named again only when it sits in `folder` (a preset reads files in
    its own folder); otherwise its rows are written inline.
    """
    spec = dict(preset.data)
    if "csv" in spec:
        csv = (_folder(preset) / spec["csv"]).resolve()
        if csv.parent == Path(folder).resolve():
            spec["csv"] = csv.name
        else:
            raw = raw_data(preset)
            spec = {"inputs": raw.inputs.tolist(), "targets": raw.targets.tolist()}
    if standardization is not None:
        spec["standardize"] = standardization.to_dict()
    return spec


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

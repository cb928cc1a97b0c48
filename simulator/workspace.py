"""The user's work in one frozen object: network, data, where it came from, its titles and the
notes' hand-worked values.

Every edit is a pure function that returns a new Workspace, checked by the same rules the preset
reader uses (simulator/rules.py), so the window, the command line and a saved file accept exactly
the same things. The window keeps one Workspace and its undo stack holds the one before and the
one after each edit; the command line opens the same Workspace. A Workspace never changes, and
nor do the arrays it holds: they are read-only, so a view cannot change them by accident.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from simulator import rules
from simulator.check import compare
from simulator.checker import Checker
from simulator.cursor import Cursor
from simulator.datasets import Dataset
from simulator.keys import Key
from simulator.labels import fit_network
from simulator.names import Names
from simulator.network import LayerActivation, Network
from simulator.preset_data import full_spec, spec_for_folder, standardization_of
from simulator.presets import PROGRESS, Preset, bundled_folder, load_preset, network_fields
from simulator.settings import Settings, rebuilt
from simulator.standardize import Standardization

EDIT_ORIGIN = "Your edit"


@dataclass(frozen=True)
class Workspace:
    """The network (at the start of the iteration on show), its data, and what describes them."""

    network: Network
    data: Dataset
    title: str
    description: str = ""
    source: str = ""
    origin: str = ""  # the bundled name or the path it was opened as; '' when built in code
    path: Path | None = None  # the file it was opened from or last saved to
    # Where the data came from while unedited: a generated set, or a CSV by its full path with its
    # target or label columns, and the numbers of any standardisation; None: the rows themselves.
    data_spec: dict | None = None
    hand_worked: tuple = ()  # the notes' values, while they apply to this network
    notes_at: int = 0  # the network's step count in the iteration the notes work out
    notes_dropped: bool = field(default=False)  # an edit made the notes' values not apply
    names: Names = field(default_factory=Names)  # the notes' names for keys, while they apply

    def __post_init__(self) -> None:
        object.__setattr__(self, "network", _frozen(self.network))
        object.__setattr__(self, "data", _frozen_data(self.data))
        object.__setattr__(self, "hand_worked", tuple(self.hand_worked))
        object.__setattr__(self, "names", Names(self.names))

    def __repr__(self) -> str:
        notes = f", {len(self.hand_worked)} notes" if self.hand_worked else ""
        return f"Workspace({self.title!r}, {self.network!r}, {self.data!r}{notes})"

    # -- opening and saving --------------------------------------------------------------

    @classmethod
    def open(cls, name_or_path) -> "Workspace":
        """A bundled preset by name or a preset file by path, loaded whole or not at all."""
        return cls.from_preset(load_preset(name_or_path), str(name_or_path))

    @classmethod
    def from_preset(cls, preset: Preset, origin: str = "") -> "Workspace":
        """Build the network and load the data; PresetError if anything does not fit.

        `origin` is what it was opened as (a bundled name or a path), for the preset picker."""
        network, training = preset.build_network(), preset.training_data()
        data = training.train
        check = Checker(preset.origin)
        rules.check_batch_size(check, network.batch_size, len(data), network.batch_in_epoch)
        workspace = cls(
            network,
            data,
            preset.name,
            preset.description,
            preset.source,
            origin or preset.origin,
            None if _is_bundled(preset) else preset.path,
            _data_spec(preset, training.standardization),
            tuple(preset.hand_worked),
            preset.step_count,
            names=Names(preset.names),
        )
        if workspace._notes_now:  # a hand-worked key must be a step (no trace built without)
            workspace.comparisons(workspace.first_trace())
        return workspace

    def to_preset(self) -> Preset:
        """The work as a preset: weights, settings, optimizer state, progress and data; the
        notes' hand-worked values only while they apply."""
        fields_ = network_fields(self.network)
        layers = fields_["layers"]
        activations = [
            LayerActivation(a.name, self.network.alpha(layer))
            for layer, a in enumerate(self.network.activations, start=1)
        ]
        return Preset(
            name=self.title,
            description=self.description,
            source=self.source,
            layers=layers,
            activations=activations,
            loss=self.network.loss,
            optimizer=self.network.optimizer,
            data=self._saved_data(),
            weights=fields_["weights"],
            biases=fields_["biases"],
            batch_size=self.network.batch_size,
            seed=self.network.seed,
            hand_worked=list(self.hand_worked) if self._notes_now else [],
            names=self.names.to_dict(),
            optimizer_state=fields_.get("optimizer_state"),
            **{name: fields_[name] for name in PROGRESS},
            path=self.path,
            origin=str(self.path or self.origin or self.title),
        )

    def _saved_data(self) -> dict:
        """The data spec as the preset file writes it: a CSV relative to the file's folder."""
        if self.data_spec is None:
            return _inline(self.data)
        return spec_for_folder(self.data_spec, self.path.parent if self.path else None)

    def saved_as(self, path) -> "Workspace":
        """The same work, now belonging to the file at `path`."""
        return replace(self, path=Path(path))

    # -- what it computes ----------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return Settings.of(self.network)

    @property
    def standardization(self) -> Standardization | None:
        """The mean and std the inputs were standardised with, or None."""
        return standardization_of(self.data_spec)

    def cursor(self) -> Cursor:
        """A cursor at the start of this network's next iteration (its own copy)."""
        return Cursor(self.network, self.data)

    def first_trace(self):
        """The trace of the iteration this network starts next."""
        return self.cursor().trace

    @property
    def notes_apply(self) -> bool:
        """True when the notes' hand-worked values describe this network as it stands."""
        return bool(self.hand_worked)

    @property
    def _notes_now(self) -> bool:
        """True when the notes work out the very iteration this network starts next."""
        return self.notes_apply and self.network.step_count == self.notes_at

    def comparisons(self, trace, step_count: int | None = None) -> list:
        """The notes' values against `trace`, the iteration starting at `step_count` (the
        network's own by default); empty where the notes do not work this iteration out."""
        at = self.network.step_count if step_count is None else step_count
        if not self.hand_worked or at != self.notes_at:
            return []
        return compare(self.hand_worked, trace)

    # -- edits: each returns a new Workspace -----------------------------------------------

    def with_value(self, key: str, value: float, row: int = 0) -> "Workspace":
        """Set one weight, bias or learned alpha ('W[1,2,1]'), or one input ('a[0,1]') or
        target ('y[1]') of data row `row` (0-based)."""
        parsed = Key.parse(key)
        rules.check_value(Checker(EDIT_ORIGIN), key, value)
        if parsed.is_parameter:
            name, index = parsed.array_name, parsed.array_index
            network = self.network.copy()
            array = np.array(network.parameters[name], dtype=float)
            array[index] = value
            network.parameters = {**network.parameters, name: array}
            return self._edited(network=network)
        if parsed.kind not in ("a", "y") or (parsed.kind == "a" and parsed.layer != 0):
            raise ValueError(f"{key} cannot be edited: pick a weight, bias, input or target.")
        inputs, targets = self.data.inputs.copy(), self.data.targets.copy()
        column = parsed.index[-1] - 1
        (inputs if parsed.kind == "a" else targets)[row, column] = value
        data = Dataset(inputs, targets, self.data.name, self.data.classes)
        rules.check_targets(Checker(EDIT_ORIGIN), key, self.network.loss, data.targets)
        return self._edited(data=data, data_spec=None)

    def value_of(self, key: str, row: int = 0) -> float:
        """The current value of an editable key (as `with_value` names them)."""
        parsed = Key.parse(key)
        if parsed.is_parameter:
            return float(self.network.parameters[parsed.array_name][parsed.array_index])
        if parsed.kind == "a" and parsed.layer == 0:
            return float(self.data.inputs[row, parsed.index[-1] - 1])
        if parsed.kind == "y":
            return float(self.data.targets[row, parsed.index[-1] - 1])
        raise ValueError(f"{key} cannot be edited: pick a weight, bias, input or target.")

    def with_settings(self, settings: Settings) -> "Workspace":
        """The network rebuilt for new settings (see settings.rebuilt); the notes drop, and
        with other layer sizes so do their names."""
        network = rebuilt(self.network, self.data, settings)
        names = self.names if network.sizes == self.network.sizes else Names()
        return self._edited(network=network, names=names)

    def with_data(self, data: Dataset, spec: dict | None = None) -> "Workspace":
        """Train on other data (inputs and targets that fit the layers); progress restarts."""
        check = Checker(f"the data '{data.name}'")
        rules.check_data_fits(check, self.network.sizes, *_widths(data), blame="data")
        rules.check_targets(check, "data.targets", self.network.loss, data.targets)
        network = self.network.copy()
        network.batch_size = min(network.batch_size, len(data))
        network.epoch = network.batch_in_epoch = 0
        return self._edited(network=network, data=data, data_spec=spec)

    def with_data_fitted(self, data: Dataset, spec: dict | None = None) -> "Workspace":
        """Other data and the network made to take it, as one edit: input and output sizes from
        the data, the hidden layers kept, the output and loss labels.fit_network proposes."""
        network = self.network
        fit = fit_network(network.sizes, network.activations, network.loss, data)
        settings = replace(
            self.settings,
            sizes=tuple(fit.layers),
            activations=tuple(a.name for a in fit.activations),
            loss=fit.loss,
            batch_size=min(network.batch_size, len(data)),
        )
        fitted = replace(self, network=rebuilt(network, data, settings))
        return fitted.with_data(data, spec)

    def with_parameters(self, parameters: dict) -> "Workspace":
        """Another network's weights, biases and alphas (trained ones), with these settings."""
        network = self.network.copy()
        if {k: np.shape(v) for k, v in parameters.items()} != {
            k: np.shape(v) for k, v in network.parameters.items()
        }:
            raise ValueError("the trained network has other layer sizes than the step-through.")
        network.parameters = {name: np.array(value) for name, value in parameters.items()}
        return self._edited(network=network)

    def renamed(self, title: str) -> "Workspace":
        """A new title (the user's to give): the numbers, and so the notes, are unchanged."""
        Checker(EDIT_ORIGIN).text(title, "name", required=True)
        return replace(self, title=title.strip())

    def with_progress(self, network: Network) -> "Workspace":
        """The same work after the step-through moved on to another iteration of `network`."""
        return replace(self, network=network)

    def _edited(self, **changes) -> "Workspace":
        """An edit of the numbers: the notes no longer describe this network."""
        dropped = self.notes_dropped or bool(self.hand_worked)
        return replace(self, hand_worked=(), notes_dropped=dropped, **changes)


def _frozen(network: Network) -> Network:
    """The network itself when its arrays are already read-only, else a read-only copy."""
    arrays = [*network.parameters.values()]
    arrays += [a for state in network.optimizer_state.values() for a in state.values()]
    if all(not a.flags.writeable for a in arrays):
        return network
    copy = network.copy()
    for array in copy.parameters.values():
        array.flags.writeable = False
    for state in copy.optimizer_state.values():
        for array in state.values():
            array.flags.writeable = False
    return copy


def _frozen_data(data: Dataset) -> Dataset:
    if not data.inputs.flags.writeable and not data.targets.flags.writeable:
        return data
    copy = Dataset(data.inputs, data.targets, data.name, data.classes)
    copy.inputs.flags.writeable = False
    copy.targets.flags.writeable = False
    return copy


def _widths(data: Dataset) -> tuple:
    return data.inputs.shape[1], data.targets.shape[1]


def _inline(data: Dataset) -> dict:
    return {"inputs": data.inputs.tolist(), "targets": data.targets.tolist()}


def _data_spec(preset: Preset, standardization) -> dict | None:
    """The preset's data spec as a Workspace keeps it: a CSV by its full path, the numbers of a
    standardisation; None for inline rows that are not standardised (the rows say it all)."""
    if "inputs" in preset.data and standardization is None:
        return None
    return full_spec(preset, standardization)


def _is_bundled(preset: Preset) -> bool:
    """True for a preset read from the bundled folder (saving it asks for a new name)."""
    return preset.path is not None and preset.path.resolve().parent == bundled_folder().resolve()

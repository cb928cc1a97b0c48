"""Preset files: the schema, declared once, with its checks, loading and saving.

A preset is a JSON object with "format": 1 (DESIGN.md). `Preset.from_dict` is the one place a
preset is checked (field by field, with the readers of preset_fields.py): anything wrong raises
PresetError, one sentence naming the file, the field and what was expected. `to_dict` writes the
same form back, so every preset round-trips.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from simulator import preset_fields as read
from simulator.checker import Checker
from simulator.data_fields import read_data
from simulator.datasets import Dataset
from simulator.files import replace_text
from simulator.keys import Key
from simulator.network import LayerActivation, Network, initial_parameters, with_prelu_alphas
from simulator.optimizers import Optimizer
from simulator.preset_reading import bundled_folder, bundled_names, read_json
from simulator.standardize import TrainingData, prepare
from simulator.trace import build_trace

FORMAT = 1
PROGRESS = ("step_count", "epoch", "batch_in_epoch")


@dataclass(frozen=True)
class HandWorked:
    """One value the notes work out by hand: our key, the number, the notes' name for it, the
    number as the notes write it (trailing zeros kept: '-0.00490') and the notes' own working
    for it (`why`, shown where it slips)."""

    key: str
    value: float
    label: str
    written: str
    why: str = ""

    def to_dict(self) -> dict:
        """The preset form; the value stays a string only where a number would lose digits."""
        data = {"key": self.key, "value": _written_value(self.written), "label": self.label}
        return data | ({"why": self.why} if self.why else {})


@dataclass(frozen=True)
class Preset:
    """A network, its data and its settings, as a preset file describes them."""

    name: str
    layers: list
    activations: list  # LayerActivation per layer 1..L
    loss: str
    optimizer: Optimizer
    data: dict  # as written: inline inputs/targets, a generated dataset or a CSV file
    description: str = ""
    source: str = ""
    weights: list | None = None  # per layer l: (n_l, n_{l-1}) nested lists
    biases: list | None = None  # per layer l: (n_l,)
    init: dict | None = None  # {"scheme", "seed"} when weights are not given
    batch_size: int = 1
    seed: int = 0  # the training shuffle's seed
    hand_worked: list = field(default_factory=list)
    names: dict = field(default_factory=dict)  # key -> the notes' own name ('W[1,1,2]': 'w21')
    optimizer_state: dict | None = None  # {param: {state: nested list}} of a saved network
    step_count: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0
    asks: list = field(default_factory=list)  # a worksheet's asked step keys; [] asks all
    path: Path | None = field(default=None, compare=False)
    origin: str = field(default="preset", compare=False)
    picked: tuple = field(default=(), compare=False)  # CSV files the user chose in a dialog

    def __repr__(self) -> str:
        return f"Preset({self.name!r}, {'-'.join(map(str, self.layers))}, {self.loss})"

    @classmethod
    def from_dict(cls, data, origin: str = "preset", path=None, picked=()) -> "Preset":
        """Check every field of a parsed preset; PresetError names the first wrong one.

        data.csv must lie in the preset's folder, unless it is one of the `picked` paths: files
        the user chose in a dialog, which may be anywhere.
        """
        check = Checker(origin)
        read.read_format(check, data, FORMAT)
        layers, activations = read.read_architecture(check, data)
        loss, optimizer = read.read_training(check, data, activations)
        folder = Path(path).parent if path else Path.cwd()
        preset = cls(
            name=check.text(data.get("name"), "name", required=True),
            description=check.text(data.get("description", ""), "description"),
            source=check.text(data.get("source", ""), "source"),
            layers=layers,
            activations=activations,
            loss=loss,
            optimizer=optimizer,
            **read.read_parameters(check, data, layers),
            batch_size=read.read_batch_size(check, data, layers),
            seed=check.integer(data.get("seed", 0), "seed", 0),
            data=read_data(check, data.get("data"), layers, folder, loss, picked),
            hand_worked=[HandWorked(*entry) for entry in read.read_hand_worked(check, data)],
            names=read.read_names(check, data),
            optimizer_state=read.read_optimizer_state(check, data, layers, activations, optimizer),
            **{name: check.integer(data.get(name, 0), name, 0) for name in PROGRESS},
            asks=read.read_asks(check, data),
            path=Path(path) if path else None,
            origin=origin,
            picked=tuple(picked),
        )
        preset.check_keys()
        return preset

    def to_dict(self) -> dict:
        """The preset as JSON-ready data, in the form `from_dict` reads."""
        data = {
            "format": FORMAT,
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "layers": list(self.layers),
            "activations": [a.to_dict() for a in self.activations],
        }
        if self.weights is not None:
            data.update(weights=self.weights, biases=self.biases)
        else:
            data["init"] = dict(self.init)
        data.update(
            loss=self.loss,
            optimizer=self.optimizer.to_dict(),
            batch_size=self.batch_size,
            seed=self.seed,
            data=self.data,
        )
        if self.hand_worked:
            data["hand_worked"] = [entry.to_dict() for entry in self.hand_worked]
        if self.names:
            data["names"] = dict(self.names)
        if self.optimizer_state is not None:
            data["optimizer_state"] = self.optimizer_state
        progress = {name: getattr(self, name) for name in PROGRESS}
        asks = {"asks": list(self.asks)} if self.asks else {}
        return data | (progress if any(progress.values()) else {}) | asks

    def to_json(self) -> str:
        """The preset as indented JSON text, as a preset file holds it."""
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    def save(self, path) -> None:
        """Write the preset as indented JSON."""
        replace_text(path, self.to_json())

    @classmethod
    def from_network(cls, network: Network, data, base: "Preset | None" = None) -> "Preset":
        """The network as it stands (weights, settings, optimizer state, progress) as a preset.

        `data` is a data spec (dict) or a Dataset, written inline. Name, description, source and
        folder (for a CSV path) come from `base`; its hand-worked values are left out: they
        describe the network it started from.
        """
        if isinstance(data, Dataset):
            data = {"inputs": data.inputs.tolist(), "targets": data.targets.tolist()}
        titles = ("name", "description", "source")
        spec = {name: getattr(base, name) for name in titles} if base else {"name": "My network"}
        spec |= network_fields(network) | {"format": FORMAT, "data": data}
        origin, path = (base.origin, base.path) if base else ("current network", None)
        return cls.from_dict(spec, origin, path, base.picked if base else ())

    def build_network(self) -> Network:
        """The Network: the explicit weights, or seeded ones from `init`; saved state restored."""
        if self.weights is not None:
            parameters = {}
            for layer, (weight, bias) in enumerate(zip(self.weights, self.biases), start=1):
                parameters[f"W{layer}"] = np.array(weight, dtype=float)
                parameters[f"b{layer}"] = np.array(bias, dtype=float)
            parameters = with_prelu_alphas(parameters, self.activations)
        else:
            rng = np.random.default_rng(self.init["seed"])
            parameters = initial_parameters(self.layers, self.activations, self.init["scheme"], rng)
        network = Network(
            self.layers,
            self.activations,
            self.loss,
            self.optimizer,
            parameters,
            self.batch_size,
            self.seed,
        )
        if self.optimizer_state is not None:
            network.optimizer_state = {
                name: {kind: np.array(value, dtype=float) for kind, value in state.items()}
                for name, state in self.optimizer_state.items()
            }
        for name in PROGRESS:
            setattr(network, name, getattr(self, name))
        return network

    def load_data(self) -> Dataset:
        """All the training data, standardised as `data.standardize` says (true: by its own
        mean and std, as when no test set is held out)."""
        return self.training_data().train

    def training_data(self, test_fraction: float = 0.0, seed: int = 0) -> TrainingData:
        """The data split into training and test sets (seeded), then standardised with the
        training set's mean and std when the preset asks for it (standardize.prepare)."""
        from simulator.preset_data import raw_data

        return prepare(raw_data(self), self.data.get("standardize"), test_fraction, seed)

    def check_keys(self) -> None:
        """Every hand-worked and asked key must be a step of one iteration of this network, and
        every named key a quantity of a network of its sizes."""
        shape = "-".join(map(str, self.layers))
        for key in self.names:  # by the sizes only: names outlive a change of optimizer or batch
            if not Key.parse(key).fits(self.layers):
                Checker(self.origin).fail("names", f"name keys of this {shape} network", key)
        if not self.hand_worked and not self.asks:
            return
        network = self.build_network()
        rows = 2 if self.batch_size > 1 else 1  # a mini-batch has its batch means' steps too
        probe = build_trace(
            network, np.zeros((rows, self.layers[0])), np.zeros((rows, self.layers[-1]))
        )
        named = [(f"hand_worked[{k}].key", entry.key) for k, entry in enumerate(self.hand_worked)]
        named += [(f"asks[{k}]", key) for k, key in enumerate(self.asks)]
        for name, key in named:
            if key not in probe.positions:
                Checker(self.origin).fail(name, f"name a step of this {shape} network", key)


def network_fields(network: Network) -> dict:
    """A network's architecture, parameters, settings, optimizer state and progress, as JSON."""
    depth = range(1, network.depth + 1)
    fields = {
        "layers": list(network.sizes),
        "activations": [
            LayerActivation(a.name, network.alpha(layer)).to_dict()
            for layer, a in enumerate(network.activations, start=1)
        ],
        "weights": [network.weight(layer).tolist() for layer in depth],
        "biases": [network.bias(layer).tolist() for layer in depth],
        "loss": network.loss,
        "optimizer": network.optimizer.to_dict(),
        "batch_size": network.batch_size,
        "seed": network.seed,
        **{name: getattr(network, name) for name in PROGRESS},
    }
    if network.optimizer.state_names:
        fields["optimizer_state"] = {
            name: {kind: value.tolist() for kind, value in state.items()}
            for name, state in network.optimizer_state.items()
        }
    return fields


def _written_value(written: str):
    """The JSON value for a written number: a number when that keeps the text, else the text."""
    for kind in (int, float):
        try:
            if str(kind(written)) == written:
                return kind(written)
        except ValueError:
            continue
    return written


def load_preset(name_or_path) -> Preset:
    """A bundled preset by name, or a preset file by path; PresetError says what is wrong."""
    text = str(name_or_path)
    path = bundled_folder() / f"{text}.json" if text in bundled_names() else Path(text)
    origin = path.name if text in bundled_names() else text
    return Preset.from_dict(read_json(path, origin), origin, path)

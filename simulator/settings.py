"""The side panel's settings of a network, and the network rebuilt for new ones.

Settings are checked by the same rules the preset reader uses (simulator/rules.py); a refusal
is one sentence in the window's words ("the learning rate should be ...").
"""

from dataclasses import dataclass, fields, replace

import numpy as np

from simulator import limits, rules
from simulator.checker import Checker
from simulator.network import LayerActivation, Network, initial_parameters, with_prelu_alphas
from simulator.presets import PROGRESS

SETTINGS_ORIGIN = "Your settings"
SETTING_NAMES = {
    "sizes": "layer sizes",
    "activations": "activations",
    "loss": "loss",
    "optimizer": "optimizer",
    "learning_rate": "learning rate",
    "batch_size": "batch size",
}  # how a sentence or an undo entry names each setting
FIELD_WORDS = {
    "layers": "the layer sizes",
    "loss": "the loss",
    "optimizer.learning_rate": "the learning rate",
    "batch_size": "the batch size",
}


@dataclass(frozen=True)
class Settings:
    """What the side panel edits: architecture, loss and optimizer of a network."""

    sizes: tuple
    activations: tuple  # one name per layer 1..L
    loss: str
    optimizer: str
    learning_rate: float
    batch_size: int

    @classmethod
    def of(cls, network: Network) -> "Settings":
        """The settings of an engine Network."""
        names = tuple(a.name for a in network.activations)
        optimizer = network.optimizer
        return cls(
            network.sizes,
            names,
            network.loss,
            optimizer.name,
            optimizer.learning_rate,
            network.batch_size,
        )

    def changed(self, other: "Settings") -> list[str]:
        """The names of the settings that differ from `other`, in the panel's order."""
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


class SettingsChecker(Checker):
    """Names fields in the window's words: 'the learning rate', 'the layer 1 activation'."""

    def where(self, name) -> str:
        if name in FIELD_WORDS:
            return FIELD_WORDS[name]
        if name and name.startswith("activations["):
            return f"the layer {int(name[12:].split(']')[0]) + 1} activation"
        if name and name.startswith("layers["):
            return f"layer {int(name[7:].split(']')[0])}"
        return super().where(name)


def rebuilt(old: Network, data, settings: Settings) -> Network:
    """`old` rebuilt for `settings` on `data`: new layer sizes get fresh seeded weights (and
    start training afresh); otherwise the weights, the optimizer state and the progress stay."""
    check = SettingsChecker(SETTINGS_ORIGIN)
    check.within(limits.network_breach(settings.sizes, settings.batch_size))  # before allocating
    rules.check_data_fits(check, settings.sizes, data.inputs.shape[1], data.targets.shape[1])
    rules.check_activations(check, settings.activations, settings.sizes[-1])
    rules.check_loss(check, settings.loss, settings.activations[-1])
    rules.check_learning_rate(check, settings.learning_rate)
    rules.check_batch_size(check, settings.batch_size, len(data))
    rules.check_targets(check, "data.targets", settings.loss, data.targets)
    activations = tuple(
        old.activations[i]
        if i < len(old.activations) and old.activations[i].name == name
        else LayerActivation.of(name)
        for i, name in enumerate(settings.activations)
    )
    optimizer = replace(
        old.optimizer, name=settings.optimizer, learning_rate=settings.learning_rate
    )
    network = Network(
        settings.sizes,
        activations,
        settings.loss,
        optimizer,
        _parameters_for(old, settings.sizes, activations),
        settings.batch_size,
        old.seed,
    )
    if settings.sizes == old.sizes:
        _keep_progress(old, network)
    return network


def _keep_progress(old: Network, network: Network) -> None:
    """Same layers: training goes on where it was (state kept while the optimizer is)."""
    if network.optimizer.name == old.optimizer.name:
        network.optimizer_state = _state_for(old, network)
    for name in PROGRESS:
        setattr(network, name, getattr(old, name))
    if network.batch_size != old.batch_size:
        network.batch_in_epoch = 0  # the old position counts batches of another size


def _parameters_for(old: Network, sizes, activations) -> dict:
    """The old weights when the sizes stay, else fresh ones from the network's seed."""
    if tuple(sizes) == old.sizes:
        parameters = {k: np.array(v) for k, v in old.parameters.items()}
        return with_prelu_alphas(parameters, activations)
    rng = np.random.default_rng(old.seed)
    return initial_parameters(sizes, activations, "xavier", rng)


def _state_for(old: Network, new: Network) -> dict:
    """The old optimizer state for the parameters both networks have; zeros for new ones."""
    state = {}
    for name, parameter in new.parameters.items():
        kept = old.optimizer_state.get(name)
        state[name] = (
            {k: np.array(v) for k, v in kept.items()}
            if kept is not None
            else new.optimizer.initial_state(parameter)
        )
    return state

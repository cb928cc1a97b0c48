"""The one object between the engine and the window: cursor, preset, undo stack, snapshots.

Views never touch engine objects. They receive frozen snapshots through three signals and send
requests (step, jump, edit) back through the methods below. A slot never lets an exception out:
it reports one sentence through `sigError` and leaves the user's network as it was.
"""

import functools
from dataclasses import fields, replace

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from simulator.activations import ACTIVATIONS
from simulator.check import compare
from simulator.cursor import GRANULARITIES, Cursor
from simulator.datasets import Dataset
from simulator.keys import Key, is_weight
from simulator.losses import LOSSES
from simulator.network import LayerActivation, Network, initial_parameters, with_prelu_alphas
from simulator.notation import format_number
from simulator.presets import bundled_names, load_preset
from ui import commands
from ui.snapshots import (
    SETTING_NAMES,
    NetworkView,
    Settings,
    StepView,
    TraceView,
    computed_keys,
    display_texts,
    given_values,
    neuron_labels,
    notes_by_step,
    row_of,
    sample_on_show,
    visible_value,
)
from ui.validation import check_settings, parse_number, sentence

OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")  # simulator.optimizers.Optimizer names


def guarded(method):
    """Run a slot; turn any exception into one sentence on `sigError`, never a crash."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the window must survive any error
            self.sigError.emit(sentence(error))
            return None

    return wrapper


class Controller(QObject):
    """Owns the cursor and the undo stack; the only ui code that calls the simulator."""

    sigNetworkChanged = Signal(object)  # NetworkView: rebuild scene and side panel
    sigTraceChanged = Signal(object)  # TraceView: a new iteration or a rebuilt trace
    sigStepChanged = Signal(object)  # StepView: incremental update after any move
    sigError = Signal(str)  # one sentence for the user
    sigStatus = Signal(str)  # a short confirmation for the status bar
    sigNetworkReplaced = Signal()  # a preset, an edit, an undo or a restore: not a step

    def __init__(self, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.cursor = None
        self.title = ""
        self.preset_name = ""  # the bundled name or path it was opened as
        self.base = None  # the Preset it was opened from (None when built in code)
        self.base_data = None  # the Dataset as loaded, to tell whether the data was edited
        self.file_path = ""  # the file it was opened from or last saved to
        self.description = ""  # what the example teaches, from the preset
        self.hand_worked = ()
        self.init_seed = 0
        self.granularity = "value"
        self._notes = (None, {})  # (trace, its comparisons with the notes), computed once

    def __repr__(self) -> str:
        return f"Controller({self.title!r}, {self.cursor!r})"

    # -- loading -------------------------------------------------------------------------

    @guarded
    def open_preset(self, name_or_path: str) -> bool:
        """Load a bundled preset or a JSON file; on a bad file, say why and keep the old one."""
        preset = load_preset(name_or_path)
        network, data = preset.build_network(), preset.load_data()
        self.file_path = "" if str(name_or_path) in bundled_names() else str(name_or_path)
        self.load(network, data, preset.name, preset.hand_worked, name_or_path, preset.description)
        self.base = preset
        return True

    def bundled_presets(self) -> list:
        """Names for the preset picker."""
        return list(bundled_names())

    def choices(self) -> dict:
        """What the side panel offers: the engine's activations, losses and optimizers."""
        return {
            "activations": tuple(ACTIVATIONS),
            "losses": tuple(LOSSES),
            "optimizers": OPTIMIZERS,
            "granularities": GRANULARITIES,
        }

    def load(self, network, data, title, hand_worked=(), preset="", description="") -> None:
        """Start stepping through `network` on `data` from its first iteration."""
        self.cursor = Cursor(network, data)
        self.preset_name, self.description = preset, description
        self.title, self.hand_worked, self.init_seed = title, tuple(hand_worked), network.seed
        self.base, self.base_data = None, data
        self.undo_stack.clear()
        self._publish_network()
        self.sigNetworkReplaced.emit()

    def network_copy(self) -> tuple:
        """(a copy of the network at the start of this iteration, the data) for a view that
        trains or analyses it without disturbing the step-through."""
        return self.cursor.network.copy(), self.cursor.data

    # -- snapshots -----------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return Settings.of(self.cursor.network)

    def network_view(self) -> NetworkView:
        trace, network = self.cursor.trace, self.cursor.network
        return NetworkView(
            self.title,
            self.preset_name,
            self.description,
            self.settings,
            dict(trace.parameters),
            tuple(self._inputs().values()),
            tuple(self._targets().values()),
            neuron_labels(network.sizes),
            len(self.cursor.data),
        )

    def trace_view(self) -> TraceView:
        return TraceView(self.cursor.trace.steps, self._comparisons(), self.cursor.position)

    def step_view(self, changed=None) -> StepView:
        """The cursor's state; `changed` limits texts to those keys (None: every key)."""
        cursor = self.cursor
        current = cursor.current
        texts = display_texts(cursor.trace, cursor.position, changed)
        weights = {
            k: visible_value(cursor.trace, cursor.position, k) for k in texts if is_weight(k)
        }
        notes = self._comparisons()
        comparison = notes.get((current.key, current.sample)) if current else None
        return StepView(
            cursor.position,
            len(cursor.trace),
            cursor.iteration,
            current.phase if current else None,
            current,
            tuple(current.reads) if current else (),
            texts,
            weights,
            row_of(current, comparison) if comparison else None,
            self._sample(),
            len(cursor.trace.rows),
            self.granularity,
            computed_keys(cursor.trace, cursor.position),
        )

    # -- navigation (keys and buttons call these) ----------------------------------------

    @guarded
    def step_forward(self) -> None:
        self._move(lambda: self.cursor.step_forward(self.granularity))

    @guarded
    def step_back(self) -> None:
        self._move(lambda: self.cursor.step_back(self.granularity))

    @guarded
    def finish(self) -> None:
        self._move(self.cursor.finish)

    @guarded
    def restart(self) -> None:
        self._move(self.cursor.restart)

    @guarded
    def reset(self) -> None:
        self._move(self.cursor.reset)

    @guarded
    def go_to(self, position: int) -> None:
        self._move(lambda: self.cursor.go_to(position))

    @guarded
    def set_granularity(self, granularity: str) -> None:
        if granularity not in GRANULARITIES:
            raise ValueError(f"granularity should be one of {', '.join(GRANULARITIES)}.")
        self.granularity = granularity
        self.sigStatus.emit(f"Step by {granularity}")

    @guarded
    def describe_key(self, key: str) -> None:
        """Say how `key` was last computed (clicking a value on the graph), without moving."""
        step = self.cursor.trace.latest(key, self.cursor.position)
        if step is None:
            self.sigStatus.emit(f"{key} is not computed yet at this step")
        else:
            self.sigStatus.emit(f"step {step.index}: {step.formula()}")

    @property
    def at_end(self) -> bool:
        return self.cursor is not None and self.cursor.at_end

    def _move(self, action) -> None:
        """Move the cursor, then send only the display texts that the move changed."""
        trace, position, sample = self.cursor.trace, self.cursor.position, self._sample()
        action()
        if self.cursor.trace is not trace:  # a new iteration: every number changes
            self.sigTraceChanged.emit(self.trace_view())
            self.sigStepChanged.emit(self.step_view())
            return
        low, high = sorted((position, self.cursor.position))
        keys = {step.key for step in trace.steps[low:high]}
        if self._sample() != sample:  # another sample of the batch comes on show
            keys |= {s.key for s in trace.steps if s.sample is not None}
            keys |= set(self._inputs()) | set(self._targets())
        self.sigStepChanged.emit(self.step_view(keys))

    # -- edits (through the undo stack) --------------------------------------------------

    def edit_text(self, key: str) -> str:
        """The full-precision value of an editable key, as the edit box starts with it."""
        try:
            return repr(float(self._editable_value(key)))
        except ValueError:
            return ""

    @guarded
    def edit_value(self, key: str, text: str) -> bool:
        """Set a weight, bias, input or target from typed text; refuse bad text with a reason."""
        value = parse_number(text, key)
        old = self._editable_value(key)
        if value == old:
            return False
        network, data = self._with_value(key, value)
        name = f"Set {key} to {format_number(value)}"
        self.undo_stack.push(commands.ReplaceNetwork(self, name, network, data))
        return True

    @guarded
    def change_settings(self, settings: Settings) -> bool:
        """Rebuild the network for new settings (new sizes get fresh seeded weights); undoable."""
        old = self.settings
        if settings == old:
            return False
        network = self._network_for(settings)
        changed = [
            f.name for f in fields(Settings) if getattr(settings, f.name) != getattr(old, f.name)
        ]
        name = "Change " + ", ".join(SETTING_NAMES[f] for f in changed)
        self.undo_stack.push(commands.ReplaceNetwork(self, name, network, self.cursor.data))
        return True

    @guarded
    def use_parameters(self, network, text: str = "Use trained weights") -> bool:
        """Step through with another network's weights and biases (undoable); the settings,
        optimizer state and progress of the step-through stay as they are."""
        if network.sizes != self.cursor.network.sizes:
            raise ValueError("the trained network has other layer sizes than the step-through.")
        updated, data = self.snapshot()
        updated.parameters = {name: value.copy() for name, value in network.parameters.items()}
        self.undo_stack.push(commands.ReplaceNetwork(self, text, updated, data))
        return True

    def snapshot(self):
        """The network and data as they are now, for a command's undo."""
        return self.cursor.network.copy(), self.cursor.data

    def install(self, network, data) -> None:
        """Put a network and data in place and restart the iteration (called by commands)."""
        old = self.settings
        self.cursor.network, self.cursor.data = network.copy(), data
        self.cursor.rebuild()
        if self.settings.sizes != old.sizes or self.settings.activations != old.activations:
            self._publish_network()
        else:
            self.sigTraceChanged.emit(self.trace_view())
            self.sigStepChanged.emit(self.step_view())
        self.sigNetworkReplaced.emit()

    def _with_value(self, key: str, value: float):
        """A copy of the network (or data) with one number changed."""
        network, data = self.snapshot()
        target = Key.parse(key)
        if target.is_parameter:
            array = network.parameters[target.array_name].copy()
            array[target.array_index] = value
            network.parameters = {**network.parameters, target.array_name: array}
            return network, data
        row = self.cursor.trace.rows[self._sample() - 1]
        inputs, targets = data.inputs.copy(), data.targets.copy()
        (inputs if target.kind == "a" else targets)[row, target.neuron - 1] = value
        return network, Dataset(inputs, targets, data.name)

    def _network_for(self, settings: Settings) -> Network:
        old = self.cursor.network
        activations = tuple(
            old.activations[i]
            if i < len(old.activations) and old.activations[i].name == name
            else LayerActivation.of(name)
            for i, name in enumerate(settings.activations)
        )
        if settings.sizes == old.sizes:
            parameters = with_prelu_alphas(
                {k: v.copy() for k, v in old.parameters.items()}, activations
            )
        else:
            rng = np.random.default_rng(self.init_seed)
            parameters = initial_parameters(settings.sizes, activations, "xavier", rng)
        optimizer = replace(
            old.optimizer, name=settings.optimizer, learning_rate=settings.learning_rate
        )
        network = Network(
            settings.sizes,
            activations,
            settings.loss,
            optimizer,
            parameters,
            settings.batch_size,
            old.seed,
        )
        check_settings(settings, self.cursor.data)
        Cursor(network, self.cursor.data)  # raises a clear error now rather than on install
        return network

    # -- publishing -------------------------------------------------------------------

    def _publish_network(self) -> None:
        self.sigNetworkChanged.emit(self.network_view())
        self.sigTraceChanged.emit(self.trace_view())
        self.sigStepChanged.emit(self.step_view())

    def _sample(self) -> int:
        return sample_on_show(self.cursor.trace, self.cursor.position)

    def _inputs(self) -> dict:
        return given_values(self.cursor.trace, self._sample())[0]

    def _targets(self) -> dict:
        return given_values(self.cursor.trace, self._sample())[1]

    def _editable_value(self, key: str) -> float:
        values = {**self.cursor.trace.parameters, **self._inputs(), **self._targets()}
        if key not in values:
            raise ValueError(f"{key} cannot be edited: pick a weight, bias, input or target.")
        return values[key]

    def _comparisons(self) -> dict:
        """(key, sample) -> (the notes' value, match); only in the preset's first iteration."""
        trace = self.cursor.trace
        if not self.hand_worked or self.cursor.iteration != 1:
            return {}
        if self._notes[0] is not trace:
            self._notes = (trace, notes_by_step(compare(self.hand_worked, trace), trace))
        return self._notes[1]

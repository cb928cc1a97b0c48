"""Read-only snapshots the controller hands to the views: frozen, holding no engine arrays.

The functions at the end read a trace (never change it) to say what the graph shows at a
position: each value as the engine's `format_number` writes it, or None when not yet computed.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from simulator.activations import ACTIVATIONS
from simulator.cursor import GRANULARITIES
from simulator.keys import is_weight, neuron_key, target_key
from simulator.losses import LOSSES
from simulator.notation import format_number
from simulator.optimizers import OPTIMIZERS

# what the side panel and the toolbar offer: the engine's own names
CHOICES = {
    "activations": tuple(ACTIVATIONS),
    "losses": tuple(LOSSES),
    "optimizers": OPTIMIZERS,
    "granularities": GRANULARITIES,
}


@dataclass(frozen=True)
class NetworkView:
    """What the graph and the side panel need to (re)build: sent when the architecture changes."""

    title: str
    preset: str  # the name or path it was opened as ('' when built in code)
    description: str  # what the example teaches
    settings: object  # simulator.workspace.Settings
    parameters: Mapping  # 'W[1,1,1]' -> float, before this iteration's update
    inputs: tuple  # x1, x2, ... of the sample on show
    targets: tuple  # y1, ...
    labels: Mapping  # 'a[1,1]' -> 'H1', as the notes name the neurons
    sample_count: int  # rows in the data set
    notes_dropped: bool = False  # an edit made the notes' hand-worked values not apply


@dataclass(frozen=True)
class Row:
    """One line of the steps table; `notes` and `match` only where the preset has hand work."""

    index: int
    key: str
    formula: str
    value: str
    notes: str | None = None
    match: bool | None = None


@dataclass(frozen=True)
class TraceView:
    """Every step of the current iteration; the table shows the first `position` of them.

    Rows are written on demand (`row`), so a big network's 100,000 steps cost nothing until
    they are scrolled into view.
    """

    steps: tuple  # the engine's Steps (immutable NamedTuples)
    notes: Mapping  # (key, sample) -> (the notes' value text, match)
    position: int  # steps done when the trace was sent

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def has_notes(self) -> bool:
        return bool(self.notes)

    def row(self, index: int) -> Row:
        """The table row of step `index` (0-based)."""
        step = self.steps[index]
        return row_of(step, self.notes.get((step.key, step.sample)))


@dataclass(frozen=True)
class StepView:
    """Where the cursor is, the step just computed, and the display texts that changed."""

    position: int
    total: int
    iteration: int
    phase: str | None  # phase of the step just computed; None before the first step
    current: object  # the engine's Step (an immutable NamedTuple) or None
    reads: tuple
    texts: Mapping  # key -> text (None = not computed yet) for the keys that changed
    weights: Mapping  # 'W[l,j,i]' -> value for weights whose shown value changed
    comparison: Row | None = None  # the notes' value for the current key, when there is one
    sample: int = 1
    batch_size: int = 1
    granularity: str = "value"
    computed: frozenset = frozenset()  # keys computed so far for the sample on show


def network_view(workspace, cursor) -> NetworkView:
    """What the graph and the side panel show of the work and the iteration on show."""
    trace = cursor.trace
    inputs, targets = given_values(trace, sample_on_show(trace, cursor.position))
    return NetworkView(
        workspace.title,
        workspace.origin,
        workspace.description,
        workspace.settings,
        dict(trace.parameters),
        tuple(inputs.values()),
        tuple(targets.values()),
        neuron_labels(workspace.network.sizes),
        len(workspace.data),
        workspace.notes_dropped,
    )


def step_view(cursor, notes: Mapping, granularity: str, changed=None) -> StepView:
    """The cursor's state; `changed` limits the texts to those keys (None: every key)."""
    trace, position, current = cursor.trace, cursor.position, cursor.current
    texts = display_texts(trace, position, changed)
    weights = {k: visible_value(trace, position, k) for k in texts if is_weight(k)}
    comparison = notes.get((current.key, current.sample)) if current else None
    return StepView(
        position,
        len(trace),
        cursor.iteration,
        current.phase if current else None,
        current,
        tuple(current.reads) if current else (),
        texts,
        weights,
        row_of(current, comparison) if comparison else None,
        sample_on_show(trace, position),
        len(trace.rows),
        granularity,
        computed_keys(trace, position),
    )


def moved_keys(trace, before: int, after: int) -> set:
    """The keys whose texts change when the cursor moves from `before` to `after` steps."""
    low, high = sorted((before, after))
    keys = {step.key for step in trace.steps[low:high]}
    sample = sample_on_show(trace, after)
    if sample != sample_on_show(trace, before):  # another sample of the batch comes on show
        keys |= {s.key for s in trace.steps if s.sample is not None}
        keys |= {k for values in given_values(trace, sample) for k in values}
    return keys


def neuron_labels(sizes) -> dict:
    """Names like the notes' (x1, x2, H1, H2, O) for each neuron key 'a[l,j]'."""
    depth, result = len(sizes) - 1, {}
    for layer, size in enumerate(sizes):
        for j in range(1, size + 1):
            if layer == 0:
                name = f"x{j}"
            elif layer == depth:
                name = "O" if size == 1 else f"O{j}"
            else:
                name = f"H{j}" if depth == 2 else f"H{layer}.{j}"
            result[neuron_key("a", layer, j)] = name
    return result


def sample_on_show(trace, position: int) -> int:
    """The 1-based sample on show: the current step's, or the batch's last in the update."""
    step = trace.steps[max(position, 1) - 1]
    return step.sample if step.sample is not None else len(trace.rows)


def given_values(trace, sample: int) -> tuple:
    """({'a[0,1]': x1, ...}, {'y[1]': y1, ...}) for one sample of the batch."""
    inputs = trace.inputs[sample - 1].tolist()
    targets = trace.targets[sample - 1].tolist()
    return (
        {neuron_key("a", 0, i): x for i, x in enumerate(inputs, start=1)},
        {target_key(j): y for j, y in enumerate(targets, start=1)},
    )


def shown_step(trace, position: int, key: str):
    """The latest step at or before `position` that computed `key` for the sample on show (the
    step whose value the graph shows), or None."""
    sample = sample_on_show(trace, position)
    for index in reversed(trace.positions.get(key, ())):
        if index <= position and trace.steps[index - 1].sample in (None, sample):
            return trace.steps[index - 1]
    return None


def visible_value(trace, position: int, key: str):
    """The latest value of `key` computed for the sample on show, else its value before the
    update (weights, biases), else None."""
    step = shown_step(trace, position, key)
    return step.value if step is not None else trace.parameters.get(key)


def display_texts(trace, position: int, keys=None) -> dict:
    """key -> text shown at `position` for `keys` (None: every key the iteration has)."""
    inputs, targets = given_values(trace, sample_on_show(trace, position))
    givens = {**inputs, **targets}
    if keys is None:
        keys = set(trace.positions) | set(trace.parameters) | set(givens)
    texts = {}
    for key in keys:
        value = givens[key] if key in givens else visible_value(trace, position, key)
        texts[key] = None if value is None else format_number(value)
    return texts


def computed_keys(trace, position: int) -> frozenset:
    """Keys computed by the first `position` steps for the sample on show (the rest dim)."""
    sample = sample_on_show(trace, position)
    return frozenset(s.key for s in trace.steps[:position] if s.sample in (None, sample))


def row_of(step, notes=None) -> Row:
    """A steps-table row for an engine Step; `notes` is (the notes' value text, match)."""
    written, match = notes if notes else (None, None)
    return Row(step.index, step.key, step.formula(), format_number(step.value), written, match)


def notes_by_step(comparisons, trace) -> dict:
    """(key, sample) -> (the notes' value text, match) from simulator.check.compare's rows."""
    notes = {}
    for item in comparisons:
        step = trace.find(item.key)
        if step is not None:
            notes[(item.key, step.sample)] = (format_number(item.notes), item.match)
    return notes

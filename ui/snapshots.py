"""Read-only snapshots the controller hands to the views: frozen, holding no engine arrays.

The functions at the end read a trace (never change it) to say what the graph shows at a
position: each value as the engine's `format_number` writes it, or None when not yet computed.
"""

from collections.abc import Mapping, Set
from dataclasses import dataclass

from simulator.activations import ACTIVATIONS
from simulator.cursor import GRANULARITIES
from simulator.keys import gradient_key, is_weight, mean_key, neuron_key, target_key
from simulator.losses import LOSSES
from simulator.names import NO_NAMES, NOTATIONS, Names, in_notation
from simulator.notation import format_number
from simulator.optimizers import OPTIMIZERS
from ui.computed_keys import computed_keys, sample_on_show, stepped_keys
from ui.number_texts import NumberTexts
from ui.step_texts import batch_texts, dropped, graph_labels, place, verdict

# what the side panel and the toolbar offer: the engine's own names
CHOICES = {
    "activations": tuple(ACTIVATIONS),
    "losses": tuple(LOSSES),
    "optimizers": OPTIMIZERS,
    "granularities": GRANULARITIES,
    "notations": NOTATIONS,
}
NOTATION_TITLES = {"notes": "The notes' names", "layer": "Layer notation"}


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
    labels: Mapping  # what the graph calls each key: 'a[1,1]' -> 'H1', 'W[1,1,2]' -> 'w21'
    sample_count: int  # rows in the data set
    notes_dropped: bool = False  # an edit made the notes' hand-worked values not apply
    names: Names = NO_NAMES  # the keys' names in the notation on show (none: layer notation)
    order_note: str = ""  # where the notes number weights the other way round, said once


@dataclass(frozen=True)
class Row:
    """One line of the steps table, keys written in the notation on show; `notes` and `status`
    ('match', 'slip', 'inherited') only where the preset has hand work."""

    index: int
    key: str
    formula: str
    value: str
    notes: str | None = None
    status: str | None = None
    sample: str = ""  # 'sample (row)' in a mini-batch: '2 (row 3)'; '' otherwise

    @property
    def match(self) -> bool | None:
        return None if self.status is None else self.status == "match"


@dataclass(frozen=True)
class TraceView:
    """Every step of the current iteration; the table shows the first `position` of them.

    Rows are written on demand (`row`), so a big network's 100,000 steps cost nothing until
    they are scrolled into view.
    """

    steps: tuple  # the engine's Steps (immutable NamedTuples)
    notes: Mapping  # (key, sample) -> the engine's Comparison with the notes
    position: int  # steps done when the trace was sent
    names: Names = NO_NAMES  # the keys' names in the notation on show
    batch: tuple = ()  # one (data row, inputs, targets) of texts per sample, when more than one

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def has_notes(self) -> bool:
        return bool(self.notes)

    @property
    def has_samples(self) -> bool:
        return len(self.batch) > 1

    def shown_texts(self) -> dict:
        """key -> every text the graph shows for it in this iteration (of the givens, only a
        batch's inputs and targets, which change with the sample), so its items keep room
        for the widest. Asked of a net small enough to label only: a big one's iteration has
        a hundred thousand steps."""
        texts: dict = {}
        for step in self.steps:
            texts.setdefault(step.key, set()).add(format_number(step.value))
        for _, inputs, targets in self.batch:
            givens = [(neuron_key("a", 0, i), x) for i, x in enumerate(inputs, 1)]
            givens += [(target_key(j), y) for j, y in enumerate(targets, 1)]
            for key, text in givens:
                texts.setdefault(key, set()).add(text)
        return {key: tuple(sorted(shown)) for key, shown in texts.items()}

    def row(self, index: int) -> Row:
        """The table row of step `index` (0-based)."""
        step = self.steps[index]
        return row_of(step, self.notes.get((step.key, step.sample)), self.names)


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
    computed: Set = frozenset()  # keys computed so far for the sample on show
    row: int | None = None  # the 1-based data row of the sample on show
    verdict: str = ""  # the notes at this step in one sentence: a slip explained, what inherits
    names: Names = NO_NAMES  # the keys' names in the notation on show
    place: str = ""  # which sample and data row the step belongs to: 'sample 2 of 4 (row 3)'


def network_view(workspace, cursor, notation: str = "notes") -> NetworkView:
    """What the graph and the side panel show of the work and the iteration on show."""
    trace = cursor.trace
    inputs, targets = given_values(trace, sample_on_show(trace, cursor.position))
    names = in_notation(workspace.names, notation)
    return NetworkView(
        workspace.title,
        workspace.origin,
        workspace.description,
        workspace.settings,
        dict(trace.parameters),
        tuple(inputs.values()),
        tuple(targets.values()),
        graph_labels(workspace.network.sizes, names, notation),
        len(workspace.data),
        workspace.notes_dropped,
        names,
        workspace.names.index_order_note() or "",
    )


def trace_view(cursor, notes: Mapping, names: Names) -> TraceView:
    """The iteration on show, its comparisons with the notes and its batch's data rows."""
    trace = cursor.trace
    return TraceView(trace.steps, notes, cursor.position, names, batch_texts(trace))


def step_view(cursor, notes: Mapping, granularity: str, changed=None, **shown) -> StepView:
    """The cursor's state; `changed` limits the texts to those keys (None: every key).

    `shown` may give `names` (the notation on show) and `dropped` (the notes no longer apply).
    """
    trace, position, current = cursor.trace, cursor.position, cursor.current
    names = shown.get("names", NO_NAMES)
    values = display_values(trace, position, changed)
    weighted = trace.weight_keys if changed is None else filter(is_weight, values)
    weights = {key: values[key] for key in weighted}
    comparison = notes.get((current.key, current.sample)) if current else None
    sample = sample_on_show(trace, position)
    return StepView(
        position,
        len(trace),
        cursor.iteration,
        current.phase if current else None,
        current,
        tuple(current.reads) if current else (),
        NumberTexts(values),
        weights,
        row_of(current, comparison, names) if comparison else None,
        sample,
        len(trace.rows),
        granularity,
        computed_keys(trace, position),
        int(trace.rows[sample - 1]) + 1,
        verdict(comparison, notes, names) if comparison else dropped(shown),
        names,
        place(current, len(trace.rows), len(cursor.data)),
    )


def moved_keys(trace, before: int, after: int) -> set:
    """The keys whose texts change when the cursor moves from `before` to `after` steps."""
    keys = set(stepped_keys(trace, before, after))
    sample = sample_on_show(trace, after)
    if sample != sample_on_show(trace, before):  # another sample of the batch comes on show
        keys |= {s.key for s in trace.steps if s.sample is not None}
        keys |= {k for values in given_values(trace, sample) for k in values}
    return keys


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


def display_values(trace, position: int, keys=None) -> dict:
    """key -> value shown at `position` for `keys` (None: every key the iteration has, and the
    batch means it has not, which blank as None)."""
    sample = sample_on_show(trace, position)
    inputs, targets = given_values(trace, sample)
    givens = {**inputs, **targets}
    if keys is None:
        return _every_value(trace, position, sample, givens)
    return {
        key: givens[key] if key in givens else visible_value(trace, position, key) for key in keys
    }


def _every_value(trace, position: int, sample: int, givens: dict) -> dict:
    """Every key's value at `position`: the parameters before the update, overwritten by the
    steps so far for the sample on show in order (the latest wins), then the givens. One pass
    over the steps, not a search per key (a 4 x 128 net has 260,000 keys)."""
    values = dict.fromkeys(trace.positions)
    values.update(dict.fromkeys(map(mean_key, map(gradient_key, trace.parameters))))
    values.update(trace.parameters)
    for step in trace.steps[:position]:
        if step.sample in (None, sample):
            values[step.key] = step.value
    values.update(givens)
    return values


def row_of(step, comparison=None, names: Names = NO_NAMES) -> Row:
    """A steps-table row for an engine Step and its Comparison with the notes, if any."""
    written, status = (comparison.written, comparison.status) if comparison else (None, None)
    sample = f"{step.sample} (row {step.row})" if step.sample else ""
    value = format_number(step.value)
    return Row(
        step.index, names.label(step.key), names.formula(step), value, written, status, sample
    )


def notes_by_step(comparisons, trace) -> dict:
    """(key, sample) -> Comparison, from simulator.check.compare's rows."""
    notes = {}
    for item in comparisons:
        step = trace.find(item.key)
        if step is not None:
            notes[(item.key, step.sample)] = item
    return notes

"""Read-only snapshots the controller hands to the views: frozen, holding no engine arrays."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """What the side panel edits: architecture, loss and optimizer of the current network."""

    sizes: tuple
    activations: tuple  # one name per layer 1..L
    loss: str
    optimizer: str
    learning_rate: float
    batch_size: int


@dataclass(frozen=True)
class NetworkView:
    """What the graph and the side panel need to (re)build: sent when the architecture changes."""

    title: str
    settings: Settings
    parameters: Mapping  # 'W[1,1,1]' -> float, before this iteration's update
    inputs: Mapping  # 'a[0,1]' -> float for the sample on show
    targets: Mapping  # 'y[1]' -> float
    labels: Mapping  # 'a[1,1]' -> 'H1', as the notes name the neurons
    sample_count: int  # rows in the data set


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
    """Every row of the current iteration; the table shows the first `position` of them."""

    rows: tuple
    has_notes: bool


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
    weights: Mapping  # key -> value for parameters whose shown value changed
    comparison: Row | None = None  # the notes' value for the current key, when there is one
    sample: int = 1
    batch_size: int = 1
    granularity: str = "value"


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
            result[f"a[{layer},{j}]"] = name
    return result

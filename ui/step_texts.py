"""What the window writes about keys and steps beyond their numbers: each key's name on the
graph, where a step stands in the batch, and the notes' verdict at it in one sentence.

The words come from the engine's data (the preset's names and `why`, a Comparison's status and
what it carries); nothing is computed here.
"""

from collections.abc import Mapping

from simulator.keys import GRADIENT, neuron_key
from simulator.names import Names
from simulator.notation import format_number


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


def graph_labels(sizes, names: Names, notation: str) -> dict:
    """What the graph calls each key: the notes' names (a neuron they do not name keeps the
    usual x1, H1, O), or in layer notation nothing, so the graph writes the keys."""
    if notation == "layer":
        return {}
    labels = neuron_labels(sizes)
    for key, name in names.items():
        labels[key] = "∂L/∂" + name[len(GRADIENT) :] if name.startswith(GRADIENT) else name
    return labels


def batch_texts(trace) -> tuple:
    """(data row, inputs, targets) as texts for each sample of a mini-batch; () for one."""
    if len(trace.rows) < 2:
        return ()
    return tuple(
        (row + 1, tuple(map(format_number, x)), tuple(map(format_number, y)))
        for row, x, y in zip(trace.rows, trace.inputs.tolist(), trace.targets.tolist())
    )


def place(step, batch_size: int, data_rows: int) -> str:
    """Which sample and data row a step belongs to ('sample 2 of 4 (row 3)'), 'mean over the
    batch' for a batch mean, 'batch of 4' for an update; '' where there is only one row."""
    if step is None or data_rows < 2:
        return ""
    if step.sample is not None:
        return f"sample {step.sample} of {batch_size} (row {step.row})"
    if step.row is not None:
        return f"row {step.row}"
    if step.kind == "mean":
        return "mean over the batch"
    return f"batch of {batch_size}" if batch_size > 1 else ""


def verdict(comparison, notes: Mapping, names: Names) -> str:
    """The notes at one step in a sentence: why a slip is one, what an inherited value carries."""
    if comparison.status == "slip":
        own, written = format_number(comparison.own), comparison.written
        return "Slip: " + (
            comparison.why or f"the notes' own earlier numbers give {own} here, not {written}."
        )
    if comparison.status != "inherited":
        return ""
    by_key = {key: c for (key, _), c in notes.items()}
    used = ", ".join(f"{names.label(k)} = {by_key[k].written}" for k in comparison.carried)
    slip = by_key[comparison.inherits]
    if comparison.carried == (slip.key,):
        return f"Inherited: right for the notes' own {used}, their slip at step {slip.step}."
    where = f"{names.label(slip.key)} (step {slip.step})"
    return f"Inherited: right for the notes' own {used}, which carries their slip in {where}."


def dropped(shown: Mapping) -> str:
    """The quiet note while an edit keeps the notes from applying ('' otherwise)."""
    if not shown.get("dropped"):
        return ""
    return (
        "You changed the network, so the notes' hand-worked values no longer apply "
        "(Undo brings them back)."
    )

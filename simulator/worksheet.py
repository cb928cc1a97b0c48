"""Worksheets for a class: seeded variants of a preset with short decimals, and answer files.

Each variant keeps the preset's structure (layers, activations, loss, optimizer) and draws one
sample's inputs, its targets, the weights and the biases as one-decimal numbers a student can
work by hand, redrawing any draw whose arithmetic is degenerate. The variant is a preset whose
`asks` field lists the steps the worksheet asks, so `grade` knows what to mark. The same seed
always draws the same variants; rendering them to HTML and PDF is ui/worksheet_export.py's job.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.grading import AnswerError, label, parse_answer
from simulator.network import Network, with_prelu_alphas
from simulator.practice import asked_steps
from simulator.presets import FORMAT, Preset
from simulator.step import PHASES
from simulator.trace import build_trace

MAX_VARIANTS = 500
DRAWS_PER_VARIANT = 2000  # redraws allowed before a structure is called impossible to vary
WEIGHTS = np.array([w / 10 for w in range(-9, 10) if w])  # one decimal, never 0 (cuts a path)
BIASES = np.array([b / 10 for b in range(-5, 6)])
INPUTS = np.array([x / 10 for x in range(1, 10)])  # positive, like the notes' x = (0.5, 0.8)
SMALLEST_WEIGHTED_SUM = 0.05  # a z this close to 0 sits on relu's kink or cancels to nothing
SMALLEST_OUTPUT_GRADIENT = 1e-3  # an output this close to its target leaves nothing to learn
LARGEST_VALUE = 1e3
BOUNDED_OUTPUTS = ("sigmoid", "relu", "softmax")  # targets in 0.1..0.9 for these


class AnswerFileError(ValueError):
    """A student's answer file that cannot be read; one sentence naming file, row and need."""


@dataclass(frozen=True)
class Sheet:
    """One variant: its name (file stem), the preset, its iteration and the asked steps."""

    name: str
    number: int
    base: str  # the name of the preset it varies
    preset: Preset
    trace: object
    asked: tuple[int, ...]

    def __repr__(self) -> str:
        return f"Sheet({self.name!r}, {len(self.asked)} asked)"

    def phases(self) -> list[tuple[str, list[tuple[object, bool]]]]:
        """Per phase, its steps with whether each is asked (a blank) or shown (worked)."""
        rows = [
            (phase, [(s, s.index in self.asked) for s in self.trace.steps if s.phase == phase])
            for phase in PHASES
        ]
        return [(phase, steps) for phase, steps in rows if steps]

    def answer_rows(self) -> list[tuple[str, float]]:
        """(label, true value) of every asked step, in order."""
        return [(label(self.trace.steps[i - 1]), self.trace.steps[i - 1].value) for i in self.asked]


def make_sheets(preset: Preset, count: int, seed: int, kinds=PHASES, fading=False) -> list[Sheet]:
    """`count` variants of `preset` drawn from one seeded generator: the same seed, the same
    sheets."""
    if not 1 <= count <= MAX_VARIANTS:
        raise ValueError(f"--variants should be between 1 and {MAX_VARIANTS}, got {count}.")
    if seed < 0:
        raise ValueError(f"--seed should be a whole number of at least 0, got {seed}.")
    rng = np.random.default_rng(seed)
    width = max(2, len(str(count)))
    worked = [entry.key for entry in preset.hand_worked]
    sheets = []
    for number in range(1, count + 1):
        spec, trace = _draw_variant(preset, rng)
        asked = asked_steps(trace, kinds, worked, fading)
        if not asked:
            what = ", ".join(kinds)
            raise ValueError(f"{preset.name}: --kinds {what} asks no step of this network.")
        spec["asks"] = [trace.steps[i - 1].key for i in asked]
        spec["name"] = f"{preset.name}: variant {number} of {count}"
        spec["description"] = (
            f"Worksheet variant {number} of {count} (seed {seed}) of '{preset.name}': the same "
            "network with new numbers. Work one iteration by hand."
        )
        name = f"variant-{number:0{width}d}"
        variant = Preset.from_dict(spec, f"{name}.json")
        sheets.append(Sheet(name, number, preset.name, variant, trace, asked))
    return sheets


def _draw_variant(preset: Preset, rng) -> tuple[dict, object]:
    """A preset spec with freshly drawn numbers and its trace, redrawn until not degenerate."""
    for _ in range(DRAWS_PER_VARIANT):
        spec = _drawn_spec(preset, rng)
        inputs, targets = (np.array(spec["data"][k], dtype=float) for k in ("inputs", "targets"))
        parameters = {}
        for layer, (weight, bias) in enumerate(zip(spec["weights"], spec["biases"]), start=1):
            parameters[f"W{layer}"], parameters[f"b{layer}"] = np.array(weight), np.array(bias)
        parameters = with_prelu_alphas(parameters, preset.activations)
        network = Network(
            preset.layers, preset.activations, preset.loss, preset.optimizer, parameters
        )
        if not _degenerate(network, inputs, targets):
            return spec, build_trace(network, inputs, targets)
    raise ValueError(
        f"{preset.origin}: could not draw hand-workable numbers for this network "
        f"in {DRAWS_PER_VARIANT} tries (too many relu neurons die); try a smaller network."
    )


def _drawn_spec(preset: Preset, rng) -> dict:
    """The preset's structure with one sample and new one-decimal weights, biases and data."""
    layers = list(preset.layers)
    fans = list(zip(layers[1:], layers[:-1]))  # (neurons, inputs per neuron) of layers 1..L
    weights = [[_pick(rng, WEIGHTS, inputs) for _ in range(size)] for size, inputs in fans]
    biases = [_pick(rng, BIASES, size, distinct=False) for size, _ in fans]
    return {
        "format": FORMAT,
        "name": preset.name,
        "source": preset.source,
        "layers": layers,
        "activations": [a.to_dict() for a in preset.activations],
        "weights": weights,
        "biases": biases,
        "loss": preset.loss,
        "optimizer": preset.optimizer.to_dict(),
        "batch_size": 1,
        "data": {"inputs": [_pick(rng, INPUTS, layers[0])], "targets": [_targets(preset, rng)]},
    }


def _pick(rng, choices, size: int, distinct: bool = True) -> list[float]:
    """`size` of `choices`, all different while there are enough (so no two weights of a neuron
    are equal and a swapped operand can be told apart)."""
    unique = distinct and size <= len(choices)
    return rng.choice(choices, size, replace=not unique).tolist()


def _targets(preset: Preset, rng) -> list[float]:
    """Targets the loss can reach: 0/1 for bce, one-hot for cce, one decimal for mse."""
    width = preset.layers[-1]
    if preset.loss == "bce":
        return [float(t) for t in rng.integers(0, 2, width)]
    if preset.loss == "cce":
        hot = int(rng.integers(width))
        return [float(k == hot) for k in range(width)]
    bounded = preset.activations[-1].name in BOUNDED_OUTPUTS
    return _pick(rng, INPUTS if bounded else WEIGHTS, width)


def _degenerate(network, inputs, targets) -> bool:
    """True when the numbers make poor hand arithmetic: a z next to 0, a whole layer of dead
    neurons, an output already at its target, or a value too large to be sensible."""
    forward = network.forward(inputs)
    sums = np.concatenate([z.ravel() for z in forward.weighted_sums])
    if np.any(np.abs(sums) < SMALLEST_WEIGHTED_SUM) or not _sensible(sums):
        return True
    if any(not a.any() for a in forward.activations[1:]):
        return True
    backward = network.backward(forward, targets)
    gradients = [*backward.grad_weighted_sums, *backward.gradients.values()]
    if not _sensible(np.concatenate([np.ravel(g) for g in gradients])):
        return True
    return bool(np.any(np.abs(backward.grad_weighted_sums[-1]) < SMALLEST_OUTPUT_GRADIENT))


def _sensible(values: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(values)) and np.all(np.abs(values) <= LARGEST_VALUE))


def blank_answers_csv(sheet: Sheet) -> str:
    """The answer file a student fills in: a key,value header and one row per asked step (keys
    quoted, since they hold commas)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("key", "value"))
    writer.writerows((name, "") for name, _ in sheet.answer_rows())
    return buffer.getvalue()


def read_answers(path, asked_labels) -> dict[str, str]:
    """A student's answers as label -> typed text, from a key,value CSV; AnswerFileError says
    what is wrong in one sentence.

    A first row starting 'key' is a header; ';' is the separator when the first line has one
    (so '0,44' can be a decimal comma); a key may be quoted or not ('z[1,1],0.44'); an empty
    value leaves the step unanswered.
    """
    text = _read_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first else ","
    asked = list(asked_labels)
    answers: dict[str, str] = {}
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise AnswerFileError(f"{path}: expected a key,value CSV file ({error}).") from None
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or (number == 1 and cells[0].lower() == "key"):
            continue
        key, typed = _answer_row(f"{path}, row {number}", cells, asked, answers)
        if typed:
            answers[key] = typed
    return answers


def _read_text(path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AnswerFileError(f"{path}: no such answer file.") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "expected UTF-8 text"
        raise AnswerFileError(f"{path}: the file could not be read ({reason}).") from None


def _answer_row(where: str, cells: list, asked: list, answers: dict) -> tuple[str, str]:
    """One row's key and typed value, checked against the worksheet. An unquoted key's commas
    split it into cells, so the key is the shortest run of cells that names an asked step."""
    split = next((k for k in range(1, len(cells) + 1) if ",".join(cells[:k]) in asked), None)
    if split is None:
        key = ",".join(cells[:-1]) if len(cells) > 1 else cells[0]
        shown = ", ".join(asked[:6]) + (", ..." if len(asked) > 6 else "")
        raise AnswerFileError(f"{where}: '{key}' is not a step this worksheet asks ({shown}).")
    key, rest = ",".join(cells[:split]), cells[split:]
    if len(rest) > 1:
        raise AnswerFileError(
            f"{where}: expected key,value, got {len(rest)} values for {key} "
            "(a decimal comma needs ';' between key and value)."
        )
    if key in answers:
        raise AnswerFileError(f"{where}: '{key}' is answered twice.")
    typed = rest[0] if rest else ""
    if typed:
        try:
            parse_answer(typed)
        except AnswerError as error:
            raise AnswerFileError(f"{where}: the answer to {key}: {error}.") from None
    return key, typed

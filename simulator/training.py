"""Training for many epochs: the vectorised path over the same calls the step-through uses.

Each mini-batch is one TrainingStep: the passes and the optimizer step that `Network.forward`,
`backward` and `updated` run when the cursor passes the end of an iteration, computed in place,
so training and stepping give the same numbers, bit for bit.
An epoch's loss and accuracy come from the forward passes made during that epoch, each sample
seen before its batch's update (as Keras reports them), so recording the curve costs no extra pass.
"""

import csv
import io
import json
import math
import re
from dataclasses import asdict, dataclass

import numpy as np

from simulator.convergence import Judge
from simulator.files import replace_text
from simulator.losses import get_loss, target_problem
from simulator.notation import format_number
from simulator.training_step import TrainingStep

TRAIN_COLUMNS = ("epoch", "loss", "accuracy")
TEST_COLUMNS = ("test_loss", "test_accuracy")


@dataclass(frozen=True)
class EpochRecord:
    """The figures of one finished epoch (1-based); accuracies are None for mse."""

    epoch: int
    loss: float
    accuracy: float | None
    test_loss: float | None = None
    test_accuracy: float | None = None
    gradient_means: tuple = ()  # per layer 1..L: mean |dL/dW| over the epoch's batches

    def to_dict(self) -> dict:
        """Every figure, full float64, for JSON."""
        return {**asdict(self), "gradient_means": list(self.gradient_means)}


class History(list):
    """The EpochRecords of a training run, in order, with CSV and JSON forms, and the engine's
    Verdict on the run (convergence.py) once train() has judged it."""

    def __init__(self, records=(), tested: bool = False, verdict=None):
        super().__init__(records)
        self.tested = tested  # True when a test set was evaluated every epoch
        self.verdict = verdict  # a convergence.Verdict, or None before judging

    def __repr__(self) -> str:
        return f"History({len(self)} epochs{', with test set' if self.tested else ''})"

    @property
    def columns(self) -> tuple:
        """The CSV header: epoch,loss,accuracy (+ test_loss,test_accuracy with a test set)."""
        return TRAIN_COLUMNS + (TEST_COLUMNS if self.tested else ())

    def to_csv_rows(self) -> list:
        """One list of cells per epoch under `columns`; an accuracy is empty for regression."""
        return [[_cell(getattr(record, name)) for name in self.columns] for record in self]

    def write_csv(self, path) -> None:
        """Write the curve as CSV: the `columns` header, then one row per epoch."""
        stream = io.StringIO(newline="")
        writer = csv.writer(stream)
        writer.writerow(self.columns)
        writer.writerows(self.to_csv_rows())
        replace_text(path, stream.getvalue())

    def to_json(self) -> str:
        """Every epoch's figures, gradient means included, and the verdict:
        {"columns": [...], "epochs": [...], "verdict": {kind, epoch, cause, sentence} or null}."""
        verdict = None if self.verdict is None else self.verdict.to_dict()
        epochs = [record.to_dict() for record in self]
        return json.dumps({"columns": list(self.columns), "epochs": epochs, "verdict": verdict})


def _cell(value) -> str:
    """A CSV cell: full-precision number, or empty for a missing figure."""
    return "" if value is None else repr(value)


class TrainingDiverged(ValueError):
    """The loss or a parameter became NaN or inf; `history` holds the epochs finished before
    and, once train() has judged the run, `verdict` (kind 'diverged') says why."""

    def __init__(self, epoch: int, what: str, value: float, learning_rate: float, history):
        self.epoch, self.what, self.value = epoch, what, value
        self.history = history
        self.verdict = None
        super().__init__(
            f"Training stopped at epoch {epoch}: {what} became {format_number(value)}. "
            f"A learning rate of {format_number(learning_rate)} is too large for this network "
            "(a large eta may never converge); try a smaller one."
        )

    def judged(self, verdict) -> "TrainingDiverged":
        """This error carrying the engine's verdict, whose sentence becomes its message."""
        self.verdict = self.history.verdict = verdict
        self.args = (verdict.sentence,)
        return self


ON_TROUBLE = ("stop", "flag")


def train(
    network, dataset, epochs: int, callback=None, test=None, on_trouble="flag", judge=None
) -> History:
    """Train `network` in place for `epochs` epochs of shuffled mini-batches on `dataset`.

    After every epoch `callback(record)` is called; returning False stops training there.
    With a `test` Dataset its loss and accuracy are recorded too. A Judge (convergence.py)
    watches the curve: when the loss rises, oscillates or stalls, `on_trouble` 'stop' ends the
    run there and 'flag' goes on; either way `history.verdict` names the first trouble (else
    the run's final verdict). Pass the same `judge` to go on watching across calls. Raises
    TrainingDiverged, with its verdict, when the loss or a parameter stops being finite.
    """
    if on_trouble not in ON_TROUBLE:
        raise ValueError(f"on_trouble should be stop or flag, got '{on_trouble}'.")
    for data in (dataset, test) if test is not None else (dataset,):
        _check_shapes(network, data)
    judge = judge or Judge(network, dataset)
    history = History(tested=test is not None)
    for _ in range(epochs):
        try:
            record = _epoch(network, dataset, test, history)
        except TrainingDiverged as error:
            raise error.judged(judge.non_finite(error.epoch, error.what, error.value)) from None
        history.append(record)
        trouble = judge.observe(record)
        history.verdict = history.verdict or trouble
        go_on = callback is None or callback(record) is not False
        if not go_on or (trouble and on_trouble == "stop"):
            break
    history.verdict = history.verdict or judge.final()
    return history


def _check_shapes(network, data) -> None:
    """ValueError in one sentence when the data does not fit the network's first or last layer."""
    fits = (data.inputs.shape[1], data.targets.shape[1]) == (network.sizes[0], network.sizes[-1])
    if not fits or len(data) == 0:
        raise ValueError(
            f"The data '{data.name}' has {len(data)} samples of {data.inputs.shape[1]} inputs and "
            f"{data.targets.shape[1]} targets, but the network expects at least one sample of "
            f"{network.sizes[0]} inputs and {network.sizes[-1]} targets."
        )
    problem = target_problem(network.loss, data.targets)
    if problem is not None:
        row, expected = problem
        raise ValueError(
            f"The data '{data.name}' has targets {data.targets[row].tolist()} in sample "
            f"{row + 1}, but for {network.loss} the targets should {expected}."
        )


def _epoch(network, dataset, test, history) -> EpochRecord:
    """Run mini-batches to the end of the current epoch and sum up what they saw."""
    n_samples, inputs, targets = len(dataset), dataset.inputs, dataset.targets
    step = TrainingStep.of(network)
    # Each batch's outputs and rows go into arrays for the whole epoch; its losses are computed
    # from them once at the end (a sample's loss depends only on its own output and target).
    outputs, seen = np.empty((n_samples, network.sizes[-1])), np.empty(n_samples, dtype=np.intp)
    abs_gradient_sum, spare = np.zeros_like(step.gradient), np.empty_like(step.gradient)
    done = batches = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while True:
            rows = network.batch_indices(n_samples)
            end = done + len(rows)
            # take() copies the rows as indexing by them does, at a third of the cost
            outputs[done:end] = step.run(network, inputs.take(rows, 0), targets.take(rows, 0))
            seen[done:end] = rows
            abs_gradient_sum += np.abs(step.gradient, out=spare)
            done, batches = end, batches + 1
            if network.advance_batch(n_samples):
                break
        outputs, seen_targets = outputs[:done], targets.take(seen[:done], 0)
        loss = float(get_loss(network.loss).value(outputs, seen_targets).mean())
        _check_finite(network, loss, history, step.values)
        accuracy = network.accuracy(outputs, seen_targets)
        test_loss, test_accuracy = _evaluate(network, test)
    # Mean |dL/dW| of each layer, averaged over the epoch's batches (sum / size is the mean,
    # without np.mean's wrapper).
    sums = (abs_gradient_sum[step.parts[f"W{layer}"]] for layer in range(1, network.depth + 1))
    gradient_means = tuple(float(np.add.reduce(total) / total.size) / batches for total in sums)
    return EpochRecord(network.epoch, loss, accuracy, test_loss, test_accuracy, gradient_means)


def _check_finite(network, loss: float, history, values: np.ndarray) -> None:
    """Raise TrainingDiverged when the epoch's loss or any parameter is NaN or inf.

    `values` holds every parameter (the step's flat vector): a finite sum clears them all at once.
    """
    epoch, eta = network.epoch, network.optimizer.learning_rate
    if not math.isfinite(loss):
        raise TrainingDiverged(epoch, "the loss", loss, eta, history)
    if math.isfinite(np.add.reduce(values)):
        return
    for name, parameter in network.parameters.items():
        if not np.all(np.isfinite(parameter)):
            bad = parameter[~np.isfinite(parameter)].flat[0] if parameter.ndim else parameter
            raise TrainingDiverged(epoch, _describe(name), float(bad), eta, history)


def _describe(name: str) -> str:
    """'W2' -> 'a weight of layer 2', for the divergence message."""
    kind, layer = re.fullmatch(r"(W|b|alpha)(\d+)", name).groups()
    what = {"W": "a weight", "b": "a bias", "alpha": "the alpha"}[kind]
    return f"{what} of layer {layer}"


def _evaluate(network, test):
    """Loss and accuracy of the network as it now stands on the test set (None, None without)."""
    if test is None:
        return None, None
    outputs = network.predict(test.inputs)
    loss = float(get_loss(network.loss).value(outputs, test.targets).mean())
    return loss, network.accuracy(outputs, test.targets)

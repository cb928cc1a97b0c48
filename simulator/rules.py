"""The rules a network, its settings and its data obey, each written once.

The preset reader (preset_fields.py) and the user's edits (workspace.py) call the same functions,
so the window, the command line and a saved file accept exactly the same things. Each rule takes
`check`, the caller's Checker, which turns a failure into one sentence naming the file (or the
window's settings) and the field.
"""

import math

import numpy as np

from simulator import limits
from simulator.activations import get_activation
from simulator.losses import target_problem

POSITIVE = "be a finite number above 0"


def check_activations(check, names, outputs: int, field=lambda index: f"activations[{index}]"):
    """Softmax only on the output layer, and never on a single output neuron (it always gives 1).

    `names`: one activation name per layer 1..L; `field(index)` names the field of layer index+1.
    """
    depth = len(names)
    for index, name in enumerate(names):
        get_activation(name)  # an unknown name is a KeyError naming the choices
        if name == "softmax" and index != depth - 1:
            check.fail(field(index), "be elementwise (softmax is for the output layer only)", name)
        if name == "softmax" and outputs < 2:
            check.fail(
                field(index), "not be softmax for one output neuron (it always gives 1)", name
            )


def check_loss(check, loss: str, output_activation: str) -> None:
    """Categorical cross-entropy needs a softmax output to read as class probabilities."""
    if loss == "cce" and output_activation != "softmax":
        expected = f"be mse or bce for a {output_activation} output layer (cce needs softmax)"
        check.fail("loss", expected, loss)


def finite(value) -> bool:
    """True for a finite number (not a bool); an integer too large for a float is not."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def check_learning_rate(check, value) -> float:
    """The learning rate eta: a finite number above 0."""
    if not finite(value) or value <= 0:
        check.fail("optimizer.learning_rate", POSITIVE, value)
    return float(value)


def check_batch_size(check, batch_size: int, samples: int, batch_in_epoch: int = 0) -> None:
    """A mini-batch holds 1 to all of the samples, and saved progress points at a batch the data
    has (simulator.limits says so in one sentence)."""
    check.within(limits.batch_breach(batch_size, samples, batch_in_epoch))


def check_data_fits(check, sizes, inputs: int, targets: int, blame: str = "layers") -> None:
    """The data's inputs feed layer 0 and its targets match the output layer.

    `blame` is the side being set: 'layers' (new settings for this data) or 'data' (new data for
    these layers); the sentence names that field.
    """
    if (sizes[0], sizes[-1]) == (inputs, targets):
        return
    if blame == "data":
        for what, width, got, layer in (
            ("inputs", sizes[0], inputs, 0),
            ("targets", sizes[-1], targets, len(sizes) - 1),
        ):
            if width != got:
                expected = f"give {width} {what} per sample (layer {layer} has {width} neurons)"
                check.fail_text("data", expected, str(got))
    per = "target" if targets == 1 else "targets"
    expected = (
        f"start with {inputs} and end with {targets}, because the data has {inputs} "
        f"inputs and {targets} {per} per sample"
    )
    check.fail_text("layers", expected, "-".join(map(str, sizes)))


def check_value(check, field: str, value: float) -> float:
    """One number typed or read for a weight, bias, input or target: finite."""
    if not math.isfinite(value):
        check.fail_text(field, "be a finite number", repr(value))
    return float(value)


def check_targets(check, field: str, loss: str, targets) -> None:
    """Targets the loss can compare with (losses.target_problem: bce reads probabilities in
    [0, 1], cce one row of class probabilities per sample); the sentence quotes the first row
    that is not, by its 1-based sample number."""
    targets = np.asarray(targets, dtype=float)
    problem = target_problem(loss, targets.reshape(len(targets), -1))
    if problem is not None:
        row, expected = problem
        check.fail_text(field, expected, f"{targets[row].tolist()} in sample {row + 1}")


def parse_value(text: str, key: str) -> float:
    """A finite number typed for `key`, or a ValueError that says what was expected."""
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(
            f"'{text}' is not a number: type a value for {key} such as 0.25."
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{key} must be a finite number, not '{text}'.")
    return value

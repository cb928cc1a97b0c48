"""Checks on what a user types or picks, each failing with one sentence that says what to do.

The size limits and the batch rule are the engine's (simulator.limits); this module only asks.
"""

import math

from simulator.limits import LimitError, batch_breach, check_network


def sentence(error: Exception) -> str:
    """One readable sentence for any error."""
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    text = text or type(error).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


def parse_number(text: str, key: str) -> float:
    """A finite float from typed text, or a ValueError that says what was expected."""
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(
            f"'{text}' is not a number: type a value for {key} such as 0.25."
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{key} must be a finite number, not '{text}'.")
    return value


def split_key(key: str) -> tuple:
    """'W[1,2,1]' -> ('W', (1, 2, 1)); 'y[1]' -> ('y', (1,))."""
    kind, _, rest = key.partition("[")
    return kind, tuple(int(part) for part in rest.rstrip("]").split(","))


def check_settings(settings, data) -> None:
    """Refuse settings the data or the window cannot take, with the reason."""
    sizes = settings.sizes
    if sizes[0] != data.inputs.shape[1] or sizes[-1] != data.targets.shape[1]:
        raise ValueError(
            f"the data has {data.inputs.shape[1]} inputs and "
            f"{data.targets.shape[1]} targets, so the layers must start with "
            f"{data.inputs.shape[1]} and end with {data.targets.shape[1]}."
        )
    check_network(sizes, settings.batch_size)
    if "softmax" in settings.activations[:-1]:
        raise ValueError("softmax belongs on the output layer only.")
    if not (math.isfinite(settings.learning_rate) and settings.learning_rate > 0):
        raise ValueError("the learning rate must be a positive number.")
    breach = batch_breach(settings.batch_size, len(data))
    if breach is not None:
        raise LimitError(breach.sentence())


def parse_sizes(text: str) -> tuple:
    """'2-2-1' or '2, 2, 1' -> (2, 2, 1), or a ValueError with an example."""
    parts = [part for part in text.replace(",", " ").replace("-", " ").split() if part]
    try:
        sizes = tuple(int(part) for part in parts)
    except ValueError:
        raise ValueError(f"layer sizes should be whole numbers like 2-2-1, not '{text}'.") from None
    if len(sizes) < 2:
        raise ValueError(f"give at least an input and an output layer, like 2-2-1, not '{text}'.")
    if min(sizes) < 1:
        raise ValueError(f"every layer needs at least 1 neuron, like 2-2-1, not '{text}'.")
    check_network(sizes)  # before the window builds anything of this size
    return sizes

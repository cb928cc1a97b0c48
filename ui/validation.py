"""Checks on what a user types or picks, each failing with one sentence that says what to do.

The size limits are the engine's (simulator.limits); this module only asks them early.
"""

import functools

from simulator.limits import check_network


def sentence(error: Exception) -> str:
    """One readable sentence for any error."""
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    text = text or type(error).__name__
    return text if text.endswith((".", "!", "?")) else text + "."


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

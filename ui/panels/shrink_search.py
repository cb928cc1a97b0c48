"""The least shrink of the formula panel's type that still fits, found on a grid of shrinks.

Each try lays the whole formula out (milliseconds for a long one), so the search tries few:
a formula of a length seen before starts where that one ended and gallops outward; a new
length bisects the grid. Fitting is monotone in the shrink, so both find the same step.
"""

from collections.abc import Callable

STEPS = 2**7  # grid steps from full size (0) to every line at its floor (STEPS)


def bisect(fits: Callable[[int], bool]) -> int | None:
    """The least step in 0..STEPS that `fits`; None when not even STEPS does."""
    if fits(0):
        return 0
    if not fits(STEPS):
        return None
    return _narrow(fits, 0, STEPS)


def search_from(fits: Callable[[int], bool], guess: int | None) -> int | None:
    """As `bisect`, starting at `guess` (None: the floor was not enough last time)."""
    guess = STEPS if guess is None else guess
    reach = 1
    if fits(guess):
        high = guess
        while high > 0:
            low = max(high - reach, 0)
            if not fits(low):
                return _narrow(fits, low, high)
            high, reach = low, reach * 2
        return 0
    low = guess
    while low < STEPS:
        high = min(low + reach, STEPS)
        if fits(high):
            return _narrow(fits, low, high)
        low, reach = high, reach * 2
    return None


def _narrow(fits: Callable[[int], bool], low: int, high: int) -> int:
    """The least fitting step above `low` (which does not fit), up to `high` (which does)."""
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if fits(middle) else (middle, high)
    return high

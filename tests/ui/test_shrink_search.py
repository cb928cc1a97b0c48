"""The formula panel's shrink search: from any guess it ends where a whole bisection does."""

import pytest

from ui.panels.shrink_search import STEPS, bisect, search_from

LEAST = [0, 1, 37, STEPS - 1, STEPS, None]  # the least fitting step; None: not even the floor


def counted(least):
    """A monotone `fits` whose least fitting step is `least`, and the steps it was asked."""
    asked = []

    def fits(step: int) -> bool:
        asked.append(step)
        return least is not None and step >= least

    return fits, asked


@pytest.mark.parametrize("least", LEAST)
def test_bisection_finds_the_least_fitting_step(least):
    fits, _ = counted(least)
    assert bisect(fits) == least


@pytest.mark.parametrize("least", LEAST)
@pytest.mark.parametrize("guess", [0, 1, 36, 37, 38, 90, STEPS, None])
def test_a_search_from_any_guess_ends_where_bisection_does(least, guess):
    fits, _ = counted(least)
    assert search_from(fits, guess) == least


@pytest.mark.parametrize("least", [1, 37, STEPS])
def test_a_right_guess_costs_two_layouts(least):
    fits, asked = counted(least)
    assert search_from(fits, least) == least
    assert len(asked) == 2

"""Notation: the one rounding rule (4 significant figures) and how operands are written."""

import math

import pytest

from simulator.notation import DEFAULT_DIGITS, format_number, format_operand


@pytest.mark.parametrize(
    "value, text",
    [
        (0.44000000000000006, "0.44"),
        (0.6082590, "0.6083"),  # sigmoid(0.44), the notes' H1 = 0.608
        (-1.35424, "-1.354"),
        (0.5159123, "0.5159"),
        (1.0, "1"),
        (123456.0, "1.235e+05"),
        (1e-05, "1e-05"),
        (-0.0030333, "-0.003033"),
        (0.0, "0"),
        (-0.0, "0"),
        (-1e-30, "-1e-30"),
        (math.nan, "nan"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
    ],
)
def test_four_significant_figures(value, text):
    assert DEFAULT_DIGITS == 4
    assert format_number(value) == text


@pytest.mark.parametrize("digits, text", [(1, "0.6"), (2, "0.61"), (6, "0.608249")])
def test_digits_are_settable(digits, text):
    assert format_number(0.6082493, digits) == text


@pytest.mark.parametrize(
    "value, text",
    [(0.2, "0.2"), (-0.2, "(-0.2)"), (-0.0, "0"), (-math.inf, "(-inf)"), (math.nan, "nan")],
)
def test_negative_operands_are_bracketed(value, text):
    assert format_operand(value) == text


def test_bracketed_operands_read_right_in_a_product():
    assert f"0.5*{format_operand(-0.26153)}" == "0.5*(-0.2615)"

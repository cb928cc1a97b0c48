"""One typed answer's verdict: the notes' rounding rule, sign, inherited and swapped operands."""

import math

import numpy as np
import pytest
from networks import SGD, notes_network

from simulator.formula import recompute
from simulator.grading import AnswerError, grade, hint, label, parse_answer, split_label
from simulator.network import LayerActivation, Network
from simulator.notation import format_number
from simulator.trace import build_trace

NOTES = build_trace(notes_network(), np.array([[0.5, 0.8]]), np.array([[1.0]]))


def verdict(key, typed, earlier=None, trace=NOTES):
    return grade(trace, trace.find(key), typed, earlier)


def kind(key, typed, earlier=None, trace=NOTES):
    return verdict(key, typed, earlier, trace).kind


def exact_trace():
    """A 2-2-1 relu net whose numbers are exact in binary: z[1,1] = 0.125, z[1,2] = -0.25, so
    a[1,2] = 0 exactly, and dL/dW[1,1,1] is small."""
    parameters = {
        "W1": np.array([[0.25, 0.5], [-0.5, -0.5]]),
        "b1": np.array([-0.125, 0.125]),
        "W2": np.array([[0.5, 0.25]]),
        "b2": np.array([0.0]),
    }
    layers = [LayerActivation.of("relu"), LayerActivation.of("linear")]
    network = Network((2, 2, 1), layers, "mse", SGD, parameters)
    return build_trace(network, np.array([[0.5, 0.25]]), np.array([[0.07]]))


@pytest.mark.parametrize(
    "typed, value, slack",
    [
        ("0.44", 0.44, 0.01),
        (" 0.440 \t", 0.44, 0.001),
        ("4.4e-1", 0.44, 0.01),
        ("608E-3", 0.608, 0.001),
        ("0,44", 0.44, 0.01),
        ("\u22120.262", -0.262, 0.001),
        ("+.5", 0.5, 0.1),
        ("-0", 0.0, 1.0),
        ("12", 12.0, 1.0),
    ],
)
def test_parse_answer_reads_the_value_and_one_unit_of_the_last_digit(typed, value, slack):
    answer = parse_answer(typed)
    assert answer.value == value
    assert answer.slack == pytest.approx(slack)


@pytest.mark.parametrize(
    "typed",
    ["", "  ", "abc", "0.4.4", "1,234.5", "0,4,4", "nan", "inf", "1_000", "--1", "1e", "2 3"],
)
def test_anything_but_a_number_is_an_answer_error(typed):
    with pytest.raises(AnswerError, match="expected a number"):
        parse_answer(typed)


@pytest.mark.parametrize(
    "key, typed, expected",
    [
        ("z[1,1]", "0.44", "correct"),
        ("z[1,1]", "0.440", "correct"),  # trailing zeros: exact anyway
        ("a[1,1]", "0.608", "correct"),  # 0.60826 within one unit of 0.608
        ("a[1,1]", "0.609", "correct"),  # ... and of 0.609: the notes' rule, not half a unit
        ("a[1,1]", "0.61", "correct"),
        ("a[1,1]", "0.6080", "wrong"),  # a trailing zero claims a digit: 0.6083 is not 0.6080
        ("a[1,1]", "0.6083", "correct"),
        ("z[1,1]", "0.45", "correct"),  # exactly one unit away (a hair over in floats)
        ("z[1,1]", "0.451", "wrong"),
        ("a[1,1]", "6.08e-1", "correct"),  # scientific notation: one unit of its mantissa
        ("a[1,1]", "6.1E-1", "correct"),
        ("a[1,1]", "0,608", "correct"),  # a decimal comma
        ("a[1,1]", "  0.608\n", "correct"),
        ("a[1,1]", "0.6", "coarse"),  # one significant digit: too coarse to mark
        ("z[2,1]", "1", "coarse"),
        ("z[1,1]", "0", "coarse"),
        ("dL/da[2,1]", "-1.354", "correct"),
        ("dL/da[2,1]", "1.354", "sign"),
        ("z[1,1]", "-0.44", "sign"),
        ("z[1,2]", "0.98", "wrong"),
    ],
)
def test_the_notes_rounding_rule_and_its_edges(key, typed, expected):
    assert kind(key, typed) == expected


def test_exactly_half_a_unit_either_way_is_right():
    trace = exact_trace()
    assert trace.find("z[1,1]").value == 0.125
    assert kind("z[1,1]", "0.12", trace=trace) == "correct"
    assert kind("z[1,1]", "0.13", trace=trace) == "correct"
    assert kind("z[1,1]", "0.14", trace=trace) == "wrong"  # one and a half units


def test_zero_and_negative_zero():
    trace = exact_trace()
    assert trace.find("a[1,2]").value == 0.0  # a dead relu
    assert kind("a[1,2]", "0", trace=trace) == "correct"  # exact, so no more digits needed
    assert kind("a[1,2]", "-0", trace=trace) == "correct"  # -0 is 0, never a sign error
    assert kind("a[1,2]", "-0.000", trace=trace) == "correct"
    small = trace.find("dL/dz[2,1]")  # 2*(a - y) = 2*(0.0625 - 0.07) = -0.015
    assert small.value == pytest.approx(-0.015)
    assert kind("dL/dz[2,1]", "-0.015", trace=trace) == "correct"
    assert kind("dL/dz[2,1]", "0.015", trace=trace) == "sign"
    assert kind("dL/dz[2,1]", "-0.00", trace=trace) == "coarse"


def test_inherited_over_a_chain_of_three_steps():
    # The student slips at z[1,1] (0.54) and works every later step right from their own numbers.
    z11 = verdict("z[1,1]", "0.54")
    assert z11.kind == "wrong"
    answers = {"z[1,1]": "0.54"}
    for key, carries in (("a[1,1]", "z[1,1]"), ("z[2,1]", "a[1,1]"), ("a[2,1]", "z[2,1]")):
        step = NOTES.find(key)
        mine = recompute(step, given={r: float(answers[r]) for r in step.reads if r in answers})
        typed = format_number(mine, 4)
        result = verdict(key, typed, answers)
        assert (result.kind, result.inherits) == ("inherited", (carries,)), key
        assert carries in result.reason
        assert kind(key, typed) != "correct"  # without the student's numbers it is not right
        answers[key] = typed


def test_working_from_ones_own_rounded_right_answers_is_right():
    # 0.5*0.61 + 0.6*0.72 + 0.3 = 1.037, one unit and a bit from the true 1.0382
    assert kind("z[2,1]", "1.037") == "wrong"
    result = verdict("z[2,1]", "1.037", {"a[1,1]": "0.61", "a[1,2]": "0.72"})
    assert result.kind == "correct" and "rounded" in result.reason


def test_a_wrong_earlier_answer_that_is_not_a_number_is_ignored():
    assert kind("z[2,1]", "1.05", {"a[1,1]": "oops"}) == "wrong"


@pytest.mark.parametrize(
    "key, typed, swap",
    [
        ("z[1,1]", "0.490", ("W[1,1,1]", "W[1,1,2]")),  # 0.3*0.5 + 0.3*0.8 + 0.1
        ("z[1,2]", "1.080", ("a[0,1]", "a[0,2]")),  # 0.4*0.8 + 0.7*0.8 + 0.2: the other input
        ("dL/da[1,1]", "-0.1569", ("W[2,1,1]", "W[2,1,2]")),  # the neighbouring edge's weight
    ],
)
def test_one_swapped_operand_is_named(key, typed, swap):
    result = verdict(key, typed)
    assert (result.kind, result.swap) == ("operand", swap)
    assert swap[0] in result.reason and swap[1] in result.reason


def test_z_used_where_the_formula_has_a():
    step = NOTES.find("dL/dz[2,1]")  # dL/da * a(1-a), worked with z(1-z)
    typed = format_number(recompute(step, given={"a[2,1]": NOTES.find("z[2,1]").value}), 4)
    assert verdict("dL/dz[2,1]", typed).swap == ("a[2,1]", "z[2,1]")


def test_an_ambiguous_swap_is_just_wrong():
    # 0.49 is within one unit of both 0.49 (W[1,1,2] for W[1,1,1]) and 0.50 (x2 for x1)
    assert kind("z[1,1]", "0.49") == "wrong"


def test_no_reason_gives_the_value_away():
    for key, typed in (("z[1,1]", "0.490"), ("z[1,1]", "-0.44"), ("z[1,2]", "0.98")):
        result = verdict(key, typed)
        for digits in (2, 3, 4):
            assert format_number(abs(result.expected), digits) not in result.reason


def test_verdict_json_fields():
    data = verdict("z[1,1]", "0.490").to_dict()
    assert data == {
        "key": "z[1,1]",
        "answer": "0.490",
        "verdict": "operand",
        "value": pytest.approx(0.44),
        "reason": "You used W[1,1,2] where the formula has W[1,1,1].",
        "inherits": [],
        "swap": ["W[1,1,1]", "W[1,1,2]"],
    }


def test_hints_in_three_levels():
    step = NOTES.find("z[1,1]")
    assert hint(step, 1) == "z[1,1] = W[1,1,1]*a[0,1] + W[1,1,2]*a[0,2] + b[1,1]"
    assert hint(step, 2) == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1"
    assert hint(step, 3) == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    with pytest.raises(ValueError):
        hint(step, 4)


def test_in_a_mini_batch_each_sample_carries_its_own_answers():
    network = notes_network()
    network.batch_size = 2
    trace = build_trace(network, np.array([[0.5, 0.8], [0.1, 0.2]]), np.array([[1.0], [0.0]]))
    second = trace.find("a[1,1]", sample=2)
    assert label(second) == "a[1,1] (sample 2)"
    assert split_label(label(second)) == ("a[1,1]", 2)
    typed = format_number(1 / (1 + math.exp(-0.9)), 4)  # from a wrong z[1,1] of 0.9
    assert grade(trace, second, typed, {"z[1,1] (sample 2)": "0.9"}).kind == "inherited"
    assert grade(trace, second, typed, {"z[1,1] (sample 1)": "0.9"}).kind == "wrong"

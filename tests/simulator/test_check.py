"""The notes' hand-worked values against the engine: every value of every preset, as written."""

import math

import pytest

from simulator.check import compare, match_slack, shown_digits
from simulator.cursor import Cursor
from simulator.presets import HandWorked, bundled_names, load_preset

FORWARD_AND_LOSS = ["z[1,1]", "a[1,1]", "z[1,2]", "a[1,2]", "z[2,1]", "a[2,1]", "L"]
BACKWARD_AND_UPDATE = [
    "dL/da[2,1]",
    "dL/dz[2,1]",
    "dL/dW[2,1,1]",
    "dL/dW[2,1,2]",
    "dL/db[2,1]",
    "dL/da[1,1]",
    "dL/da[1,2]",
    "dL/dz[1,1]",
    "dL/dz[1,2]",
    "dL/dW[1,1,1]",
    "dL/dW[1,1,2]",
    "dL/db[1,1]",
    "dL/dW[1,2,1]",
    "dL/dW[1,2,2]",
    "dL/db[1,2]",
    "W[2,1,1]",
    "W[2,1,2]",
]
# Every hand-worked value of every preset, and whether the engine agrees with the notes.
EXPECTED = {
    "notes-2-2-1-sigmoid-bce": {
        **{key: True for key in FORWARD_AND_LOSS},
        **{key: False for key in BACKWARD_AND_UPDATE},  # the slip at dL/dO, inherited after
    },
    # 95*0.01 + 4*0.02 + 4*0.03 + 0.01 = 1.16, not 1.151; the rest inherits the slip
    "notes-chain-sigmoid": {"z[1,1]": False, "a[1,1]": False, "z[2,1]": False, "a[2,1]": False},
}


def comparisons(name):
    preset = load_preset(name)
    trace = Cursor(preset.build_network(), preset.load_data()).trace
    return {row.key: row for row in compare(preset.hand_worked, trace)}


@pytest.mark.parametrize("name", bundled_names())
def test_every_hand_worked_value_matches_or_not_as_expected(name):
    rows = comparisons(name)
    assert {key: row.match for key, row in rows.items()} == EXPECTED.get(name, {})


def test_notes_2_2_1_backward_values_are_the_engines_own():
    rows = comparisons("notes-2-2-1-sigmoid-bce")
    assert rows["dL/da[2,1]"].computed == pytest.approx(-1.3542, abs=1e-4)
    assert rows["dL/dz[2,1]"].computed == pytest.approx(-0.2615, abs=1e-4)
    assert rows["W[2,1,1]"].computed == pytest.approx(0.5159, abs=1e-4)
    assert rows["W[2,1,2]"].computed == pytest.approx(0.6189, abs=1e-4)
    assert (rows["dL/da[2,1]"].notes, rows["dL/da[2,1]"].label) == (-0.262, "dL/dO")
    # An independent oracle: bce with y = 1 gives dL/dO = -1/O, and dL/dz0 = O - y.
    output = 1.0 / (1.0 + math.exp(-(0.5 * sigmoid(0.44) + 0.6 * sigmoid(0.96) + 0.3)))
    assert rows["dL/da[2,1]"].computed == pytest.approx(-1.0 / output, abs=1e-12)
    assert rows["dL/dz[2,1]"].computed == pytest.approx(output - 1.0, abs=1e-12)


def test_notes_2_2_1_keeps_the_written_text():
    row = comparisons("notes-2-2-1-sigmoid-bce")["dL/dW[1,2,2]"]
    assert (row.written, row.notes, row.match) == ("-0.00490", -0.0049, False)
    assert row.computed == pytest.approx(-0.02513, abs=1e-5)


def test_notes_chain_slips_at_the_first_weighted_sum():
    rows = comparisons("notes-chain-sigmoid")
    assert rows["z[1,1]"].computed == pytest.approx(1.16, abs=1e-12)
    assert rows["z[1,1]"].notes == 1.151 and rows["z[1,1]"].label == "Z (hidden layer 1)"
    assert rows["a[1,1]"].computed == pytest.approx(sigmoid(1.16), abs=1e-12)
    assert rows["a[2,1]"].written == "0.51129"


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


@pytest.mark.parametrize(
    "written, slack",
    [
        ("0.738", 0.001),
        ("-0.00490", 0.00001),
        ("1.151", 0.001),
        ("0.44", 0.01),
        ("-0.0255", 0.0001),
        ("12", 1.0),
        ("0.51129", 0.00001),
        ("1e-05", 0.00001),
        (" 0.5 ", 0.1),
    ],
)
def test_slack_is_one_unit_of_the_last_written_digit(written, slack):
    assert match_slack(written) == pytest.approx(slack, rel=1e-12)


@pytest.mark.parametrize(
    "written, match",
    [
        ("0.44", True),
        ("0.45", True),
        ("0.43", True),
        ("0.46", False),
        ("0.4", True),
        ("0.440", True),
        ("0.441", True),
        ("0.442", False),
        ("0.5", True),
        ("0.6", False),
    ],
)
def test_match_rule_allows_one_unit_either_side(written, match):
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    trace = Cursor(preset.build_network(), preset.load_data()).trace
    (row,) = compare([HandWorked("z[1,1]", float(written), "Z1", written)], trace)
    assert (row.key, row.label, row.notes, row.written) == ("z[1,1]", "Z1", float(written), written)
    assert row.match is match and row.status == ("match" if match else "slip")
    assert row.computed == pytest.approx(0.44, abs=1e-15)


def test_a_key_the_trace_lacks_is_named():
    preset = load_preset("notes-chain-sigmoid")
    trace = Cursor(preset.build_network(), preset.load_data()).trace
    with pytest.raises(KeyError, match=r"z\[1,2\]"):
        compare([HandWorked("z[1,2]", 1.0, "Z", "1.0")], trace)


@pytest.mark.parametrize(
    "written, digits, shown",
    [("0.51129", 4, 6), ("-0.00490", 4, 4), ("0.738", 4, 4), ("1.151", 2, 5), ("0.44", 6, 6)],
)
def test_computed_values_are_shown_one_digit_finer_than_the_notes(written, digits, shown):
    assert shown_digits(written, digits) == shown

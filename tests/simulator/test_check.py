"""The notes' hand-worked values against the engine: every value of every preset, as written."""

import math

import pytest

from simulator.check import check_summary, compare, match_slack, shown_digits
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


def test_the_2_2_1_notes_slip_once_and_everything_after_inherits_it():
    rows = comparisons("notes-2-2-1-sigmoid-bce")
    statuses = {key: row.status for key, row in rows.items()}
    expected = {
        **dict.fromkeys(FORWARD_AND_LOSS, "match"),
        "dL/da[2,1]": "slip",  # step 8: O - y written for dL/dO
        **dict.fromkeys(BACKWARD_AND_UPDATE[1:], "inherited"),
    }
    assert statuses == expected
    slip = rows["dL/da[2,1]"]
    assert slip.step == 8 and slip.inherits is None and "O - y" in slip.why
    assert slip.own == pytest.approx(-1 / 0.738, abs=1e-12)  # from the notes' own O
    assert {row.inherits for row in rows.values() if row.status == "inherited"} == {"dL/da[2,1]"}
    assert rows["dL/dz[2,1]"].carried == ("dL/da[2,1]",)
    assert rows["dL/dW[1,1,2]"].carried == ("dL/dz[1,1]",)  # the notes' -0.00607 * x2
    assert rows["dL/dW[1,1,2]"].own == pytest.approx(-0.00607 * 0.8, abs=1e-15)
    assert rows["W[2,1,1]"].own == pytest.approx(0.5 - 0.1 * -0.031, abs=1e-15)


def test_the_chain_notes_slip_at_the_first_sum_and_o2_is_right_for_their_o1():
    rows = comparisons("notes-chain-sigmoid")
    assert [row.status for row in rows.values()] == ["slip", "inherited", "inherited", "inherited"]
    assert rows["a[2,1]"].inherits == "z[1,1]" and rows["a[2,1]"].carried == ("z[2,1]",)
    assert rows["a[2,1]"].own == pytest.approx(sigmoid(0.759 * 0.02 + 0.03), abs=1e-12)


def hand_worked(*entries):
    return [HandWorked(key, float(text), key, text) for key, text in entries]


def test_a_value_is_judged_from_the_notes_own_earlier_numbers_only():
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    trace = Cursor(preset.build_network(), preset.load_data()).trace
    # H1 from a wrong Z1 is inherited; a wrong H1 from a right Z1 is a slip of its own
    rows = compare(hand_worked(("z[1,1]", "0.50"), ("a[1,1]", "0.622")), trace)
    assert [(r.status, r.inherits) for r in rows] == [("slip", None), ("inherited", "z[1,1]")]
    rows = compare(hand_worked(("z[1,1]", "0.44"), ("a[1,1]", "0.622")), trace)
    assert [r.status for r in rows] == ["match", "slip"]
    # the new w1 is a later step than the forward pass that reads the old one: never used there
    rows = compare(hand_worked(("W[2,1,1]", "0.9"), ("z[2,1]", "1.038")), trace)
    assert [r.status for r in rows] == ["slip", "match"]
    # the order the notes list them in does not matter, and is kept
    rows = compare(hand_worked(("a[1,1]", "0.622"), ("z[1,1]", "0.50")), trace)
    assert [(r.key, r.status) for r in rows] == [("a[1,1]", "inherited"), ("z[1,1]", "slip")]


def test_an_inherited_value_names_the_earliest_slip_it_carries():
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    trace = Cursor(preset.build_network(), preset.load_data()).trace
    # Z0 = w1*H1 + w2*H2 + b0 from two wrong hidden outputs, each a slip of its own
    entries = (("a[1,1]", "0.700"), ("a[1,2]", "0.800"), ("z[2,1]", "1.130"))
    rows = compare(hand_worked(*entries), trace)
    assert [r.status for r in rows] == ["slip", "slip", "inherited"]
    assert rows[2].inherits == "a[1,1]" and rows[2].carried == ("a[1,1]", "a[1,2]")


def test_a_rounding_the_notes_carry_on_from_right_numbers_is_a_match():
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    trace = Cursor(preset.build_network(), preset.load_data()).trace
    # 0.6 is right for H1 to one decimal; 0.5*0.6 + 0.6*0.723 + 0.3 = 1.0338 is not 1.038
    rows = compare(hand_worked(("a[1,1]", "0.6"), ("a[1,2]", "0.723"), ("z[2,1]", "1.034")), trace)
    assert [r.status for r in rows] == ["match", "match", "match"]
    assert not rows[2].carried and rows[2].inherits is None


def test_the_summary_counts_each_state():
    rows = list(comparisons("notes-2-2-1-sigmoid-bce").values())
    assert check_summary(rows) == "7 of 24 hand-worked values match; 1 is a slip and 16 inherit it."
    assert check_summary(rows[:7], "values") == "7 of 7 values match."

"""Worksheet variants: seeded, short decimals, never degenerate; and reading a student's answers."""

import numpy as np
import pytest

import simulator.worksheet as worksheet
from simulator.presets import Preset, load_preset
from simulator.worksheet import (
    AnswerFileError,
    blank_answers_csv,
    make_sheets,
    read_answers,
)

NOTES = load_preset("notes-2-2-1-sigmoid-bce")
ONE_DECIMAL = {round(k / 10, 1) for k in range(-10, 11)}


def numbers(preset):
    """Every number a student reads off a variant: weights, biases, inputs and targets."""
    flat = [w for layer in preset.weights for row in layer for w in row]
    flat += [b for layer in preset.biases for b in layer]
    return flat + preset.data["inputs"][0] + preset.data["targets"][0]


def test_the_same_seed_draws_the_same_variants():
    first, again = make_sheets(NOTES, 4, seed=11), make_sheets(NOTES, 4, seed=11)
    assert [s.preset.to_dict() for s in first] == [s.preset.to_dict() for s in again]
    assert [s.asked for s in first] == [s.asked for s in again]
    other = make_sheets(NOTES, 4, seed=12)
    assert [numbers(s.preset) for s in first] != [numbers(s.preset) for s in other]
    assert len({tuple(numbers(s.preset)) for s in first}) == 4  # the variants differ


@pytest.mark.parametrize(
    "name", ["notes-2-2-1-sigmoid-bce", "notes-deep-chain-relu", "softmax-3-class", "xor"]
)
def test_variants_keep_the_structure_and_use_one_decimal(name):
    base = load_preset(name)
    for sheet in make_sheets(base, 5, seed=1):
        variant = sheet.preset
        assert (variant.layers, variant.activations, variant.loss) == (
            base.layers,
            base.activations,
            base.loss,
        )
        assert variant.optimizer == base.optimizer and variant.batch_size == 1
        assert len(variant.data["inputs"]) == 1
        assert set(numbers(variant)) <= ONE_DECIMAL
        for layer in variant.weights:
            for row in layer:
                assert 0.0 not in row and len(set(row)) == len(row)  # a swap can be told apart


@pytest.mark.parametrize(
    "name", ["notes-deep-chain-relu", "softmax-3-class", "notes-3-2-1-sigmoid"]
)
def test_variants_are_not_degenerate(name):
    for sheet in make_sheets(load_preset(name), 8, seed=5):
        steps = list(sheet.trace.steps)
        assert all(abs(s.value) >= 0.05 for s in steps if s.kind == "z")
        for layer in range(1, len(sheet.preset.layers)):
            assert any(s.value != 0 for s in steps if s.kind == "a" and s.layer == layer)
        output = len(sheet.preset.layers) - 1
        assert all(abs(s.value) >= 1e-3 for s in steps if s.kind == "dL/dz" and s.layer == output)
        assert all(np.isfinite(s.value) for s in steps)


def test_targets_suit_the_loss():
    for sheet in make_sheets(load_preset("softmax-3-class"), 5, seed=2):
        assert sorted(sheet.preset.data["targets"][0]) == [0.0, 0.0, 1.0]
    for sheet in make_sheets(NOTES, 5, seed=2):
        assert sheet.preset.data["targets"][0][0] in (0.0, 1.0)


def test_a_variant_asks_the_kinds_and_records_them_in_the_preset():
    (sheet,) = make_sheets(NOTES, 1, seed=3, kinds=("hand_worked",))
    assert sheet.preset.asks == list(dict.fromkeys(e.key for e in NOTES.hand_worked))
    assert sheet.preset.hand_worked == []  # the notes' numbers belong to the notes' network
    (faded,) = make_sheets(NOTES, 1, seed=3, kinds=("forward",), fading=True)
    assert faded.preset.asks == ["z[1,2]", "a[1,2]", "z[2,1]", "a[2,1]"]
    assert [name for name, _ in faded.answer_rows()] == faded.preset.asks


def test_a_saved_variant_loads_back_to_the_same_iteration(tmp_path):
    (sheet,) = make_sheets(NOTES, 1, seed=4)
    sheet.preset.save(tmp_path / "variant.json")
    loaded = load_preset(str(tmp_path / "variant.json"))
    assert Preset.from_dict(loaded.to_dict(), "x") == Preset.from_dict(sheet.preset.to_dict(), "x")
    assert loaded.asks == sheet.preset.asks


def test_names_are_numbered_for_sorting():
    assert [s.name for s in make_sheets(NOTES, 3, seed=0)] == [
        "variant-01",
        "variant-02",
        "variant-03",
    ]


@pytest.mark.parametrize("count", [0, -1, 501])
def test_the_number_of_variants_is_checked(count):
    with pytest.raises(ValueError, match="--variants should be between 1 and 500"):
        make_sheets(NOTES, count, seed=0)


def test_a_structure_that_cannot_be_varied_says_so(monkeypatch):
    monkeypatch.setattr(worksheet, "SMALLEST_WEIGHTED_SUM", 99.0)
    monkeypatch.setattr(worksheet, "DRAWS_PER_VARIANT", 5)
    with pytest.raises(ValueError, match="could not draw hand-workable numbers"):
        make_sheets(NOTES, 1, seed=0)


ASKED = ["z[1,1]", "a[1,1]", "dL/dW[2,1,2]", "L"]


def answers_from(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "answers.csv"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return read_answers(path, ASKED)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("key,value\nz[1,1],0.44\n", {"z[1,1]": "0.44"}),  # keys unquoted: their commas rejoin
        ("z[1,1],0.44\nL,0.3\n", {"z[1,1]": "0.44", "L": "0.3"}),  # no header
        ('"z[1,1]",0.44\n"dL/dW[2,1,2]", -0.1\n', {"z[1,1]": "0.44", "dL/dW[2,1,2]": "-0.1"}),
        ("key;value\nz[1,1];0,44\n", {"z[1,1]": "0.44".replace(".", ",")}),  # decimal comma
        ("\ufeffkey,value\r\nz[1,1],0.44,,\r\n\r\na[1,1],\n", {"z[1,1]": "0.44"}),
    ],
)
def test_answer_files_in_the_shapes_people_write(tmp_path, text, expected):
    assert answers_from(tmp_path, text) == expected


@pytest.mark.parametrize(
    "text, words",
    [
        ("z[9,9],0.4\n", "row 1: 'z[9,9]' is not a step this worksheet asks"),
        ("key,value\nz[1,1],abc\n", "row 2: the answer to z[1,1]: expected a number"),
        ("z[1,1],0.4\nz[1,1],0.5\n", "row 2: 'z[1,1]' is answered twice"),
        ("z[1,1],0,44\n", "row 1: expected key,value, got 2 values"),
        ('"z[1,1],0.44\n', "expected a key,value CSV file"),
        (b"z[1,1],\xff\xfe\n", "could not be read (expected UTF-8 text)"),
    ],
)
def test_a_bad_answer_file_is_one_sentence(tmp_path, text, words):
    with pytest.raises(AnswerFileError, match=r"answers\.csv") as caught:
        answers_from(tmp_path, text)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_answer_file(tmp_path):
    with pytest.raises(AnswerFileError, match="no such answer file"):
        read_answers(tmp_path / "none.csv", ASKED)


def test_the_blank_answer_file_reads_back_unanswered(tmp_path):
    (sheet,) = make_sheets(NOTES, 1, seed=0, kinds=("forward",))
    path = tmp_path / "blank.csv"
    path.write_text(blank_answers_csv(sheet))
    assert path.read_text().splitlines()[:2] == ["key,value", '"z[1,1]",']
    assert read_answers(path, sheet.preset.asks) == {}

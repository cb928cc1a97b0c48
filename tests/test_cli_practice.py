"""The worksheet and grade commands: marking a variant as a table and as JSON, the same files from
one seed in separate runs, and bad input as one sentence with exit status 2."""

import json
import subprocess
import sys

import pytest

from simulator.formula import recompute
from simulator.notation import format_number
from simulator.presets import load_preset
from simulator.worksheet import make_sheets
from ui.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def variant(tmp_path):
    """A forward-and-loss variant of the notes' example, saved as its preset file."""
    (sheet,) = make_sheets(load_preset("notes-2-2-1-sigmoid-bce"), 1, 5, kinds=("forward", "loss"))
    path = tmp_path / "variant-01.json"
    sheet.preset.save(path)
    return sheet, path


def answer_file(tmp_path, rows):
    path = tmp_path / "answers.csv"
    path.write_text("key,value\n" + "".join(f'"{key}",{value}\n' for key, value in rows))
    return path


def test_grade_marks_every_row_and_scores_per_phase(capsys, tmp_path, variant):
    sheet, preset = variant
    value = {name: v for name, v in sheet.answer_rows()}
    rows = [("z[1,1]", format_number(value["z[1,1]"], 3)), ("a[1,1]", "0.9")]
    rows.append(("z[1,2]", format_number(-value["z[1,2]"], 3)))
    code, out, err = run(capsys, "grade", preset, answer_file(tmp_path, rows))
    assert code == 0 and err == ""
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "correct" in lines["z[1,1]"] and "Right." in lines["z[1,1]"]
    assert "coarse" in lines["a[1,1]"]
    assert "sign" in lines["z[1,2]"]
    assert "unanswered" in lines["L"]
    forward = lines["forward"].split()
    assert forward == ["forward", "6", "1", "0", "1", "0", "4"]  # a coarse answer stays open
    assert lines["total"].split()[1] == "7"


def test_grade_json_names_an_inherited_mistake(capsys, tmp_path, variant):
    sheet, preset = variant
    z = sheet.trace.find("z[2,1]")
    wrong_a = sheet.trace.find("a[1,1]").value + 0.1
    mine = recompute(z, given={"a[1,1]": wrong_a})
    rows = [("a[1,1]", format_number(wrong_a, 4)), ("z[2,1]", format_number(mine, 4))]
    code, out, _ = run(capsys, "grade", preset, answer_file(tmp_path, rows), "--json")
    data = json.loads(out)
    assert code == 0
    verdicts = {v["key"]: v for v in data["verdicts"]}
    assert verdicts["a[1,1]"]["verdict"] == "wrong"
    assert verdicts["z[2,1]"]["verdict"] == "inherited"
    assert verdicts["z[2,1]"]["inherits"] == ["a[1,1]"]
    assert verdicts["z[2,1]"]["value"] == z.value and verdicts["z[2,1]"]["phase"] == "forward"
    assert "L" in data["unanswered"]
    assert data["score"][-1] == {
        "phase": "total",
        "asked": 7,
        "first_time": 0,
        "with_hints": 0,
        "wrong": 2,
        "inherited": 1,
        "open": 5,
    }


def test_grade_asks_every_step_of_a_preset_without_asks(capsys, tmp_path):
    path = answer_file(tmp_path, [("W[2,1,1]", "0.5159"), ("dL/da[2,1]", "-0.262")])
    code, out, _ = run(capsys, "grade", "notes-2-2-1-sigmoid-bce", path, "--json")
    verdicts = {v["key"]: v["verdict"] for v in json.loads(out)["verdicts"]}
    assert code == 0 and verdicts == {"dL/da[2,1]": "wrong", "W[2,1,1]": "correct"}


@pytest.mark.parametrize(
    "content, words",
    [
        ('"dL/dW[2,1,1]",0.1\n', "'dL/dW[2,1,1]' is not a step this worksheet asks"),
        ('"z[1,1]",abc\n', "the answer to z[1,1]: expected a number"),
        ('"z[1,1]",0.4,0.5\n', "expected key,value"),
        ('"z[1,1],0.4\n', "expected a key,value CSV file"),
    ],
)
def test_grade_bad_answers_are_one_sentence_and_exit_2(capsys, tmp_path, variant, content, words):
    path = tmp_path / "answers.csv"
    path.write_text(content)
    code, out, err = run(capsys, "grade", variant[1], path)
    assert code == 2 and out == ""
    assert err.startswith("backprop-sim: ") and words in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_grade_missing_files_exit_2(capsys, tmp_path, variant):
    code, _, err = run(capsys, "grade", variant[1], tmp_path / "none.csv")
    assert code == 2 and "none.csv: no such answer file." in err
    code, _, err = run(capsys, "grade", tmp_path / "none.json", tmp_path / "none.csv")
    assert code == 2 and "none.json: no such preset file" in err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--variants", "0"], "--variants should be between 1 and 500"),
        (["--variants", "1", "--kinds", "forward,sideways"], "--kinds should list some of"),
    ],
)
def test_worksheet_bad_options_exit_2(capsys, tmp_path, argv, words):
    code, _, err = run(capsys, "worksheet", "xor", "--out", tmp_path / "out", *argv)
    assert code == 2 and words in err and not (tmp_path / "out").exists()


def test_worksheet_out_must_be_a_folder(capsys, tmp_path):
    (tmp_path / "file").write_text("")
    code, _, err = run(capsys, "worksheet", "xor", "--variants", "1", "--out", tmp_path / "file")
    assert code == 2 and "--out should be a folder" in err


def test_worksheet_runs_give_the_same_bytes(tmp_path, capsys):
    """Two separate processes (Qt seeds its hashes per process: a child and this one), the same
    seed, the same files."""
    folders = [tmp_path / "one", tmp_path / "two"]
    arguments = ["worksheet", "notes-chain-sigmoid", "--variants", "1", "--seed", "3"]
    arguments += ["--kinds", "loss", "--out"]
    command = [sys.executable, "-m", "ui.cli", *arguments, str(folders[0])]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote 1 variant (9 files) to {folders[0]}"
    assert main([*arguments, str(folders[1])]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 1 variant (9 files) to {folders[1]}"
    one, two = (sorted(f.iterdir()) for f in folders)
    assert [p.name for p in one] == [p.name for p in two] and len(one) == 9
    for first, second in zip(one, two):
        assert first.read_bytes() == second.read_bytes(), first.name


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--seed", "-1"], "--seed should be a whole number of at least 0, got -1."),
        (["--kinds", "hand_worked"], "asks no step of this network."),
    ],
)
def test_a_worksheet_that_would_be_wrong_is_refused(capsys, tmp_path, extra, words):
    code = main(["worksheet", "xor", "--variants", "1", "--out", str(tmp_path / "out"), *extra])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("backprop-sim: ") and err.rstrip().endswith(words)
    assert not (tmp_path / "out").exists()

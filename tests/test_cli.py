"""The command line: each command's output, and bad input as one sentence with exit status 2."""

import csv
import json
import subprocess
import sys

import pytest

from ui.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_presets_lists_every_bundled_preset(capsys):
    from simulator.presets import bundled_names

    code, out, _ = run(capsys, "presets")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == bundled_names()
    assert "notes-2-2-1-sigmoid-bce" in listed


def test_trace_json_holds_the_notes_numbers(capsys):
    code, out, _ = run(capsys, "trace", "notes-2-2-1-sigmoid-bce", "--json")
    assert code == 0
    steps = {s["key"]: s for s in json.loads(out)["steps"]}
    assert set(json.loads(out)["steps"][0]) >= {
        "index",
        "phase",
        "kind",
        "key",
        "value",
        "formula",
        "sample",
    }
    assert steps["z[1,1]"]["formula"] == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert steps["dL/da[2,1]"]["value"] == pytest.approx(-1.3542, abs=1e-4)
    assert steps["dL/dz[2,1]"]["value"] == pytest.approx(-0.2615, abs=1e-4)
    assert steps["W[2,1,1]"]["value"] == pytest.approx(0.5159, abs=1e-4)


def test_trace_text_is_one_line_per_step_in_order(capsys):
    code, out, _ = run(capsys, "trace", "notes-2-2-1-sigmoid-bce", "--digits", "3")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 31
    assert "forward" in lines[0] and "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44" in lines[0]
    assert "W[2,1,1] = 0.5 - 0.1*(-0.159) = 0.516" in out


def test_check_json_marks_the_notes_slip(capsys):
    code, out, _ = run(capsys, "check", "notes-2-2-1-sigmoid-bce", "--json")
    rows = {r["key"]: r for r in json.loads(out)["rows"]}
    assert code == 0
    assert set(next(iter(rows.values()))) == {"key", "label", "notes", "computed", "match"}
    assert rows["z[1,1]"]["match"] and rows["L"]["match"]
    assert not rows["dL/da[2,1]"]["match"] and rows["dL/da[2,1]"]["notes"] == -0.262
    assert not rows["W[2,1,1]"]["match"]


def test_check_text_marks_each_mismatch(capsys):
    code, out, _ = run(capsys, "check", "notes-2-2-1-sigmoid-bce")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("dL/da[2,1]"))
    assert "MISMATCH" in line and "-0.262" in line and "-1.354" in line
    assert "MISMATCH" not in next(line for line in out.splitlines() if line.startswith("z[1,1]"))


def test_train_writes_csv_with_the_design_columns(capsys, tmp_path):
    target = tmp_path / "curve.csv"
    code, out, _ = run(capsys, "train", "xor", "--epochs", "5", "--csv", str(target))
    assert code == 0 and "epoch 5" in out
    rows = list(csv.DictReader(target.open()))
    assert list(rows[0]) == ["epoch", "loss", "accuracy"]
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3, 4, 5]


def test_train_leaves_accuracy_empty_for_regression(capsys, tmp_path):
    target = tmp_path / "curve.csv"
    code, _, _ = run(capsys, "train", "notes-chain-sigmoid", "--epochs", "3", "--csv", str(target))
    rows = list(csv.DictReader(target.open()))
    assert code == 0 and all(r["accuracy"] == "" for r in rows)


@pytest.mark.parametrize(
    "argv, words",
    [
        (["trace", "no-such-preset"], ["no-such-preset"]),
        (["check", "{missing}/broken.json"], ["broken.json"]),
        (["train", "xor", "--epochs", "0"], ["--epochs"]),
        (["trace", "xor", "--digits", "40"], ["--digits"]),
        (["gui", "xor", "--size", "huge", "--screenshot", "x.png"], ["--size"]),
        (["export", "xor", "--worked", "out.docx"], [".md", ".html", ".pdf"]),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(capsys, tmp_path, argv, words):
    argv = [a.replace("{missing}", str(tmp_path)) for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("backprop-sim: ") and err.count("\n") == 1
    assert "Traceback" not in err
    for word in words:
        assert word in err


def test_malformed_preset_file_names_file_and_field(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {
                "format": 1,
                "name": "x",
                "layers": [2, 1],
                "activations": ["wobbly"],
                "init": {"scheme": "xavier"},
                "loss": "mse",
                "optimizer": {"name": "sgd", "learning_rate": 0.1},
                "data": {"inputs": [[0, 1]], "targets": [[1]]},
            }
        )
    )
    code, _, err = run(capsys, "trace", str(broken))
    assert code == 2 and "broken.json" in err and "activations" in err and "wobbly" in err


def test_console_script_runs_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "trace", "nope"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_export_pytorch_writes_a_script_of_the_preset(capsys, tmp_path):
    import ast

    target = tmp_path / "notes.py"
    code, out, _ = run(capsys, "export", "notes-2-2-1-sigmoid-bce", "--pytorch", str(target))
    script = target.read_text(encoding="utf-8")
    assert code == 0 and out == f"wrote {target}\n"
    assert ast.get_docstring(ast.parse(script)).startswith("Notes: 2-2-1 sigmoid, binary cross")
    assert "backprop-sim export notes-2-2-1-sigmoid-bce --pytorch notes.py" in script


def test_export_pytorch_wants_a_py_file(capsys, tmp_path):
    code, out, err = run(capsys, "export", "xor", "--pytorch", str(tmp_path / "x.txt"))
    assert code == 2 and not out
    assert err == f"backprop-sim: --pytorch should end in .py, got '{tmp_path / 'x.txt'}'.\n"

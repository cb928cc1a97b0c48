"""The command line: each command's output, and bad input as one sentence with exit status 2."""

import csv
import json
import subprocess
import sys

import pytest

from simulator.presets import bundled_folder
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
    basic = {"key", "label", "notes", "computed", "match", "status"}
    assert set(rows["z[1,1]"]) == basic
    assert rows["z[1,1]"]["match"] and rows["L"]["match"]
    assert rows["z[1,1]"]["status"] == rows["L"]["status"] == "match"
    assert not rows["dL/da[2,1]"]["match"] and rows["dL/da[2,1]"]["notes"] == -0.262
    assert rows["dL/da[2,1]"]["status"] == "slip" and set(rows["dL/da[2,1]"]) == basic | {"why"}
    assert "O - y" in rows["dL/da[2,1]"]["why"]
    assert not rows["W[2,1,1]"]["match"]
    assert (rows["W[2,1,1]"]["status"], rows["W[2,1,1]"]["inherits"]) == ("inherited", "dL/da[2,1]")
    assert sum(r["status"] == "inherited" for r in rows.values()) == 16


def test_check_text_marks_each_slip_and_what_inherits_it(capsys):
    code, out, _ = run(capsys, "check", "notes-2-2-1-sigmoid-bce")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("dL/da[2,1]"))
    assert "SLIP" in line and "-0.262" in line and "-1.354" in line
    line = next(line for line in out.splitlines() if line.startswith("dL/dW[1,1,2]"))
    assert line.endswith("inherited from dL/dO") and "dL/dw21" in line
    assert next(line for line in out.splitlines() if line.startswith("z[1,1]")).endswith(" ok")
    assert "7 of 24 hand-worked values match; 1 is a slip and 16 inherit it." in out


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


def test_divergence_is_reported_not_drawn(capsys, tmp_path):
    broken = tmp_path / "fast.json"
    from simulator.presets import load_preset

    data = load_preset("notes-linear-collapse").to_dict()
    data["optimizer"] = {"name": "sgd", "learning_rate": 1e3}
    broken.write_text(json.dumps(data))
    code, _, err = run(capsys, "train", str(broken), "--epochs", "2000")
    assert code == 2 and "learning rate" in err and "epoch" in err


def test_console_script_runs_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "trace", "nope"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_trace_json_names_the_notes_keys(capsys):
    code, out, _ = run(capsys, "trace", "notes-2-2-1-sigmoid-bce", "--json")
    steps = {s["key"]: s for s in json.loads(out)["steps"]}
    assert code == 0 and steps["dL/dW[1,1,2]"]["name"] == "dL/dw21"
    assert steps["a[2,1]"]["name"] == "O" and steps["dL/da[2,1]"]["name"] == "dL/dO"
    assert steps["z[1,1]"]["row"] == 1 and steps["W[1,1,2]"]["row"] is None


def test_trace_of_a_batch_tells_the_rows_and_the_means_apart(capsys, tmp_path):
    data = json.loads((bundled_folder() / "xor.json").read_text()) | {"batch_size": 4}
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(data))
    code, out, _ = run(capsys, "trace", str(path), "--json")
    steps = json.loads(out)["steps"]
    rows = {s["sample"]: s["row"] for s in steps if s["sample"]}
    assert code == 0 and sorted(rows) == [1, 2, 3, 4] and sorted(rows.values()) == [1, 2, 3, 4]
    means = [s for s in steps if s["kind"] == "mean"]
    assert means and all(s["key"].startswith("mean(dL/d") for s in means)
    assert all(s["sample"] is None and s["row"] is None for s in means)
    per_sample = [s["key"] for s in steps if s["kind"] == "dL/dW"]
    assert len(per_sample) == 4 * len(set(per_sample))  # one per sample, none shared with a mean
    code, out, _ = run(capsys, "trace", str(path))
    assert f"(sample 1, row {rows[1]})" in out.splitlines()[0]


def test_trace_text_in_the_notes_names(capsys):
    code, out, _ = run(capsys, "trace", "notes-2-2-1-sigmoid-bce", "--notation", "notes")
    assert code == 0 and "Z1 = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44" in out.splitlines()[0]
    assert "w1 = 0.5 - 0.1*(-0.1591) = 0.5159" in out

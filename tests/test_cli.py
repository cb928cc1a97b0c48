"""The command line: each command's output, and bad input as one sentence with exit status 2."""

import csv
import gc
import json
import os
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
    fields = {"key", "label", "notes", "computed", "match", "status", "inherits", "why"}
    assert all(set(row) == fields for row in rows.values())
    assert rows["z[1,1]"]["match"] and rows["L"]["match"]
    assert rows["z[1,1]"]["status"] == rows["L"]["status"] == "match"
    assert rows["z[1,1]"]["inherits"] is None and rows["z[1,1]"]["why"] is None
    assert not rows["dL/da[2,1]"]["match"] and rows["dL/da[2,1]"]["notes"] == -0.262
    assert rows["dL/da[2,1]"]["status"] == "slip" and rows["dL/da[2,1]"]["inherits"] is None
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


def notes_preset(tmp_path, **fields):
    """The notes' 2-2-1 preset as a file, with `fields` replaced."""
    from simulator.presets import load_preset

    data = load_preset("notes-2-2-1-sigmoid-bce").to_dict() | fields
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


LEAKS = ("Traceback", "int()", "Exceeds the limit", "Maximum allowed dimension", "Warning")


@pytest.mark.parametrize(
    "command, text, words",
    [
        ("check", '{"format": 1, "name": ' + "[" * 100_000 + "]" * 100_000 + "}", ["nested"]),
        ("check", '{"format": 1, "layers": [2, ' + "9" * 5000 + ", 1]}", ["4,300 digits"]),
        ("trace", {"layers": [2, 10**12, 1]}, ["'layers[1]'", "1,024"]),
        ("trace", {"layers": [2, 10**19, 1]}, ["'layers[1]'", "1,024"]),
        ("train", {"data": {"dataset": "xor", "samples": 10**18}}, ["'data.samples'"]),
        ("check", {"hand_worked": [{"key": "z[1,1]", "value": "1e999"}]}, ["finite"]),
        ("export", {"batch_in_epoch": 5}, ["'batch_in_epoch'", "below 1"]),
        ("trace", {"data": {"csv": "long.csv", "targets": ["y"]}}, ["'data.csv'", "line 2"]),
        ("trace", {"data": {"csv": "/etc/passwd", "targets": ["y"]}}, ["'data.csv'", "absolute"]),
        ("train", {"data": {"inputs": [[0.5, 0.8]], "targets": [[3.0]]}}, ["between 0 and 1"]),
    ],
)
def test_what_used_to_end_in_a_traceback_is_one_sentence(capsys, tmp_path, command, text, words):
    (tmp_path / "long.csv").write_text("x1,x2,y\n1," + "2" * 131_073 + ",0\n", encoding="utf-8")
    path = tmp_path / "lesson.json"
    if isinstance(text, dict):
        data = {"init": {"scheme": "he"}} | json.loads(notes_preset(tmp_path).read_text()) | text
        text = json.dumps({k: v for k, v in data.items() if k not in ("weights", "biases")})
    path.write_text(text, encoding="utf-8")
    extra = {"train": ["--epochs", "1"], "export": ["--worked", str(tmp_path / "w.md")]}
    code, _, err = run(capsys, command, str(path), *extra.get(command, []))
    assert code == 2 and err.startswith(f"backprop-sim: {path}") and err.count("\n") == 1
    assert not any(leak in err for leak in LEAKS)
    for word in words:
        assert word in err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["gui", "--steps", "100000000"], ["--steps", "between 0 and 10,000"]),
        (["gui", "--size", "99999999999x800", "--screenshot", "x.png"], ["--size", "7680x4320"]),
    ],
)
def test_gui_options_are_limited_before_the_window_opens(capsys, argv, words):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1
    for word in words:
        assert word in err


def test_the_window_starts_with_the_collector_resting_and_leaves_it_on(capsys, monkeypatch):
    """The collector rests while the window starts (ui.app sets it going once it is painted)
    and is on again after the command, however the start ended."""
    import ui.app

    seen = []

    def start(*args):
        seen.append(gc.isenabled())
        raise OSError("no room")

    monkeypatch.setattr(ui.app, "run_gui", start)
    code, _, err = run(capsys, "gui", "--screenshot", "x.png")
    assert code == 2 and "no room" in err
    assert seen == [False] and gc.isenabled()


def test_a_screenshot_loads_the_engine_before_qt_and_no_autosave(tmp_path):
    """Once imported, PySide6 reads the source of every module imported after it: the engine
    comes first. A screenshot keeps no session, so the autosave's modules are never loaded."""
    script = (
        "import sys; from ui.cli import main; "
        f"main(['gui', '--screenshot', {str(tmp_path / 'window.png')!r}]); "
        "names = list(sys.modules); "
        "print(names.index('simulator.workspace') < names.index('PySide6'), "
        "'ui.autosave' in names, 'ui.restore' in names)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "False", "False"]
    assert (tmp_path / "window.png").stat().st_size > 0


class ClosedPipe:
    """A stdout whose reader has gone away, like `| head` after its lines."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_not_bad_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["trace", "notes-2-2-1-sigmoid-bce"])
    assert code == 141 and capsys.readouterr().err == ""


def test_trace_into_head_ends_cleanly():
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "trace", "spiral"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    _, err = process.communicate(timeout=120)
    assert process.returncode in (0, 141) and err == b""


def test_overflow_warnings_are_not_printed(tmp_path):
    path = notes_preset(tmp_path, weights=[[[1e300, 1e300], [1e300, 1e300]], [[1e300, 1e300]]])
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "check", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr == ""


def blas_threads(environment: dict) -> tuple:
    """(OPENBLAS_NUM_THREADS, the process's threads) once the program's package and NumPy are
    imported, in a process of their own started with `environment`."""
    script = "import os, ui, numpy; print(os.environ['OPENBLAS_NUM_THREADS'], "
    script += "len(os.listdir('/proc/self/task')))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment
    )
    setting, threads = done.stdout.split()
    return setting, int(threads)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="threads are counted in /proc")
def test_the_program_starts_numpy_with_one_blas_thread_unless_told_otherwise():
    """A second BLAS thread never speeds the engine's small matrices up; OpenBLAS starting and
    spinning one cost the window a tenth of a second of CPU time at start-up."""
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    assert blas_threads(environment) == ("1", 1)
    assert blas_threads(environment | {"OPENBLAS_NUM_THREADS": "2"})[0] == "2"

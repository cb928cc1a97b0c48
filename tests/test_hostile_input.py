"""Hostile presets through every command: each run ends with exit status 2 and one line on stderr
naming the file, never a traceback, never a line of a file the preset should not read.

The presets are generated from a seed, each from a valid one broken in one to three ways: wrong
types, huge sizes, deep nesting, NaN and inf, empty arrays, bad CSV paths (outside the folder,
links, devices, a FIFO) and contents, binary and non-UTF-8 files, cut-off JSON. The default
suite runs a few dozen in seconds; `pytest -m slow` runs many more.
"""

import json
import os
import random

import pytest

from ui.cli import main

SECRET = "s3cret-token"
DEEP = "@@deep@@"  # stands for nesting too deep for json.dumps to write
NAN, INF = float("nan"), float("inf")
GOOD_CSV = "x1,x2,y\n0.5,0.8,1\n0.1,0.2,0\n"
CSV_FILES = {
    "outside/data.csv": f"x1,x2,y\n1,2,{SECRET}\n",
    "class/binary.csv": bytes(range(256)) * 8,
    "class/latin1.csv": "x1,x2,y\n1,2,caf\xe9\n".encode("latin-1"),
    "class/huge-cell.csv": "x1,x2,y\n1," + "7" * 200_000 + ",0\n",
    "class/open-quote.csv": 'x1,x2,y\n1,"2\n' + "3,4\n" * 100,
    "class/nan.csv": "x1,x2,y\n1,nan,0\n",
    "class/wide.csv": ",".join(f"x{i}" for i in range(3000)) + ",y\n",
    "class/target-five.csv": "x1,x2,y\n0.5,0.8,5\n",
    "class/good.csv": GOOD_CSV,
}
CSV_NAMES = [
    "../outside/data.csv",
    "/etc/passwd",
    "/proc/self/environ",
    "/dev/zero",
    "link-out.csv",
    "fifo.csv",
    "a\x00b.csv",
    "x" * 5000,
    ".",
    "",
    "binary.csv",
    "latin1.csv",
    "huge-cell.csv",
    "open-quote.csv",
    "nan.csv",
    "wide.csv",
    "target-five.csv",
    "missing.csv",
]
BAD_VALUES = {
    "format": [2, "1", None, 1.5, True, [], {}],
    "name": [None, 7, "", "   ", "x" * 300, ["a"], {"a": 1}],
    "description": [5, "x" * 20_000, None, [NAN]],
    "layers": [
        [],
        [2],
        "2-2-1",
        None,
        [2, 0, 1],
        [2, -1, 1],
        [2, 2.5, 1],
        [2, True, 1],
        [2, "2", 1],
        [2, NAN, 1],
        [2, INF, 1],
        [2, 10**12, 1],
        [2, 10**30, 1],
        [2, 100_000, 1],
        [2, 1000, 1000, 1],
        [1] * 100,
    ],
    "activations": ["sigmoid", [], [None, None], ["wobbly", "sigmoid"], ["softmax", "sigmoid"]],
    "loss": ["hinge", None, 3, ""],
    "optimizer": [
        "sgd",
        None,
        {},
        {"name": "lion", "learning_rate": 0.1},
        {"name": "sgd", "learning_rate": 0},
        {"name": "sgd", "learning_rate": NAN},
        {"name": "sgd", "learning_rate": INF},
        {"name": "sgd", "learning_rate": 10**400},
        {"name": "adam", "learning_rate": 0.1, "beta1": 1.0},
    ],
    "batch_size": [0, -1, "1", 1.5, None, 10**18],
    "seed": [-1, "x", 1.5, None],
    "step_count": [-1, "x", [1]],
    "batch_in_epoch": [-1, 10**6],
    "init": [{"scheme": "zeros"}, "xavier", {"scheme": "he", "seed": -5}],
    "weights": [[], None, "x", [[[NAN, 0], [0, 0]], [[0, 0]]], [[[1e309]]]],
    "hand_worked": [
        "x",
        [{"key": "z[1,1]", "value": "1e999"}],
        [{"key": "z[1,1]", "value": "-1e999"}],
        [{"key": "z[9,9]", "value": 1}],
        [{"key": "z[1,1]" * 2000, "value": 1}],
        [{"key": "z[1,1]", "value": 1, "label": "x" * 1000}],
        [{"key": "L", "value": 1}] * 1500,
        [{"key": "z[1,1]", "value": NAN}],
        [{"key": "z[1,1]", "value": 9 * 10**400}],
    ],
    "optimizer_state": [{}, "x", {"W1": {"v": [[NAN]]}}],
    "colour": ["red"],
    "data": [
        None,
        [],
        {},
        {"dataset": "swirl"},
        {"dataset": "xor", "samples": 10**18},
        {"dataset": "xor", "samples": 0},
        {"dataset": "xor", "noise": NAN},
        {"inputs": [], "targets": []},
        {"inputs": [[NAN, 0]], "targets": [[1]]},
        {"inputs": [[0, 0]], "targets": [[7]]},
        {"inputs": [[0, 0]] * 3, "targets": [[1]] * 2},
        {"csv": "good.csv", "targets": ["nope"]},
        {"csv": "good.csv", "targets": []},
        {"csv": 5, "targets": ["y"]},
        *({"csv": name, "targets": ["y"]} for name in CSV_NAMES),
    ],
}
FILE_BREAKS = ("binary", "latin-1", "utf-16", "cut", "empty", "scalar", "long number")
COMMANDS = (["trace"], ["check"], ["train", "--epochs", "1"], ["export", "--worked", "OUT"])


def valid_preset(rng: random.Random) -> dict:
    """One of four valid starting points: explicit weights, init + generated, CSV, softmax."""
    preset = {
        "format": 1,
        "name": "hostile",
        "layers": [2, 2, 1],
        "activations": ["sigmoid", "sigmoid"],
        "init": {"scheme": "xavier", "seed": 1},
        "loss": "bce",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": {"inputs": [[0.5, 0.8]], "targets": [[1.0]]},
    }
    kind = rng.choice(["weights", "generated", "csv", "softmax"])
    if kind == "weights":
        del preset["init"]
        preset |= {
            "weights": [[[0.2, 0.3], [0.4, 0.7]], [[0.5, 0.6]]],
            "biases": [[0.1, 0.2], [0.3]],
        }
    elif kind == "generated":
        preset["data"] = {"dataset": "moons", "samples": 40, "noise": 0.1, "seed": 3}
    elif kind == "csv":
        preset["data"] = {"csv": "good.csv", "targets": ["y"]}
    else:
        preset |= {"layers": [2, 3, 3], "activations": ["tanh", "softmax"], "loss": "cce"}
        preset["data"] = {"inputs": [[0.5, 0.8]], "targets": [[0.0, 1.0, 0.0]]}
    return preset


def hostile_bytes(rng: random.Random) -> bytes:
    """A valid preset broken in one to three ways; each break alone makes it invalid."""
    preset = valid_preset(rng)
    for _ in range(rng.randint(1, 3)):
        field = rng.choice(list(BAD_VALUES))
        preset[field] = rng.choice(BAD_VALUES[field])
    text = json.dumps(preset)
    if rng.random() < 0.15:
        depth = rng.choice([17, 900, 100_000])
        preset[rng.choice(list(BAD_VALUES))] = DEEP
        text = json.dumps(preset).replace(f'"{DEEP}"', "[" * depth + "]" * depth)
    if rng.random() < 0.2:
        return broken_file(rng, text)
    return text.encode("utf-8")


def broken_file(rng: random.Random, text: str) -> bytes:
    """The preset's text made unreadable as a whole."""
    kind = rng.choice(FILE_BREAKS)
    if kind == "binary":
        return rng.randbytes(rng.randint(1, 4000))
    if kind == "latin-1":
        return text.replace('"hostile"', '"caf\xe9"').encode("latin-1")
    if kind == "utf-16":
        return text.encode("utf-16")
    if kind == "cut":
        return text[: rng.randrange(len(text))].encode("utf-8")
    return {"empty": b"", "scalar": b"1e999", "long number": b"9" * 5000}[kind]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A class folder with the CSV files, a link leading out of it and a FIFO."""
    root = tmp_path_factory.mktemp("hostile")
    for name, content in CSV_FILES.items():
        (root / name).parent.mkdir(exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / name).write_bytes(data)
    (root / "class" / "link-out.csv").symlink_to(root / "outside" / "data.csv")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "class" / "fifo.csv")
    return root / "class"


def run_hostile(folder, capsys, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for number in range(count):
        path = folder / f"hostile-{seed}-{number}.json"
        path.write_bytes(hostile_bytes(rng))
        for command in COMMANDS:
            argv = [command[0], str(path), *command[1:]]
            code = main([str(folder / "out.md") if arg == "OUT" else arg for arg in argv])
            out, err = capsys.readouterr()
            context = f"{path.name} through {command[0]}: {err!r}"
            assert code == 2 and out == "", context
            assert err.startswith(f"backprop-sim: {path}") and err.count("\n") == 1, context
            assert "Traceback" not in err and SECRET not in err and "root:" not in err, context


def test_hostile_presets_end_in_one_sentence(folder, capsys):
    run_hostile(folder, capsys, count=25, seed=12)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(10))
def test_many_more_hostile_presets_end_in_one_sentence(folder, capsys, seed):
    run_hostile(folder, capsys, count=100, seed=100 + seed)

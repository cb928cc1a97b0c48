"""`backprop-sim train`: its options, the verdict and exit status of a troubled run, the epochs
it still writes, outputs checked before training, and a saved network that `trace` goes on from."""

import csv
import json

import numpy as np
import pytest
from PySide6.QtGui import QImage

from simulator.presets import load_preset
from simulator.training import train
from ui.cli import main
from ui.train_command import EXIT_TROUBLE


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(path):
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_the_options_set_the_run_and_the_saved_preset(capsys, tmp_path):
    saved = tmp_path / "moons-trained.json"
    code, out, _ = run(
        capsys, "train", "moons", "--epochs", 3, "--learning-rate", 0.3, "--batch-size", 8,
        "--optimizer", "momentum", "--seed", 4, "--test-split", 0.25,
        "--csv", tmp_path / "c.csv", "--save", saved,
    )  # fmt: skip
    assert code == 0 and "epoch 3:" in out and "test accuracy" in out
    table = rows(tmp_path / "c.csv")
    assert list(table[0]) == ["epoch", "loss", "accuracy", "test_loss", "test_accuracy"]
    preset = load_preset(saved)
    assert (preset.optimizer.name, preset.optimizer.learning_rate) == ("momentum", 0.3)
    assert (preset.batch_size, preset.seed, preset.epoch) == (8, 4, 3)
    assert preset.optimizer_state is not None and preset.step_count == 3 * 19  # 150 / 8


def test_a_saved_network_is_where_trace_goes_on(capsys, tmp_path):
    saved = tmp_path / "xor-trained.json"
    assert run(capsys, "train", "xor", "--epochs", 20, "--save", saved)[0] == 0
    preset = load_preset("xor")
    network = preset.build_network()
    train(network, preset.load_data(), 20)
    again = load_preset(saved).build_network()
    for name, value in network.parameters.items():
        np.testing.assert_array_equal(again.parameters[name], value)
    assert (again.epoch, again.step_count) == (20, 80)
    code, out, _ = run(capsys, "trace", saved, "--json")
    steps = {step["key"]: step for step in json.loads(out)["steps"]}
    row = network.batch_indices(4)[0]  # the first sample of epoch 21's shuffle
    inputs = preset.load_data().inputs[row]
    expected = network.weight(1)[0] @ inputs + network.bias(1)[0]
    assert code == 0 and steps["z[1,1]"]["value"] == pytest.approx(expected, abs=1e-12)


def test_a_standardised_csv_preset_saves_its_mean_and_std(capsys, tmp_path):
    saved = tmp_path / "iris.json"
    assert run(capsys, "train", "iris", "--epochs", 2, "--save", saved)[0] == 0
    data = json.loads(saved.read_text())["data"]
    assert set(data) == {"inputs", "targets", "standardize"}  # the CSV is not beside it
    assert len(data["standardize"]["mean"]) == 4
    assert run(capsys, "trace", saved)[0] == 0


def test_iris_trains_to_high_accuracy_from_the_command_line(capsys):
    code, out, _ = run(capsys, "train", "iris", "--epochs", 200)
    accuracy = float(out.split("accuracy ")[1].split(",")[0].split()[0])
    assert code == 0 and accuracy >= 0.95 and "converging" in out


def test_a_stalled_run_writes_its_epochs_and_exits_3_with_the_verdict(capsys, tmp_path):
    code, out, err = run(
        capsys, "train", "xor", "--epochs", 500, "--learning-rate", 100,
        "--csv", tmp_path / "c.csv", "--json", tmp_path / "c.json", "--png", tmp_path / "c.png",
    )  # fmt: skip
    assert code == EXIT_TROUBLE == 3
    verdict = json.loads((tmp_path / "c.json").read_text())["verdict"]
    assert verdict["kind"] == "stalled" and verdict["cause"] == "learning_rate"
    assert err.strip().endswith(verdict["sentence"]) and "Traceback" not in err
    finished = rows(tmp_path / "c.csv")
    assert 10 <= len(finished) < 500 and f"epoch {len(finished)}:" in out
    assert QImage(str(tmp_path / "c.png")).width() == 1400


def test_keep_going_runs_every_epoch_but_still_exits_3(capsys, tmp_path):
    code, _, err = run(
        capsys, "train", "xor", "--epochs", 40, "--learning-rate", 100, "--keep-going",
        "--csv", tmp_path / "c.csv",
    )  # fmt: skip
    assert code == 3 and len(rows(tmp_path / "c.csv")) == 40 and "not converging" in err


def test_a_diverged_run_writes_the_epochs_before_it(capsys, tmp_path):
    fast = tmp_path / "fast.json"
    data = load_preset("notes-linear-collapse").to_dict()
    data["optimizer"] = {"name": "sgd", "learning_rate": 1e3}
    fast.write_text(json.dumps(data))
    code, _, err = run(
        capsys, "train", fast, "--epochs", 2000, "--keep-going", "--csv", tmp_path / "c.csv",
        "--json", tmp_path / "c.json", "--svg", tmp_path / "c.svg", "--save", tmp_path / "s.json",
    )  # fmt: skip
    verdict = json.loads((tmp_path / "c.json").read_text())["verdict"]
    finished = rows(tmp_path / "c.csv")
    assert code == 3 and verdict["kind"] == "diverged"
    assert len(finished) == verdict["epoch"] - 1 >= 1
    assert "learning rate of 1000" in err and "epoch" in err
    assert (tmp_path / "c.svg").is_file() and not (tmp_path / "s.json").exists()
    assert "s.json was not written" in err


@pytest.mark.parametrize(
    "bad", ["missing/x.png", ".", "file.txt/x.png"], ids=["no folder", "a folder", "under a file"]
)
def test_an_output_that_cannot_be_written_is_exit_2_before_training(capsys, tmp_path, bad):
    (tmp_path / "file.txt").write_text("")
    bad = tmp_path / bad
    code, out, err = run(
        capsys, "train", "xor", "--epochs", 5, "--csv", tmp_path / "ok.csv", "--png", bad
    )
    assert code == 2 and err.startswith(f"backprop-sim: {bad}") and err.count("\n") == 1
    assert out == "" and not (tmp_path / "ok.csv").exists()


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--learning-rate", "-1"], ["--learning-rate", "-1"]),
        (["--learning-rate", "nan"], ["--learning-rate"]),
        (["--batch-size", "0"], ["--batch-size"]),
        (["--batch-size", "5"], ["--batch-size 5", "4 training samples"]),
        (["--test-split", "1.5"], ["--test-split", "between 0 and 1"]),
        (["--test-split", "0.01"], ["--test-split 0.01", "empty"]),
        (["--seed", "-3"], ["--seed"]),
        (["--size", "100x100"], ["--size", "600x400"]),
        (["--size", "wide"], ["--size"]),
    ],
)
def test_bad_options_are_one_sentence_and_exit_2(capsys, argv, words):
    code, _, err = run(capsys, "train", "xor", "--epochs", 5, *argv)
    assert code == 2 and err.startswith("backprop-sim: ") and err.count("\n") == 1
    assert all(word in err for word in words)


def test_the_figures_take_the_chosen_size(capsys, tmp_path):
    code, _, _ = run(
        capsys, "train", "circles", "--epochs", 3, "--size", "1600x1000",
        "--png", tmp_path / "f.png", "--svg", tmp_path / "f.svg",
    )  # fmt: skip
    assert code == 0 and QImage(str(tmp_path / "f.png")).size().toTuple() == (1600, 1000)
    svg = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 1600 1000"' in svg and "<title>Circles" in svg

"""The vectorised training path: same numbers as stepping, records, cancellation, divergence."""

import csv
import io
import json
import math

import numpy as np
import pytest

from simulator.cursor import Cursor
from simulator.datasets import Dataset, generate
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.presets import bundled_names, load_preset
from simulator.training import EpochRecord, History, TrainingDiverged, train

SGD = Optimizer("sgd", 0.5)


def make_network(
    sizes=(2, 3, 1),
    activations=("tanh", "sigmoid"),
    loss="bce",
    optimizer=SGD,
    batch_size=1,
    seed=0,
):
    """A seeded xavier-initialised network (the shuffle seed is `seed`)."""
    layers = [LayerActivation.of(name) for name in activations]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(0))
    return Network(sizes, layers, loss, optimizer, parameters, batch_size, seed)


def step_epochs(network, data, epochs):
    """Step through with the Cursor, committing each iteration; the loss steps of each epoch."""
    cursor, epoch_losses = Cursor(network, data), []
    batches = math.ceil(len(data) / network.batch_size)
    for _ in range(epochs):
        losses = []
        for _ in range(batches):
            cursor.finish()
            losses += [step.value for step in cursor.trace.steps if step.kind == "loss"]
            cursor.step_forward()  # passing the end commits the update
        epoch_losses.append(np.mean(losses))
    return cursor.network, epoch_losses


@pytest.mark.parametrize(
    "optimizer", [Optimizer("sgd", 0.5), Optimizer("adam", 0.05)], ids=["sgd", "adam"]
)
@pytest.mark.parametrize("batch_size", [1, 4])
def test_training_equals_stepping_through(optimizer, batch_size):
    data = generate("moons", 10, 0.1, seed=1)  # batch 4 leaves a short last batch of 2
    network = make_network(optimizer=optimizer, batch_size=batch_size, seed=3)
    stepped, stepped_losses = step_epochs(network, data, epochs=3)
    history = train(network, data, 3)
    for name, value in stepped.parameters.items():
        np.testing.assert_allclose(network.parameters[name], value, rtol=0, atol=1e-12)
    for name, state in stepped.optimizer_state.items():
        for kind, value in state.items():
            np.testing.assert_allclose(network.optimizer_state[name][kind], value, atol=1e-12)
    assert (network.step_count, network.epoch) == (stepped.step_count, stepped.epoch)
    np.testing.assert_allclose([r.loss for r in history], stepped_losses, rtol=0, atol=1e-12)


def test_epoch_figures_come_from_the_forward_passes_before_each_update():
    data = generate("blobs", 12, 0.3, seed=0)
    network = make_network((2, 4, 3), ("tanh", "softmax"), "cce", batch_size=12)
    forward = network.forward(data.inputs)
    backward = network.backward(forward, data.targets)
    record = train(network.copy(), data, 1)[0]
    assert record.epoch == 1
    assert record.loss == pytest.approx(backward.losses.mean(), abs=1e-12)
    assert record.accuracy == network.accuracy(forward.activations[-1], data.targets)
    expected = [np.abs(backward.gradients[f"W{layer}"]).mean() for layer in (1, 2)]
    assert record.gradient_means == pytest.approx(expected, abs=1e-15)


def test_vanishing_gradient_shows_in_the_gradient_means():
    data = Dataset([[0.5], [1.0], [-0.5]], [[1.0], [0.0], [1.0]])
    chain = make_network((1,) * 6, ("sigmoid",) * 5, "mse", batch_size=3)
    means = train(chain, data, 1)[0].gradient_means
    assert len(means) == 5 and means[0] < means[-1] / 16  # four factors of at most 1/4


def test_callback_returning_false_stops_training():
    network, seen = make_network(), []
    history = train(
        network, generate("xor", 4), 50, callback=lambda r: seen.append(r) or r.epoch < 3
    )
    assert [r.epoch for r in history] == [1, 2, 3] and seen == list(history)
    assert network.epoch == 3


def test_callback_returning_none_goes_on():
    history = train(make_network(), generate("xor", 4), 5, callback=lambda record: None)
    assert len(history) == 5


def test_training_goes_on_from_where_the_network_is():
    network = make_network()
    train(network, generate("xor", 4), 2)
    assert [r.epoch for r in train(network, generate("xor", 4), 2)] == [3, 4]


def test_divergence_names_the_epoch_and_a_smaller_learning_rate_in_its_verdict():
    data = Dataset([[1.0, 2.0, 3.0], [4.0, -5.0, 6.0]], [[10.0], [-20.0]])
    network = make_network((3, 2, 1), ("linear", "linear"), "mse", Optimizer("sgd", 1000.0))
    with pytest.raises(TrainingDiverged) as caught:
        train(network, data, 2000)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.epoch == len(error.history) + 1 and error.epoch > 1
    assert str(error).startswith(f"Training stopped at epoch {error.epoch}: ")
    assert "learning rate of 1000" in str(error) and "smaller" in str(error)
    assert all(math.isfinite(record.loss) for record in error.history)
    assert error.verdict.kind == "diverged" and error.verdict.cause == "learning_rate"
    assert error.history.verdict is error.verdict and str(error) == error.verdict.sentence


def test_xor_preset_reaches_accuracy_one_within_3000_epochs():
    preset = load_preset("xor")
    history = train(
        preset.build_network(),
        preset.load_data(),
        3000,
        callback=lambda record: record.accuracy < 1.0,
        on_trouble="stop",
    )
    assert history[-1].accuracy == 1.0 and history[-1].epoch < 3000
    assert history.verdict.kind == "converging"


@pytest.mark.parametrize(
    "name, epochs, accuracy",
    [
        pytest.param("moons", 300, 0.99, marks=pytest.mark.slow),  # seconds of training each
        pytest.param("circles", 300, 0.99, marks=pytest.mark.slow),
        pytest.param("spiral", 400, 0.99, marks=pytest.mark.slow),
        ("blobs", 100, 0.95),
    ],
)
def test_dataset_presets_train_well_in_a_few_hundred_epochs(name, epochs, accuracy):
    preset = load_preset(name)
    history = train(preset.build_network(), preset.load_data(), epochs, on_trouble="stop")
    assert history[-1].accuracy >= accuracy
    assert history[-1].loss < history[0].loss / 5
    assert history.verdict.kind == "converging" and len(history) == epochs


@pytest.mark.parametrize(
    "name",
    [name for name in bundled_names() if name.startswith("notes") or name == "softmax-3-class"],
)
def test_the_notes_presets_are_never_judged_in_trouble_with_their_own_settings(name):
    preset = load_preset(name)
    history = train(preset.build_network(), preset.load_data(), 300, on_trouble="stop")
    assert not history.verdict.trouble and len(history) == 300  # some are only slow
    assert history[-1].loss < history[0].loss


def test_iris_trains_to_high_accuracy_with_standardised_inputs():
    data = load_preset("iris").training_data(0.2, seed=0)
    network = load_preset("iris").build_network()
    history = train(network, data.train, 200, test=data.test, on_trouble="stop")
    assert history.verdict.kind == "converging" and len(history) == 200
    assert history[-1].accuracy >= 0.95 and history[-1].test_accuracy >= 0.9


def test_same_seeds_give_identical_histories_another_shuffle_does_not():
    data = generate("moons", 40, 0.2, seed=0)
    first = train(make_network(batch_size=8), data, 5)
    again = train(make_network(batch_size=8), data, 5)
    other = train(make_network(batch_size=8, seed=1), data, 5)
    assert list(first) == list(again) and list(first) != list(other)


def test_test_set_is_recorded_after_each_epoch():
    data, test = generate("moons", 30, 0.1, seed=0), generate("moons", 10, 0.1, seed=9)
    network = make_network(batch_size=10)
    history = train(network, data, 2, test=test)
    outputs = network.predict(test.inputs)
    assert history.columns == ("epoch", "loss", "accuracy", "test_loss", "test_accuracy")
    assert history[-1].test_accuracy == network.accuracy(outputs, test.targets)
    bce = -np.mean(test.targets * np.log(outputs) + (1 - test.targets) * np.log(1 - outputs))
    assert history[-1].test_loss == pytest.approx(bce, abs=1e-12)


def test_csv_rows_leave_accuracy_empty_for_regression(tmp_path):
    data = Dataset([[0.5], [1.0]], [[0.2], [0.7]])
    history = train(make_network((1, 2, 1), ("tanh", "linear"), "mse"), data, 3)
    assert history.columns == ("epoch", "loss", "accuracy")
    assert [row[0] for row in history.to_csv_rows()] == ["1", "2", "3"]
    assert all(row[2] == "" for row in history.to_csv_rows())
    history.write_csv(tmp_path / "curve.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "curve.csv").read_text())))
    assert float(rows[2]["loss"]) == history[2].loss


def test_json_holds_every_figure_at_full_precision_and_the_verdict():
    history = train(make_network(), generate("xor", 4), 2)
    parsed = json.loads(history.to_json())
    assert parsed["columns"] == ["epoch", "loss", "accuracy"]
    assert parsed["verdict"] == history.verdict.to_dict() and parsed["verdict"]["kind"]
    assert [
        EpochRecord(**{**e, "gradient_means": tuple(e["gradient_means"])}) for e in parsed["epochs"]
    ] == list(history)


def test_empty_history_has_the_training_columns():
    assert History().columns == ("epoch", "loss", "accuracy") and History().to_csv_rows() == []


def test_a_parameter_that_is_no_longer_finite_stops_training_too():
    layers = [LayerActivation.of("sigmoid")]
    parameters = {"W1": np.array([[np.inf]]), "b1": np.array([0.0])}
    network = Network((1, 1), layers, "bce", Optimizer("sgd", 0.1), parameters)
    with pytest.raises(TrainingDiverged, match="epoch 1: a weight of layer 1 became inf"):
        train(network, Dataset([[1.0]], [[1.0]]), 3)


@pytest.mark.parametrize(
    "data",
    [generate("blobs", 6), Dataset(np.zeros((3, 3)), np.zeros((3, 1)))],
    ids=["three targets", "three inputs"],
)
def test_data_that_does_not_fit_the_network_is_refused_before_training(data):
    network = make_network()
    with pytest.raises(ValueError, match="expects at least one sample of 2 inputs and 1 targets"):
        train(network, data, 1)
    assert network.step_count == 0


@pytest.mark.parametrize(
    "loss, targets, words",
    [
        ("bce", [[0.0], [1.5]], ["sample 2", "between 0 and 1"]),
        ("bce", [[-0.5], [1.0]], ["sample 1", "between 0 and 1"]),
        ("cce", [[0.5, 0.2, 0.2], [0.0, 1.0, 0.0]], ["sample 1", "class probabilities"]),
        ("cce", [[1.0, 0.0, 0.0], [1.5, -0.5, 0.0]], ["sample 2", "class probabilities"]),
    ],
)
def test_targets_the_loss_cannot_compare_are_refused_before_training(loss, targets, words):
    width = len(targets[0])
    output = "softmax" if loss == "cce" else "sigmoid"
    network = make_network((2, 3, width), ("tanh", output), loss)
    with pytest.raises(ValueError) as caught:
        train(network, Dataset([[0.0, 1.0], [1.0, 0.0]], targets), 1)
    assert all(word in str(caught.value) for word in words) and network.step_count == 0

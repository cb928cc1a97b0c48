"""The engine's verdict on a run: each trouble found on its side of the threshold, never on the
other; the cause named from what was observed; healthy runs judged converging."""

import dataclasses
import math

import numpy as np
import pytest

from simulator.convergence import (
    FLAT_EPOCHS,
    OSCILLATION_EPOCHS,
    STUCK_EPOCHS,
    Judge,
    Verdict,
    guess_loss,
    neighbour_disagreement,
)
from simulator.datasets import Dataset, generate
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.presets import load_preset
from simulator.training import EpochRecord, TrainingDiverged, train

GUESS = math.log(2)  # bce on balanced classes


def small_network(scale=1.0, eta=0.5):
    layers = [LayerActivation.of("tanh"), LayerActivation.of("sigmoid")]
    parameters = initial_parameters((2, 3, 1), layers, "xavier", np.random.default_rng(0))
    parameters = {name: value * scale for name, value in parameters.items()}
    return Network((2, 3, 1), layers, "bce", Optimizer("sgd", eta), parameters)


def judged(losses, gradients=None, network=None, data=None):
    """Feed a made-up curve to a Judge; the first trouble Verdict and the epoch it came at."""
    data = data or generate("moons", 40, 0.1, seed=0)
    judge = Judge(network or small_network(), data)
    gradients = gradients or [0.1] * len(losses)
    for epoch, (loss, gradient) in enumerate(zip(losses, gradients), start=1):
        verdict = judge.observe(EpochRecord(epoch, loss, 0.5, gradient_means=(gradient,)))
        if verdict:
            return verdict, epoch
    return judge.final(), None


def test_guess_is_the_loss_of_the_best_constant_output():
    balanced = np.array([[0.0], [1.0]] * 5)
    assert guess_loss("bce", balanced) == pytest.approx(math.log(2))
    assert guess_loss("cce", np.eye(3)[[0, 1, 2] * 4]) == pytest.approx(math.log(3))
    assert guess_loss("mse", np.array([[1.0], [3.0]])) == pytest.approx(1.0)
    one_sample = np.array([[0.0, 1.0, 0.0]])  # a constant is perfect: guess knows nothing
    assert guess_loss("cce", one_sample) == pytest.approx(math.log(3))
    assert guess_loss("bce", np.ones((3, 1))) == pytest.approx(math.log(2))
    assert guess_loss("mse", np.array([[0.5, 1.0]])) == pytest.approx(0.625)


def test_a_flat_loss_above_the_guess_with_no_gradient_is_stalled_from_where_it_froze():
    losses = [16.3, 8.6, 19.4] + [17.27] * FLAT_EPOCHS
    verdict, found = judged(losses, [0.8, 0.3, 0.2] + [0.0] * FLAT_EPOCHS)
    assert (verdict.kind, verdict.epoch, found) == ("stalled", 4, 3 + FLAT_EPOCHS)
    assert verdict.trouble and "17.27 since epoch 4" in verdict.sentence


@pytest.mark.parametrize(
    "losses, gradients",
    [
        ([0.05] * 30, [0.0] * 30),  # flat but learned: below the guess
        ([0.9] * 30, [0.1] * 30),  # flat above the guess, but gradients still flow
        ([0.9 + 0.01 * (k % 2) for k in range(30)], [0.0] * 30),  # not flat
        ([0.9] * (FLAT_EPOCHS - 1), [0.0] * (FLAT_EPOCHS - 1)),  # not flat for long enough
    ],
    ids=["learned", "gradients", "moving", "short"],
)
def test_other_flat_or_gradient_free_curves_are_not_stalled(losses, gradients):
    verdict, _ = judged(losses, gradients)
    assert not verdict.trouble


def test_a_loss_far_above_the_guess_that_never_gets_lower_is_stalled_too():
    jitter = [3.0 + 0.2 * math.sin(k) for k in range(2 * STUCK_EPOCHS)]
    verdict, found = judged(jitter)
    assert (verdict.kind, verdict.epoch, found) == ("stalled", STUCK_EPOCHS + 1, 2 * STUCK_EPOCHS)


@pytest.mark.parametrize(
    "losses",
    [
        [1.2 * GUESS + 0.05 * math.sin(k) for k in range(100)],  # near the guess: only slow
        [3.0 * 0.995**k + 0.1 * math.sin(k) for k in range(100)],  # high, but getting lower
    ],
    ids=["near the guess", "progress"],
)
def test_a_high_loss_near_the_guess_or_getting_lower_is_not_stalled(losses):
    assert not judged(losses)[0].trouble


def test_weights_huge_from_the_start_stall_with_no_gradient_even_in_epoch_one():
    verdict, _ = judged([5.0] * FLAT_EPOCHS, [1e-50] * FLAT_EPOCHS, small_network(scale=1000))
    assert (verdict.kind, verdict.epoch, verdict.cause) == ("stalled", 1, "initial_weights")
    assert "already as large as" in verdict.sentence


def test_a_loss_that_climbs_every_epoch_to_twice_its_low_is_rising():
    losses = [0.7, 0.5, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5]
    verdict, found = judged(losses)
    assert (verdict.kind, verdict.epoch, found) == ("rising", 3, 8)
    assert verdict.cause == "learning_rate" and "learning rate of 0.5" in verdict.sentence


@pytest.mark.parametrize(
    "losses",
    [
        [0.7, 0.5, 0.4, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46],  # up every epoch, but not to twice
        [0.7, 0.5, 0.4, 0.6, 0.8, 0.7, 1.0, 1.2, 1.5],  # one fall breaks the climb
        [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07],  # climbs but still better than a guess
    ],
    ids=["small", "broken", "below guess"],
)
def test_other_climbs_are_not_rising(losses):
    verdict, _ = judged(losses)
    assert verdict.kind != "rising"


def zigzag(level, swing, epochs):
    return [level * (1 + swing * (-1) ** k) for k in range(epochs)]


def test_a_loss_that_jumps_up_and_down_without_progress_is_oscillating():
    losses = [1.2, 0.1] + zigzag(0.4, 0.5, 2 * OSCILLATION_EPOCHS)
    verdict, found = judged(losses)
    window = OSCILLATION_EPOCHS
    assert (verdict.kind, verdict.epoch, found) == ("oscillating", window + 1, 2 * window + 1)


@pytest.mark.parametrize(
    "losses",
    [
        [1.2, 0.1] + zigzag(0.4, 0.1, 2 * OSCILLATION_EPOCHS),  # small jumps
        [0.4 * 0.99**k * (1 + 0.5 * (-1) ** k) for k in range(80)],  # jumps, but getting lower
        [1.2] + zigzag(0.4, 0.5, 2 * OSCILLATION_EPOCHS - 1),  # not for long enough
        [1.2, 0.001] + zigzag(0.02, 0.5, 2 * OSCILLATION_EPOCHS),  # mini-batch jitter, learned
    ],
    ids=["small", "progress", "short", "learned"],
)
def test_noisy_but_improving_short_or_learned_curves_are_not_oscillating(losses):
    verdict, _ = judged(losses)
    assert verdict.kind != "oscillating"


def test_oscillation_on_overlapping_classes_blames_the_noisy_data():
    rng = np.random.default_rng(0)
    noisy = Dataset(rng.normal(size=(100, 2)), rng.integers(0, 2, (100, 1)))
    assert neighbour_disagreement(noisy) > 0.3
    verdict, _ = judged([1.2, 0.1] + zigzag(0.5, 0.5, 2 * OSCILLATION_EPOCHS), data=noisy)
    assert (verdict.kind, verdict.cause) == ("oscillating", "noisy_data")
    assert "overlap" in verdict.sentence and "learning rate of" not in verdict.sentence


def test_huge_inputs_are_named_before_the_learning_rate():
    data = generate("moons", 40, 1000.0, seed=0)
    verdict, _ = judged([0.7, 0.5, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5], data=data)
    assert (verdict.kind, verdict.cause) == ("rising", "input_scale")
    assert "standardise" in verdict.sentence


def test_a_run_still_near_the_guess_is_slow_else_converging():
    assert judged([0.70, 0.69, 0.68])[0].kind == "slow"
    verdict = judged([0.70, 0.3, 0.1])[0]
    assert verdict == Verdict("converging", 3, "", verdict.sentence)
    assert "from 0.7 to 0.1 in 3 epochs" in verdict.sentence


def with_rate(name, rate):
    preset = load_preset(name)
    optimizer = dataclasses.replace(preset.optimizer, learning_rate=rate)
    return dataclasses.replace(preset, optimizer=optimizer)


@pytest.mark.parametrize("name", ["xor", "moons", "circles", "blobs"])
@pytest.mark.parametrize("rate", [100, 1000])
def test_too_large_learning_rates_stall_and_stop_with_the_curve_kept(name, rate):
    preset = with_rate(name, rate)
    network, data = preset.build_network(), preset.load_data()
    history = train(network, data, 500, on_trouble="stop")
    verdict = history.verdict
    assert verdict.kind == "stalled" and verdict.cause == "learning_rate"
    assert len(history) == network.epoch < 30 and verdict.epoch <= len(history) - FLAT_EPOCHS + 1
    assert f"learning rate of {rate}" in verdict.sentence


def test_flag_goes_on_after_the_trouble_and_keeps_the_first_verdict():
    preset = with_rate("xor", 10)
    history = train(preset.build_network(), preset.load_data(), 40, on_trouble="flag")
    assert len(history) == 40 and history.verdict.kind == "stalled"
    assert history.verdict.epoch < 40 - FLAT_EPOCHS


def test_xor_at_a_learning_rate_of_5_oscillates():
    preset = with_rate("xor", 5)
    history = train(preset.build_network(), preset.load_data(), 400, on_trouble="stop")
    assert history.verdict.kind == "oscillating" and history.verdict.cause == "learning_rate"
    assert len(history) < 100 and history[-1].loss > GUESS


# A tanh layer saturates: the loss stays flat. An all-linear net's output overflows to inf (its
# loss with it) whatever order the BLAS kernel sums in; a linear layer under a sigmoid does not
# (its sums of terms of 1e399 come out -inf or NaN by the CPU's kernel: stalled or diverged).
@pytest.mark.parametrize(
    "hidden, output, loss, kind",
    [("tanh", "sigmoid", "bce", "stalled"), ("linear", "linear", "mse", "diverged")],
)
def test_weights_of_1e200_are_blamed_not_the_learning_rate(hidden, output, loss, kind):
    layers = [LayerActivation.of(hidden), LayerActivation.of(output)]
    parameters = initial_parameters((2, 3, 1), layers, "xavier", np.random.default_rng(0))
    parameters = {name: value * 1e200 for name, value in parameters.items()}
    network = Network((2, 3, 1), layers, loss, Optimizer("sgd", 0.5), parameters)
    data = generate("moons", 40, 0.1, seed=0)
    try:
        verdict = train(network, data, 30, on_trouble="stop").verdict
    except TrainingDiverged as error:
        verdict = error.verdict
        assert str(error) == verdict.sentence and error.history.verdict is verdict
    assert (verdict.kind, verdict.epoch, verdict.cause) == (kind, 1, "initial_weights")
    assert "1.059e+200 at the start" in verdict.sentence
    assert "learning rate" not in verdict.sentence


def test_rising_before_the_overflow_is_caught_by_stop():
    data = Dataset([[1.0, 2.0, 3.0], [4.0, -5.0, 6.0]], [[10.0], [-20.0]])
    layers = [LayerActivation.of("linear")] * 2
    parameters = initial_parameters((3, 2, 1), layers, "xavier", np.random.default_rng(0))
    network = Network((3, 2, 1), layers, "mse", Optimizer("sgd", 0.005), parameters)
    history = train(network, data, 2000, on_trouble="stop")
    assert (history.verdict.kind, history.verdict.epoch, len(history)) == ("rising", 3, 8)
    assert all(math.isfinite(record.loss) for record in history)


def test_one_judge_goes_on_watching_across_calls():
    preset = with_rate("xor", 10)
    network, data = preset.build_network(), preset.load_data()
    judge = Judge(network, data)
    verdicts = [train(network, data, 1, judge=judge).verdict for _ in range(20)]
    assert any(verdict.kind == "stalled" for verdict in verdicts)

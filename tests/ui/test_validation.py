"""What the side panel checks before it builds anything: the engine's limits, in its words."""

import time

import pytest

from simulator.datasets import generate
from simulator.limits import LimitError
from ui.snapshots import Settings
from ui.validation import check_settings, parse_sizes


def test_typed_sizes_within_the_limits_are_read():
    assert parse_sizes("2-128-128-128-128-1") == (2, 128, 128, 128, 128, 1)
    assert parse_sizes("784, 128, 10") == (784, 128, 10)


@pytest.mark.parametrize(
    "text, words",
    [
        ("2-100000000-1", ["Layer 1 should be at most 1,024 neurons", "100000000"]),
        ("2-" + "9" * 5000 + "-1", ["whole numbers like 2-2-1"]),
        ("2-0-1", ["at least 1 neuron"]),
        ("-".join(["1"] * 70), ["at most 65 sizes"]),
        ("2-1000-1000-1", ["200,000 weights and biases"]),
    ],
)
def test_typed_sizes_past_a_limit_are_refused_at_once(text, words):
    start = time.perf_counter()
    with pytest.raises(ValueError) as caught:
        parse_sizes(text)
    assert time.perf_counter() - start < 0.1
    for word in words:
        assert word in str(caught.value)


def settings(sizes=(2, 2, 1), batch_size=1):
    return Settings(sizes, ("sigmoid",) * (len(sizes) - 1), "bce", "sgd", 0.1, batch_size)


def test_the_window_refuses_what_a_preset_may_not_hold():
    data = generate("xor", 40)
    with pytest.raises(LimitError, match="the number of samples in the data, got 41"):
        check_settings(settings(batch_size=41), data)
    with pytest.raises(LimitError, match="The batch size should be at most 3 for a network"):
        check_settings(settings((2, *[64] * 16, 1), batch_size=4), data)
    check_settings(settings((2, *[64] * 16, 1), batch_size=3), data)

"""Limits: every classroom network fits; anything larger is refused from its sizes alone, before
a single array is allocated, with a sentence naming the field and the limit."""

import tracemalloc

import pytest

from simulator import limits
from simulator.checker import PresetError
from simulator.limits import (
    Breach,
    LimitError,
    batch_breach,
    check_network,
    max_batch_size,
    nesting_breach,
    network_breach,
    parameter_count,
    samples_breach,
    text_breach,
)
from simulator.presets import Preset, bundled_names, load_preset

CLASSROOM = [
    [2, 128, 128, 128, 128, 1],  # 4x128
    [2, *[32] * 8, 1],  # 8x32
    [2, *[64] * 16, 1],  # 16x64
    [784, 128, 10],  # a 28x28-pixel digit
    [4, 8, 3],  # iris
    [1, 1, 1, 1, 1, 1],  # the notes' deep chains
]


@pytest.mark.parametrize("sizes", CLASSROOM)
def test_classroom_networks_fit(sizes):
    assert network_breach(sizes) is None


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_preset_fits_with_its_batch(name):
    preset = load_preset(name)
    assert network_breach(preset.layers, preset.batch_size) is None
    assert batch_breach(preset.batch_size, len(preset.load_data())) is None


def test_parameters_are_counted_like_the_network_holds_them():
    network = load_preset("moons").build_network()
    held = sum(value.size for value in network.parameters.values())
    assert parameter_count(network.sizes) == held == 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1


@pytest.mark.parametrize(
    "sizes, batch, field, words",
    [
        ([2, 100_000, 1], 1, "layers[1]", ["at most 1,024 neurons", "100000"]),
        ([2, 10**12, 1], 1, "layers[1]", ["1,024"]),
        ([10**18, 1], 1, "layers[0]", ["1,024"]),
        ([1] * 66, 1, "layers", ["at most 65 sizes", "64 layers"]),
        ([1000, 1000, 1], 1, "layers", ["200,000 weights and biases", "1,002,001"]),
        ([2, *[64] * 16, 1], 32, "batch_size", ["at most 3", "62,657", "got 32"]),
    ],
)
def test_a_network_past_a_limit_names_the_field(sizes, batch, field, words):
    breach = network_breach(sizes, batch)
    assert breach.field == field
    for word in words:
        assert word in breach.sentence("big.json")


def test_the_largest_batch_allowed_is_the_limit_exactly():
    for sizes in CLASSROOM:
        most = max_batch_size(sizes)
        assert network_breach(sizes, most) is None
        assert network_breach(sizes, most + 1).field == "batch_size"


def test_the_window_gets_the_same_rule_as_a_sentence():
    with pytest.raises(
        LimitError, match=r"^Layer 1 should be at most 1,024 neurons, got 100000000"
    ):
        check_network((2, 100_000_000, 1))
    check_network((2, 128, 1), batch_size=16)


def test_a_preset_asking_for_10_to_the_12_neurons_is_refused_before_allocating():
    data = {
        "format": 1,
        "name": "huge",
        "layers": [2, 10**12, 1],
        "activations": ["relu", "sigmoid"],
        "init": {"scheme": "he"},
        "loss": "bce",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": {"dataset": "xor", "samples": 10**18},
    }
    tracemalloc.start()
    with pytest.raises(PresetError, match=r"^huge.json: field 'layers\[1\]' should be at most"):
        Preset.from_dict(data, "huge.json")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1_000_000  # refused from the sizes alone: nothing of that size was made


@pytest.mark.parametrize(
    "batch, samples, in_epoch, field",
    [(5, 4, 0, "batch_size"), (1, 4, 4, "batch_in_epoch"), (3, 4, 2, "batch_in_epoch")],
)
def test_a_batch_lies_inside_the_data(batch, samples, in_epoch, field):
    assert batch_breach(batch, samples, in_epoch).field == field
    assert batch_breach(batch, batch, 0) is None and batch_breach(3, 4, 1) is None


def test_samples_and_data_values_are_limited():
    assert samples_breach(limits.MAX_SAMPLES, 3, "data.samples") is None
    assert "200,000 samples" in samples_breach(10**18, 3, "data.samples").expected
    breach = samples_breach(100_000, 60, "data.inputs")
    assert breach.field == "data.inputs" and "5,000,000 numbers" in breach.expected


def test_text_limits_go_by_the_fields_last_part():
    assert text_breach("x" * 200, "name") is None
    assert text_breach("x" * 201, "name").got == "201 characters"
    assert text_breach("x" * 101, "hand_worked[3].label").field == "hand_worked[3].label"
    assert text_breach("x" * 10_000, "description") is None


def test_nesting_is_measured_without_recursion():
    deep = []
    for _ in range(100_000):  # far past Python's recursion limit
        deep = [deep]
    breach = nesting_breach({"format": 1, "weights": deep})
    assert breach == Breach(
        "weights", "the file", "nest lists and objects at most 16 deep", "deeper ones"
    )
    assert nesting_breach(load_preset("moons").to_dict()) is None
    assert nesting_breach(deep).field == ""

"""The snapshots the views get: texts written when read, keys computed so far."""

import numpy as np
import pytest

from simulator.network import LayerActivation, Network, initial_parameters
from simulator.notation import format_number
from simulator.optimizers import Optimizer
from simulator.trace import build_trace
from ui.computed_keys import computed_keys, sample_on_show
from ui.number_texts import NumberTexts


def test_number_texts_are_the_engines_texts_of_the_values():
    values = {"z[1,1]": 0.123456, "a[1,1]": None, "L": float("nan")}
    texts = NumberTexts(values)
    assert dict(texts) == {"z[1,1]": format_number(0.123456), "a[1,1]": None, "L": "nan"}
    assert "a[1,1]" in texts and "y[1]" not in texts and len(texts) == 3
    assert texts.keys() & {"L", "b[1,1]"} == {"L"}
    with pytest.raises(KeyError):
        texts["y[1]"]


@pytest.mark.parametrize("batch", [1, 3])
def test_computed_keys_are_those_of_the_steps_so_far_for_the_sample_on_show(batch):
    rng = np.random.default_rng(2)
    layers = [LayerActivation.of("tanh"), LayerActivation.of("sigmoid")]
    parameters = initial_parameters([2, 3, 1], layers, "xavier", rng)
    network = Network([2, 3, 1], layers, "bce", Optimizer("sgd", 0.1), parameters)
    trace = build_trace(network, rng.normal(size=(batch, 2)), np.ones((batch, 1)))
    for position in range(len(trace) + 1):
        sample = sample_on_show(trace, position)
        done = trace.steps[:position]
        expected = {step.key for step in done if step.sample in (None, sample)}
        assert set(computed_keys(trace, position)) == expected

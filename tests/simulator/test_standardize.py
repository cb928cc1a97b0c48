"""Standardisation: mean and std from the training split only, kept and reused."""

import numpy as np
import pytest

from simulator.datasets import Dataset, split
from simulator.standardize import Standardization, prepare


def measured(samples=40):
    rng = np.random.default_rng(3)
    inputs = np.column_stack([rng.normal(500, 80, samples), rng.normal(-2, 0.1, samples)])
    return Dataset(inputs, (np.arange(samples) % 2)[:, None], "measured", ("a", "b"))


def test_the_mean_and_std_come_from_the_training_split_only():
    data = measured()
    prepared = prepare(data, True, test_fraction=0.25, seed=7)
    train, test = split(data, 0.25, seed=7)
    scaling = prepared.standardization
    assert scaling.mean == pytest.approx(train.inputs.mean(axis=0).tolist())
    assert scaling.std == pytest.approx(train.inputs.std(axis=0).tolist())
    assert scaling.mean != pytest.approx(data.inputs.mean(axis=0).tolist())
    np.testing.assert_allclose(prepared.train.inputs.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(prepared.train.inputs.std(axis=0), 1.0, atol=1e-12)
    expected = (test.inputs - train.inputs.mean(axis=0)) / train.inputs.std(axis=0)
    np.testing.assert_allclose(prepared.test.inputs, expected, atol=1e-12)
    assert np.abs(prepared.test.inputs.mean(axis=0)).max() > 1e-3  # not refitted on the test set
    assert prepared.train.classes == ("a", "b")
    np.testing.assert_array_equal(prepared.test.targets, test.targets)


def test_saved_numbers_are_used_as_they_are_whatever_the_split():
    saved = {"mean": [100.0, 0.0], "std": [10.0, 2.0]}
    prepared = prepare(measured(), saved, test_fraction=0.5, seed=1)
    assert prepared.standardization == Standardization((100.0, 0.0), (10.0, 2.0))
    assert prepared.standardization.to_dict() == saved
    _, test = split(measured(), 0.5, seed=1)
    np.testing.assert_allclose(prepared.test.inputs, (test.inputs - [100, 0]) / [10, 2])


def test_without_standardisation_the_inputs_are_left_alone():
    prepared = prepare(measured(), False)
    assert prepared.test is None and prepared.standardization is None
    np.testing.assert_array_equal(prepared.train.inputs, measured().inputs)


def test_a_constant_column_maps_to_zero_not_nan():
    scaling = Standardization.fit(np.array([[1.0, 5.0], [3.0, 5.0]]))
    assert scaling.std == (1.0, 1.0)
    scaled = scaling.apply(Dataset([[1.0, 5.0]], [[0.0]]))
    assert scaled.inputs.tolist() == [[-1.0, 0.0]]

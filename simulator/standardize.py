"""Standardising the inputs, and the split of a dataset into the training and test sets.

x' = (x - mean) / std per input column, so every feature is centred on 0 with spread 1: a
sigmoid or tanh neuron then starts in its steep middle instead of saturating on a feature
measured in hundreds. The mean and std come from the training split only: the test set must
stay unseen, or its score flatters the network. They are kept (and saved in a preset), so a
network trained on standardised data is always fed data scaled the same way.
"""

from dataclasses import dataclass

import numpy as np

from simulator.datasets import Dataset, split


@dataclass(frozen=True)
class Standardization:
    """The mean and standard deviation of each input column (of the training split)."""

    mean: tuple
    std: tuple

    def __repr__(self) -> str:
        return f"Standardization({len(self.mean)} columns)"

    @classmethod
    def fit(cls, inputs: np.ndarray) -> "Standardization":
        """From inputs: (n, n_in); a constant column gets std 1, so it maps to 0, not NaN."""
        std = inputs.std(axis=0)
        return cls(tuple(inputs.mean(axis=0).tolist()), tuple(np.where(std > 0, std, 1.0).tolist()))

    @classmethod
    def from_dict(cls, spec: dict) -> "Standardization":
        """The preset form {"mean": [...], "std": [...]}, already checked by the reader."""
        return cls(tuple(spec["mean"]), tuple(spec["std"]))

    def to_dict(self) -> dict:
        """The preset form, full float64."""
        return {"mean": list(self.mean), "std": list(self.std)}

    def apply(self, dataset: Dataset) -> Dataset:
        """The dataset with each input column standardised; targets and classes unchanged."""
        inputs = (dataset.inputs - np.array(self.mean)) / np.array(self.std)
        return Dataset(inputs, dataset.targets, dataset.name, dataset.classes)


@dataclass(frozen=True)
class TrainingData:
    """What training uses: the training set, the test set (or None), the standardisation used."""

    train: Dataset
    test: Dataset | None
    standardization: Standardization | None

    def __repr__(self) -> str:
        return f"TrainingData({self.train!r}, test={self.test!r}, {self.standardization!r})"


def prepare(dataset: Dataset, standardize, test_fraction: float = 0.0, seed: int = 0):
    """Split (seeded), then standardise both sides with the training side's mean and std.

    `standardize` is False/None (leave the inputs), True (fit on the training split) or the
    numbers of an earlier fit: a Standardization or its preset form. Returns TrainingData.
    """
    train, test = split(dataset, test_fraction, seed) if test_fraction else (dataset, None)
    standardize = _numbers(standardize, train)
    if not standardize:
        return TrainingData(train, test, None)
    scaled_test = None if test is None else standardize.apply(test)
    return TrainingData(standardize.apply(train), scaled_test, standardize)


def fitted(dataset: Dataset, standardize, test_fraction: float = 0.0, seed: int = 0):
    """The Standardization `standardize` asks for (as in `prepare`: True fits the training split
    that `test_fraction` and `seed` leave), or None."""
    if standardize is True and test_fraction:
        return _numbers(True, split(dataset, test_fraction, seed)[0])
    return _numbers(standardize, dataset)


def _numbers(standardize, train: Dataset):
    if isinstance(standardize, dict):
        return Standardization.from_dict(standardize)
    if standardize is True:
        return Standardization.fit(train.inputs)
    return standardize or None

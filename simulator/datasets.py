"""Training data: the Dataset container and the seeded 2-D generators (xor, moons, ...)."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """Inputs (n_samples, n_in) and targets (n_samples, n_out), float64."""

    inputs: np.ndarray
    targets: np.ndarray
    name: str = "data"

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", np.array(self.inputs, dtype=float, ndmin=2))
        object.__setattr__(self, "targets", np.array(self.targets, dtype=float, ndmin=2))

    def __len__(self) -> int:
        return self.inputs.shape[0]

    def __repr__(self) -> str:
        return f"Dataset({self.name}, {len(self)} samples, {self.inputs.shape[1]} -> {self.targets.shape[1]})"

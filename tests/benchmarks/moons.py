"""The issue's training benchmark: 2-16-16-1 tanh, tanh, sigmoid, bce, Adam, 1,000 moons."""

import numpy as np

from simulator.datasets import generate
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer

SIZES = (2, 16, 16, 1)
LEARNING_RATE = 0.01


def moons_network(batch_size: int) -> Network:
    """The benchmark's network, xavier-initialised from seed 0."""
    layers = [LayerActivation.of(name) for name in ("tanh", "tanh", "sigmoid")]
    parameters = initial_parameters(SIZES, layers, "xavier", np.random.default_rng(0))
    optimizer = Optimizer("adam", LEARNING_RATE)
    return Network(SIZES, layers, "bce", optimizer, parameters, batch_size=batch_size)


def moons_data():
    """1,000 moons samples, noise 0.1, seed 0."""
    return generate("moons", 1000, 0.1, seed=0)

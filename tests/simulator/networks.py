"""Networks the engine tests share: the notes' 2-2-1 example and seeded random networks."""

import numpy as np

from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network, with_prelu_alphas
from simulator.optimizers import Optimizer

SGD = Optimizer("sgd", 0.1)
ALPHAS = {"leaky_relu": 0.2, "prelu": 0.3, "elu": 0.7}  # not the defaults, so alpha shows


def notes_network(optimizer=SGD):
    """Seed 003's 2-2-1 sigmoid network with binary cross-entropy."""
    parameters = {
        "W1": np.array([[0.2, 0.3], [0.4, 0.7]]),
        "b1": np.array([0.1, 0.2]),
        "W2": np.array([[0.5, 0.6]]),
        "b2": np.array([0.3]),
    }
    layers = [LayerActivation.of("sigmoid")] * 2
    return Network((2, 2, 1), layers, "bce", optimizer, parameters)


def notes_data():
    """Seed 003's one sample: x = (0.5, 0.8), y = 1."""
    return Dataset([[0.5, 0.8]], [[1.0]])


def random_network(sizes, names, loss, rng, optimizer=SGD, batch_size=1):
    """Random weights AND biases (so every gradient is exercised) and non-default alphas."""
    layers = [LayerActivation.of(name, ALPHAS.get(name)) for name in names]
    parameters = {}
    for layer in range(1, len(sizes)):
        parameters[f"W{layer}"] = rng.normal(0.0, 0.8, (sizes[layer], sizes[layer - 1]))
        parameters[f"b{layer}"] = rng.normal(0.0, 0.3, sizes[layer])
    parameters = with_prelu_alphas(parameters, layers)
    return Network(sizes, layers, loss, optimizer, parameters, batch_size)

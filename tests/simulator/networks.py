"""Networks the engine tests share: the notes' 2-2-1 example (as a Network and as a preset's
JSON) and seeded random networks."""

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


def notes_preset_dict() -> dict:
    """A small valid preset (the notes' 2-2-1 network) to break one field at a time."""
    return {
        "format": 1,
        "name": "two-two-one",
        "layers": [2, 2, 1],
        "activations": ["sigmoid", "sigmoid"],
        "weights": [[[0.2, 0.3], [0.4, 0.7]], [[0.5, 0.6]]],
        "biases": [[0.1, 0.2], [0.3]],
        "loss": "bce",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": {"inputs": [[0.5, 0.8]], "targets": [[1.0]]},
        "hand_worked": [{"key": "z[1,1]", "value": 0.44, "label": "Z1"}],
    }

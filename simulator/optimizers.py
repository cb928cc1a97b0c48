"""Optimizers in order of increasing complexity, each written as the notes write it.

`update(param, grad, state)` is pure: it returns the new parameter and the new state (a dict of
arrays shaped like the parameter) and never changes its arguments. `recipe` says how the trace
spells one element's update out as micro-steps, using the same numbers `update` produced.
"""

from dataclasses import dataclass, field

import numpy as np

from simulator.keys import gradient_key, state_key

STATE_NAMES = {"sgd": (), "momentum": ("v",), "rmsprop": ("s",), "adam": ("m", "v")}
OPTIMIZERS = tuple(STATE_NAMES)  # in order of increasing complexity

# What a recipe reads, with '{key}' standing for the parameter's key: its gradient and states.
_READ = {"grad": gradient_key("{key}"), **{s: state_key(s, "{key}") for s in ("m", "s", "v")}}


@dataclass(frozen=True)
class ElementRecipe:
    """How one optimizer micro-step is written for any parameter element.

    `reads` may hold '{key}' (the parameter's key, e.g. 'W[2,1,1]'); `operands` are numbers or
    names of the element's values: 'old', 'grad', 'new', and each state before ('v_old') and
    after ('v') the step.
    """

    kind: str  # 'new' for the parameter's new value, else the state's name ('v', 's', 'm')
    template: str  # positional {0}, {1}, ... over reads / operands
    reads: tuple
    operands: tuple
    explanation: str


@dataclass(frozen=True)
class Optimizer:
    """Hyperparameters of one optimizer; the update rules live in the methods below."""

    name: str = "sgd"
    learning_rate: float = 0.1
    beta: float = 0.9  # momentum and rmsprop
    beta1: float = 0.9  # adam
    beta2: float = 0.999  # adam
    eps: float = 1e-8
    state_names: tuple[str, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        if self.name not in STATE_NAMES:
            choices = ", ".join(OPTIMIZERS)
            raise KeyError(f"unknown optimizer '{self.name}', expected one of {choices}")
        object.__setattr__(self, "state_names", STATE_NAMES[self.name])

    def initial_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        """Zeroed state for one parameter array (velocities and squared averages start at 0)."""
        return {name: np.zeros_like(param) for name in self.state_names}

    def update(self, param, grad, state, t: int):
        """New (param, state) after one step; t is the 1-based step count (adam's correction)."""
        eta = self.learning_rate
        if self.name == "sgd":
            return param - eta * grad, {}
        if self.name == "momentum":
            # Exponentially weighted average of gradients: v = beta*v + (1-beta)*g.
            v = self.beta * state["v"] + (1.0 - self.beta) * grad
            return param - eta * v, {"v": v}
        if self.name == "rmsprop":
            s = self.beta * state["s"] + (1.0 - self.beta) * grad * grad
            return param - eta * grad / (np.sqrt(s) + self.eps), {"s": s}
        m = self.beta1 * state["m"] + (1.0 - self.beta1) * grad
        v = self.beta2 * state["v"] + (1.0 - self.beta2) * grad * grad
        # Bias correction undoes the pull towards the zero start in the first steps.
        m_hat = m / (1.0 - self.beta1**t)
        v_hat = v / (1.0 - self.beta2**t)
        return param - eta * m_hat / (np.sqrt(v_hat) + self.eps), {"m": m, "v": v}

    def recipe(self, t: int) -> tuple:
        """The micro-steps that turn an element's old value into its new one, as the notes
        write them; t is the 1-based step count (adam's bias correction)."""
        eta = self.learning_rate
        if self.name == "sgd":
            return (
                ElementRecipe(
                    "new",
                    "{0} - {1}*{2}",
                    ("{key}", "eta", _READ["grad"]),
                    ("old", eta, "grad"),
                    "Gradient descent: step against the gradient, scaled by the learning rate.",
                ),
            )
        if self.name == "momentum":
            return (
                _average("v", "beta", self.beta, squared=False),
                ElementRecipe(
                    "new",
                    "{0} - {1}*{2}",
                    ("{key}", "eta", _READ["v"]),
                    ("old", eta, "v"),
                    "Momentum: step along the averaged gradient instead of the raw one.",
                ),
            )
        if self.name == "rmsprop":
            return (
                _average("s", "beta", self.beta, squared=True),
                ElementRecipe(
                    "new",
                    "{0} - {1}*{2}/(sqrt({3}) + {4})",
                    ("{key}", "eta", _READ["grad"], _READ["s"], "eps"),
                    ("old", eta, "grad", "s", self.eps),
                    "RMSprop: divide the step by the root of the averaged squared gradient.",
                ),
            )
        return (
            _average("m", "beta1", self.beta1, squared=False),
            _average("v", "beta2", self.beta2, squared=True),
            ElementRecipe(
                "new",
                "{0} - {1}*({2}/(1-{4}^{6}))/(sqrt({3}/(1-{5}^{6})) + {7})",
                ("{key}", "eta", _READ["m"], _READ["v"], "beta1", "beta2", "t", "eps"),
                ("old", eta, "m", "v", self.beta1, self.beta2, float(t), self.eps),
                "Adam: bias-corrected average gradient over the root of the bias-corrected "
                "average squared gradient.",
            ),
        )

    def to_dict(self) -> dict:
        """The preset form: only the hyperparameters this optimizer uses."""
        used = {
            "sgd": (),
            "momentum": ("beta",),
            "rmsprop": ("beta", "eps"),
            "adam": ("beta1", "beta2", "eps"),
        }[self.name]
        return {
            "name": self.name,
            "learning_rate": self.learning_rate,
            **{name: getattr(self, name) for name in used},
        }


def _average(kind, name, beta, squared) -> ElementRecipe:
    """An exponentially weighted average: kind = beta*kind + (1-beta)*g (or g^2).

    `name` is how the decay rate is called: 'beta' for momentum and rmsprop, 'beta1' or 'beta2'
    for adam.
    """
    power = "^2" if squared else ""
    what = "squared gradient" if squared else "gradient"
    return ElementRecipe(
        kind,
        f"{{0}}*{{1}} + (1-{{0}})*{{2}}{power}",
        (name, _READ[kind], _READ["grad"]),
        (beta, f"{kind}_old", "grad"),
        f"Exponentially weighted average of the {what} ({name} = {beta:g}).",
    )

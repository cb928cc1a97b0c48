"""Optimizers in order of increasing complexity, each written as the notes write it.

`step(param, grad, state, t)` is each optimizer's maths, written once: it moves the parameter and
its state (a dict of arrays shaped like the parameter) in place, as training does on one flat
vector. `update` is the pure form the trace uses: it steps copies and returns them. `recipe` says
how the trace spells one element's update out as micro-steps, using the numbers `update` produced.
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
        """New (param, state) after one step; t is the 1-based step count (adam's correction).

        Pure: `step` moves copies, so the arguments are left as they were.
        """
        param = np.array(param, dtype=float)
        state = {name: np.array(value, dtype=float) for name, value in state.items()}
        self.step(param, grad, state, t)
        return param, state

    def step(self, param, grad, state, t: int, scratch=None) -> None:
        """Move `param` and its `state` one step, in place (training does this on one flat vector).

        `scratch` is two arrays shaped like param for the intermediates, allocated when None.
        Each line keeps the notes' order of operations, so the numbers equal the textbook form.
        """
        step, spare = scratch if scratch is not None else (np.empty_like(param), None)
        eta = self.learning_rate
        if self.name == "sgd":  # w - eta*g
            param -= np.multiply(grad, eta, out=step)
            return
        if self.name == "momentum":
            # Exponentially weighted average of gradients: v = beta*v + (1-beta)*g; w - eta*v.
            _average(state["v"], self.beta, grad, step)
            param -= np.multiply(state["v"], eta, out=step)
            return
        spare = np.empty_like(param) if spare is None else spare
        if self.name == "rmsprop":  # s = beta*s + (1-beta)*g^2; w - eta*g/(sqrt(s) + eps)
            _average(state["s"], self.beta, grad, step, squared=True)
            np.multiply(grad, eta, out=step)
            step /= np.add(np.sqrt(state["s"], out=spare), self.eps, out=spare)
            param -= step
            return
        _average(state["m"], self.beta1, grad, step)
        _average(state["v"], self.beta2, grad, step, squared=True)
        # Bias correction undoes the pull towards the zero start in the first steps:
        # w - eta*m_hat/(sqrt(v_hat) + eps) with m_hat = m/(1-beta1^t), v_hat = v/(1-beta2^t).
        np.divide(state["m"], 1.0 - self.beta1**t, out=step)
        step *= eta
        np.divide(state["v"], 1.0 - self.beta2**t, out=spare)
        step /= np.add(np.sqrt(spare, out=spare), self.eps, out=spare)
        param -= step

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
                _average_recipe("v", "beta", self.beta, squared=False),
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
                _average_recipe("s", "beta", self.beta, squared=True),
                ElementRecipe(
                    "new",
                    "{0} - {1}*{2}/(sqrt({3}) + {4})",
                    ("{key}", "eta", _READ["grad"], _READ["s"], "eps"),
                    ("old", eta, "grad", "s", self.eps),
                    "RMSprop: divide the step by the root of the averaged squared gradient.",
                ),
            )
        return (
            _average_recipe("m", "beta1", self.beta1, squared=False),
            _average_recipe("v", "beta2", self.beta2, squared=True),
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


def _average(average, beta, grad, spare, squared=False) -> None:
    """average = beta*average + (1-beta)*g (or g^2), in place; `spare` holds the new term."""
    average *= beta
    term = np.multiply(grad, 1.0 - beta, out=spare)
    if squared:
        term *= grad
    average += term


def _average_recipe(kind, name, beta, squared) -> ElementRecipe:
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

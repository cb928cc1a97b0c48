"""The micro-step trace of one training iteration, in DESIGN.md's order, with 1-based keys.

Each Step holds its value, the keys it reads and their values, and a template, so the formula
can be written with the numbers substituted at any precision. The numbers come from the same
`Network.forward`, `backward` and `updated` calls that training uses; nothing is recomputed here.
"""

from dataclasses import replace
from functools import cached_property, partial
from typing import NamedTuple

import numpy as np

from simulator.activations import get_activation
from simulator.keys import (
    LOSS_KEY,
    MEAN_WRAP,
    alpha_key,
    bias_key,
    gradient_key,
    mean_key,
    neuron_key,
    state_key,
    target_key,
    weight_key,
)
from simulator.losses import get_loss
from simulator.notation import DEFAULT_DIGITS, format_number, format_operand
from simulator.step_list import StepList

PHASES = ("forward", "loss", "backward", "update")
WEIGHT_GRADIENT_WHY = "dz/dW is the input the weight multiplies, so dL/dW = dL/dz times it."
MEAN_WHY = "Mean over the batch: the update steps along the gradient averaged over the samples."


class Step(NamedTuple):
    """One micro-step: a single number, how it is computed, and what it reads."""

    index: int  # 1-based position in the iteration
    phase: str  # one of PHASES
    kind: str  # 'z', 'a', 'loss', 'dL/da', 'dL/dz', 'dL/dW', 'dL/db', 'mean', 'W', 'b', ...
    key: str  # e.g. 'z[1,2]'
    value: float
    template: str  # positional {0}, {1}, ... over reads / operands
    reads: tuple  # keys (or names such as 'eta') the value is computed from
    operands: tuple  # their values, aligned with reads
    explanation: str
    sample: int | None = None  # 1-based position in the mini-batch; None for batch steps
    layer: int | None = None
    neuron: int | None = None
    source: int | None = None  # for weights: the neuron of layer-1 the weight comes from
    row: int | None = None  # 1-based data row of the sample; None for batch steps (mean, update)

    @property
    def symbolic(self) -> str:
        """The formula in symbols, e.g. 'z[1,1] = W[1,1,1]*a[0,1] + ... + b[1,1]'."""
        return f"{self.key} = {self.template.format(*self.reads)}"

    def substituted(self, digits: int = DEFAULT_DIGITS) -> str:
        """The right-hand side with numbers in, e.g. '0.2*0.5 + 0.3*0.8 + 0.1'."""
        return self.template.format(*(format_operand(x, digits) for x in self.operands))

    def formula(self, digits: int = DEFAULT_DIGITS) -> str:
        """The whole line, e.g. 'z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44'."""
        return f"{self.key} = {self.substituted(digits)} = {format_number(self.value, digits)}"

    def to_dict(self, digits: int = DEFAULT_DIGITS, names=None) -> dict:
        """The JSON form of `backprop-sim trace --json`: full float64 value, rounded formula,
        and the notes' `name` for the key where `names` (simulator.names.Names) gives one."""
        return {
            "index": self.index,
            "phase": self.phase,
            "kind": self.kind,
            "key": self.key,
            "name": names.of(self.key) if names else None,
            "value": self.value,
            "formula": self.formula(digits),
            "sample": self.sample,
            "row": self.row,
            "reads": list(self.reads),
            "explanation": self.explanation,
        }


class Trace:
    """All micro-steps of one iteration plus what is needed to commit its update."""

    def __init__(self, steps, parameters, batch, update):
        self.steps = steps  # a StepList: long runs are built only when read
        self.parameters = parameters  # key -> value before the update, e.g. 'W[1,1,1]' -> 0.2
        self.inputs, self.targets, self.rows = batch
        self.new_parameters, self.new_state = update

    def __repr__(self) -> str:
        return f"Trace({len(self.steps)} steps, rows {list(self.rows)})"

    def __len__(self) -> int:
        return len(self.steps)

    @cached_property
    def positions(self) -> dict:
        """key -> the 1-based indices of the steps that compute it (several in a batch)."""
        index: dict = {}
        for number, key in enumerate(self.steps.keys(), start=1):
            index.setdefault(key, []).append(number)
        return index

    def latest(self, key: str, position: int):
        """The last step at or before `position` that computed `key`, or None."""
        found = None
        for index in self.positions.get(key, ()):
            if index > position:
                break
            found = self.steps[index - 1]
        return found

    def find(self, key: str, sample: int | None = None):
        """The first step computing `key` (for that sample, when given), or None."""
        for index in self.positions.get(key, ()):
            step = self.steps[index - 1]
            if sample is None or step.sample in (sample, None):
                return step
        return None

    @property
    def loss(self) -> float:
        """Mean loss over the batch, before the update."""
        return float(np.mean([self.steps[i - 1].value for i in self.positions.get(LOSS_KEY, ())]))


def build_trace(network, inputs: np.ndarray, targets: np.ndarray, rows=None) -> Trace:
    """Run one iteration of `network` on a batch (inputs: (batch, n_0)) and record every step."""
    forward = network.forward(inputs)
    backward = network.backward(forward, targets)
    new_parameters, new_state = network.updated(backward.gradients)
    rows = tuple(range(inputs.shape[0])) if rows is None else tuple(int(r) for r in rows)
    builder = _Builder(network, targets)
    for sample in range(inputs.shape[0]):
        number = sample + 1 if inputs.shape[0] > 1 else None
        builder.row = rows[sample] + 1
        builder.forward_steps(forward, sample, number)
        builder.loss_step(forward, targets, backward, sample, number)
        builder.backward_steps(forward, backward, sample, number)
    builder.row = None  # the rest belongs to the whole batch
    if inputs.shape[0] > 1:
        builder.mean_gradient_steps(backward)
    builder.update_steps(backward.gradients, new_parameters, new_state)
    return Trace(
        builder.steps,
        network.parameter_values(),
        (inputs, targets, rows),
        (new_parameters, new_state),
    )


def _named(template: str, names: dict) -> tuple:
    """Turn '{a}*(1-{a})' with names {'a': (key, value)} into ('{0}*(1-{0})', reads, operands)."""
    reads, operands, positional = [], [], {}
    for name, (key, value) in names.items():
        if "{" + name + "}" in template:
            positional[name] = "{" + str(len(reads)) + "}"
            reads.append(key)
            operands.append(value)
    return template.format(**positional), tuple(reads), tuple(operands)


class _Builder:
    """Appends steps in DESIGN.md's order; one method per phase."""

    def __init__(self, network, targets):
        self.network = network
        self.targets = targets
        self.steps = StepList()
        self.row = None  # 1-based data row of the sample whose steps are being added
        layers = range(1, network.depth + 1)
        self.weights = {layer: network.weight(layer).tolist() for layer in layers}
        self.biases = {layer: network.bias(layer).tolist() for layer in layers}

    def add(
        self,
        phase,
        kind,
        key,
        value,
        template,
        reads,
        operands,
        explanation,
        sample=None,
        layer=None,
        neuron=None,
        source=None,
    ):
        self.steps.append(
            Step(
                len(self.steps) + 1,
                phase,
                kind,
                key,
                float(value),
                template,
                tuple(reads),
                tuple(operands),
                explanation,
                sample,
                layer,
                neuron,
                source,
                self.row,
            )
        )

    def forward_steps(self, forward, sample, number):
        """z then a for every neuron, layer by layer.

        A softmax neuron's a reads every z of its layer, so a softmax layer shows all its z first.
        """
        for layer in range(1, self.network.depth + 1):
            a_prev = forward.activations[layer - 1][sample].tolist()
            z_row = forward.weighted_sums[layer - 1][sample].tolist()
            a_row = forward.activations[layer][sample].tolist()
            activation = get_activation(self.network.activations[layer - 1].name)
            alpha = self.network.alpha(layer)
            neurons = range(1, len(z_row) + 1)
            if activation.name == "softmax":
                for j in neurons:
                    self._z_step(layer, j, a_prev, z_row[j - 1], number)
            for j in neurons:
                if activation.name != "softmax":
                    self._z_step(layer, j, a_prev, z_row[j - 1], number)
                self._a_step(layer, j, activation, alpha, z_row, a_row, number)

    def _z_step(self, layer, j, a_prev, z, number):
        weights = self.weights[layer][j - 1]
        reads, operands = [], []
        for i, (w, a) in enumerate(zip(weights, a_prev), start=1):
            reads += [weight_key(layer, j, i), neuron_key("a", layer - 1, i)]
            operands += [w, a]
        terms = " + ".join(f"{{{2 * k}}}*{{{2 * k + 1}}}" for k in range(len(weights)))
        reads.append(bias_key(layer, j))
        operands.append(self.biases[layer][j - 1])
        self.add(
            "forward",
            "z",
            neuron_key("z", layer, j),
            z,
            f"{terms} + {{{len(reads) - 1}}}",
            reads,
            operands,
            f"Weighted sum of neuron {j} in layer {layer}: each input times its weight, "
            "plus the bias.",
            sample=number,
            layer=layer,
            neuron=j,
        )

    def _a_step(self, layer, j, activation, alpha, z_row, a_row, number):
        z_key = neuron_key("z", layer, j)
        if activation.name == "softmax":
            exps = " + ".join(f"e^{{{k}}}" for k in range(1, len(z_row) + 1))
            template = f"e^{{0}}/({exps})"
            reads = (z_key, *(neuron_key("z", layer, k) for k in range(1, len(z_row) + 1)))
            operands = (z_row[j - 1], *z_row)
        else:
            names = {"z": (z_key, z_row[j - 1]), "alpha": (alpha_key(layer), alpha)}
            template, reads, operands = _named(activation.formula, names)
        self.add(
            "forward",
            "a",
            neuron_key("a", layer, j),
            a_row[j - 1],
            template,
            reads,
            operands,
            f"Activation of neuron {j} in layer {layer}: {activation.name} of its weighted sum.",
            sample=number,
            layer=layer,
            neuron=j,
        )

    def loss_step(self, forward, targets, backward, sample, number):
        """The loss of this sample over the output units."""
        loss = get_loss(self.network.loss)
        depth = self.network.depth
        outputs = forward.activations[-1][sample].tolist()
        wanted = targets[sample].tolist()
        terms, reads, operands = [], [], []
        for j, (a, y) in enumerate(zip(outputs, wanted), start=1):
            names = {"y": (target_key(j), y), "a": (neuron_key("a", depth, j), a)}
            template, term_reads, term_operands = _named(loss.term, names)
            offset = len(reads)
            terms.append(template.format(*(f"{{{offset + k}}}" for k in range(len(term_reads)))))
            reads += term_reads
            operands += term_operands
        template = " + ".join(terms)
        if loss.averaged and len(outputs) > 1:
            template = f"({template})/{len(outputs)}"
        self.add(
            "loss",
            "loss",
            LOSS_KEY,
            backward.losses[sample],
            template,
            reads,
            operands,
            f"Loss ({loss.name}): how far the output is from the target.",
            sample=number,
        )

    def backward_steps(self, forward, backward, sample, number):
        """From the output layer down: all dL/da, all dL/dz, then each neuron's dL/dW, dL/db."""
        for layer in range(self.network.depth, 0, -1):
            grad_a = backward.grad_activations[layer - 1][sample].tolist()
            grad_z = backward.grad_weighted_sums[layer - 1][sample].tolist()
            for j in range(1, len(grad_a) + 1):
                self._grad_a_step(layer, j, grad_a, forward, backward, sample, number)
            for j in range(1, len(grad_a) + 1):
                self._grad_z_step(layer, j, grad_a, grad_z, forward, sample, number)
            if layer in backward.grad_alphas:
                self._grad_alpha_step(layer, grad_a, forward, backward, sample, number)
            a_prev = forward.activations[layer - 1][sample].tolist()
            for j in range(1, len(grad_z) + 1):
                self._parameter_gradient_steps(layer, j, grad_z[j - 1], a_prev, number)

    def _grad_a_step(self, layer, j, grad_a, forward, backward, sample, number):
        key = neuron_key("dL/da", layer, j)
        if layer == self.network.depth:
            loss = get_loss(self.network.loss)
            a = float(forward.activations[-1][sample][j - 1])
            y = float(self.targets[sample][j - 1])
            names = {"y": (target_key(j), y), "a": (neuron_key("a", layer, j), a)}
            template, reads, operands = _named(loss.gradient_term, names)
            n = len(grad_a)
            if loss.averaged and n > 1:
                template = f"{template}/{n}"
            explanation = "How the loss changes with this output: the derivative of the loss."
        else:
            grad_z_next = backward.grad_weighted_sums[layer][sample].tolist()
            column = [row[j - 1] for row in self.weights[layer + 1]]
            reads, operands = [], []
            for k, (g, w) in enumerate(zip(grad_z_next, column), start=1):
                reads += [neuron_key("dL/dz", layer + 1, k), weight_key(layer + 1, k, j)]
                operands += [g, w]
            template = " + ".join(f"{{{2 * k}}}*{{{2 * k + 1}}}" for k in range(len(column)))
            explanation = (
                "Chain rule back through the weights: every path from this neuron to "
                "the next layer adds its dL/dz times the weight."
            )
        self.add(
            "backward",
            "dL/da",
            key,
            grad_a[j - 1],
            template,
            reads,
            operands,
            explanation,
            sample=number,
            layer=layer,
            neuron=j,
        )

    def _grad_z_step(self, layer, j, grad_a, grad_z, forward, sample, number):
        activation = get_activation(self.network.activations[layer - 1].name)
        a_row = forward.activations[layer][sample].tolist()
        if activation.name == "softmax":
            reads = [neuron_key("a", layer, j), neuron_key("dL/da", layer, j)]
            operands = [a_row[j - 1], grad_a[j - 1]]
            for k, (a, g) in enumerate(zip(a_row, grad_a), start=1):
                reads += [neuron_key("a", layer, k), neuron_key("dL/da", layer, k)]
                operands += [a, g]
            pairs = " + ".join(f"{{{2 + 2 * k}}}*{{{3 + 2 * k}}}" for k in range(len(a_row)))
            template = f"{{0}}*({{1}} - ({pairs}))"
            explanation = (
                "Softmax couples its outputs: dL/dz_j = a_j (dL/da_j - sum_k a_k dL/da_k)."
            )
        else:
            z = float(forward.weighted_sums[layer - 1][sample][j - 1])
            names = {
                "g": (neuron_key("dL/da", layer, j), grad_a[j - 1]),
                "z": (neuron_key("z", layer, j), z),
                "a": (neuron_key("a", layer, j), a_row[j - 1]),
                "alpha": (alpha_key(layer), self.network.alpha(layer)),
            }
            template, reads, operands = _named(f"{{g}} * ({activation.derivative_formula})", names)
            derivative = activation.derivative_formula.format(z="z", a="a", alpha="alpha")
            explanation = (
                f"Chain rule through the activation: dL/da times {activation.name}'"
                f"(z) = {derivative}."
            )
        self.add(
            "backward",
            "dL/dz",
            neuron_key("dL/dz", layer, j),
            grad_z[j - 1],
            template,
            reads,
            operands,
            explanation,
            sample=number,
            layer=layer,
            neuron=j,
        )

    def _grad_alpha_step(self, layer, grad_a, forward, backward, sample, number):
        z_row = forward.weighted_sums[layer - 1][sample].tolist()
        reads, operands = [], []
        for j, (g, z) in enumerate(zip(grad_a, z_row), start=1):
            reads += [neuron_key("dL/da", layer, j), neuron_key("z", layer, j)]
            operands += [g, z]
        template = " + ".join(f"{{{2 * k}}}*min(0, {{{2 * k + 1}}})" for k in range(len(z_row)))
        self.add(
            "backward",
            "dL/dalpha",
            alpha_key(layer, "dL/dalpha"),
            backward.grad_alphas[layer][sample],
            template,
            reads,
            operands,
            "PReLU learns alpha: it scales only negative weighted sums, so each neuron "
            "adds dL/da times min(0, z).",
            sample=number,
            layer=layer,
        )

    def _parameter_gradient_steps(self, layer, j, grad_z, a_prev, number):
        # Most steps of a big trace: a run, built only when read (see step_list).
        first = len(self.steps) + 1
        self.steps.extend_run(
            len(a_prev),
            partial(_weight_gradient_step, first, layer, j, grad_z, (a_prev, number, self.row)),
            partial(_weight_gradient_key, layer, j),
        )
        self.add(
            "backward",
            "dL/db",
            neuron_key("dL/db", layer, j),
            grad_z,
            "{0}*1",
            (neuron_key("dL/dz", layer, j),),
            (grad_z,),
            "dz/db is 1, so the bias gradient equals dL/dz.",
            sample=number,
            layer=layer,
            neuron=j,
        )

    def mean_gradient_steps(self, backward):
        """For a mini-batch: each parameter's gradient averaged over the samples, a step of its
        own (key 'mean(dL/dW[2,1,2])', kind 'mean', like the wrap) that the update then reads."""
        per_sample = {}
        for step in self.steps:
            if step.kind in ("dL/dW", "dL/db", "dL/dalpha"):
                per_sample.setdefault(step.key, []).append(step)
        for key, steps in per_sample.items():
            first = steps[0]
            terms = " + ".join(f"{{{k}}}" for k in range(len(steps)))
            self.add(
                "update",
                MEAN_WRAP,
                mean_key(key),
                _gradient_value(backward, first),
                f"({terms})/{len(steps)}",
                tuple(f"{key} (sample {s.sample})" for s in steps),
                tuple(s.value for s in steps),
                MEAN_WHY,
                layer=first.layer,
                neuron=first.neuron,
                source=first.source,
            )

    def update_steps(self, gradients, new_parameters, new_state):
        """Every parameter's new value, output layer first, as the notes update them."""
        network = self.network
        recipe = network.optimizer.recipe(network.step_count + 1)
        if len(self.targets) > 1:  # a mini-batch steps along the mean of its gradients
            recipe = tuple(replace(part, reads=_mean_reads(part.reads)) for part in recipe)
        values = {
            name: self._element_values(name, gradients, new_parameters, new_state)
            for name in network.parameters
        }
        for layer in range(network.depth, 0, -1):
            weights, biases = values[f"W{layer}"], values[f"b{layer}"]
            fan_in = network.sizes[layer - 1]
            for j in range(1, network.sizes[layer] + 1):
                # each weight into neuron j, then its bias: a run built only when read
                neuron = (recipe, layer, j, fan_in)
                self.steps.extend_run(
                    (fan_in + 1) * len(recipe),
                    partial(_update_step, len(self.steps) + 1, neuron, weights, biases),
                    partial(_update_key, neuron),
                )
            if f"alpha{layer}" in values:
                alphas = values[f"alpha{layer}"]
                for part in recipe:
                    where = (layer, None, None)
                    self.steps.append(
                        _update_part(
                            len(self.steps) + 1, part, "alpha", alpha_key(layer), alphas, 0, where
                        )
                    )

    def _element_values(self, name, gradients, new_parameters, new_state) -> dict:
        """One parameter's numbers as flat lists: 'old', 'grad', 'new', 'v_old', 'v', ..."""
        values = {
            "old": self.network.parameters[name].ravel().tolist(),
            "grad": gradients[name].ravel().tolist(),
            "new": new_parameters[name].ravel().tolist(),
        }
        for state, array in self.network.optimizer_state[name].items():
            values[f"{state}_old"] = array.ravel().tolist()
        for state, array in new_state[name].items():
            values[state] = array.ravel().tolist()
        return values


def _weight_gradient_step(first, layer, j, grad_z, sample, k) -> Step:
    """Step `first + k`: dL/dW[layer,j,k+1] = dL/dz[layer,j] * a[layer-1,k+1]; `sample` is
    (a_prev, number in the batch, data row)."""
    a_prev, number, row = sample
    a, i = a_prev[k], k + 1
    return Step(
        first + k,
        "backward",
        "dL/dW",
        weight_key(layer, j, i, "dL/dW"),
        grad_z * a,
        "{0}*{1}",
        (neuron_key("dL/dz", layer, j), neuron_key("a", layer - 1, i)),
        (grad_z, a),
        WEIGHT_GRADIENT_WHY,
        number,
        layer,
        j,
        i,
        row,
    )


def _weight_gradient_key(layer, j, k) -> str:
    return weight_key(layer, j, k + 1, "dL/dW")


def _update_target(neuron, k) -> tuple:
    """Which element and optimizer part step k of a neuron's update run is: the weights from
    each input in turn, then the bias, each spelled out by every part of the recipe."""
    recipe, layer, j, fan_in = neuron
    element, part = divmod(k, len(recipe))
    if element < fan_in:
        return recipe[part], "W", weight_key(layer, j, element + 1), element, element + 1
    return recipe[part], "b", bias_key(layer, j), None, None


def _update_step(first, neuron, weights, biases, k) -> Step:
    part, kind, key, element, source = _update_target(neuron, k)
    _, layer, j, fan_in = neuron
    if kind == "W":
        return _update_part(
            first + k, part, kind, key, weights, (j - 1) * fan_in + element, (layer, j, source)
        )
    return _update_part(first + k, part, kind, key, biases, j - 1, (layer, j, None))


def _update_key(neuron, k) -> str:
    part, _, key, _, _ = _update_target(neuron, k)
    return key if part.kind == "new" else state_key(part.kind, key)


def _update_part(number, part, kind, key, values, index, where) -> Step:
    """One optimizer micro-step (a recipe part) for element `index` of one parameter."""
    layer, neuron, source = where
    new = part.kind == "new"
    return Step(
        number,
        "update",
        kind if new else part.kind,
        key if new else state_key(part.kind, key),
        values["new" if new else part.kind][index],
        part.template,
        tuple(r.replace("{key}", key) for r in part.reads),
        tuple(values[o][index] if isinstance(o, str) else o for o in part.operands),
        part.explanation,
        None,
        layer,
        neuron,
        source,
    )


def _mean_reads(reads: tuple) -> tuple:
    """An update's reads with the parameter's gradient replaced by its batch mean."""
    gradient = gradient_key("{key}")
    return tuple(mean_key(read) if read == gradient else read for read in reads)


def _gradient_value(backward, step) -> float:
    """The batch-mean gradient that the update uses, for one dL/dW, dL/db or dL/dalpha step."""
    if step.kind == "dL/dalpha":
        return float(backward.gradients[f"alpha{step.layer}"])
    if step.kind == "dL/db":
        return float(backward.gradients[f"b{step.layer}"][step.neuron - 1])
    return float(backward.gradients[f"W{step.layer}"][step.neuron - 1, step.source - 1])

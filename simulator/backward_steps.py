"""The backward steps of one sample, from the output layer down: all dL/da, all dL/dz, then
each neuron's dL/dW (a run built only when read) and dL/db."""

from functools import partial

from simulator.activations import get_activation
from simulator.keys import alpha_key, neuron_key, neuron_keys, target_key, weight_key, weight_keys
from simulator.losses import get_loss
from simulator.step import Step, named, products

WEIGHT_GRADIENT_WHY = "dz/dW is the input the weight multiplies, so dL/dW = dL/dz times it."


class BackwardSteps:
    """For the trace's recorder (simulator.step.Recorder): its network, targets and weights."""

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
        if layer == self.network.depth:
            loss = get_loss(self.network.loss)
            a = float(forward.activations[-1][sample][j - 1])
            y = float(self.targets[sample][j - 1])
            names = {"y": (target_key(j), y), "a": (neuron_key("a", layer, j), a)}
            template, reads, operands = named(loss.gradient_term, names)
            n = len(grad_a)
            if loss.averaged and n > 1:
                template = f"{template}/{n}"
            explanation = "How the loss changes with this output: the derivative of the loss."
        else:
            grad_z_next = backward.grad_weighted_sums[layer][sample].tolist()
            column = [row[j - 1] for row in self.weights[layer + 1]]
            gradients = neuron_keys("dL/dz", layer + 1, len(column))
            weights = (weight_key(layer + 1, k, j) for k in range(1, len(column) + 1))
            reads = [key for pair in zip(gradients, weights) for key in pair]
            operands = [value for pair in zip(grad_z_next, column) for value in pair]
            template = products(len(column))
            explanation = (
                "Chain rule back through the weights: every path from this neuron to "
                "the next layer adds its dL/dz times the weight."
            )
        self._neuron_step(
            "dL/da", (layer, j), grad_a[j - 1], (template, reads, operands), explanation, number
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
            template, reads, operands = named(f"{{g}} * ({activation.derivative_formula})", names)
            derivative = activation.derivative_formula.format(z="z", a="a", alpha="alpha")
            explanation = (
                f"Chain rule through the activation: dL/da times {activation.name}'"
                f"(z) = {derivative}."
            )
        self._neuron_step(
            "dL/dz", (layer, j), grad_z[j - 1], (template, reads, operands), explanation, number
        )

    def _neuron_step(self, kind, neuron, value, formula, explanation, number):
        """A backward step of one neuron: `kind` ('dL/da', 'dL/dz') at (layer, j), its value
        and formula (template, reads, operands)."""
        layer, j = neuron
        key = neuron_key(kind, layer, j)
        self.add("backward", kind, key, value, *formula, explanation, number, layer, j)

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
            partial(weight_keys, layer, j, len(a_prev), "dL/dW"),
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

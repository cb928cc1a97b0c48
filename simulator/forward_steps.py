"""The forward and loss steps of one sample: z then a for every neuron, then its loss."""

from simulator.activations import get_activation
from simulator.keys import (
    LOSS_KEY,
    alpha_key,
    bias_key,
    neuron_key,
    neuron_keys,
    target_key,
    weight_keys,
)
from simulator.losses import get_loss
from simulator.step import named, products


class ForwardSteps:
    """For the trace's recorder (simulator.step.Recorder): its network, weights and biases."""

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
        inputs = zip(weight_keys(layer, j, len(weights)), neuron_keys("a", layer - 1, len(a_prev)))
        reads = [key for pair in inputs for key in pair]
        operands = [value for pair in zip(weights, a_prev) for value in pair]
        reads.append(bias_key(layer, j))
        operands.append(self.biases[layer][j - 1])
        self.add(
            "forward",
            "z",
            neuron_key("z", layer, j),
            z,
            f"{products(len(weights))} + {{{len(reads) - 1}}}",
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
            template, reads, operands = named(activation.formula, names)
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
            template, term_reads, term_operands = named(loss.term, names)
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

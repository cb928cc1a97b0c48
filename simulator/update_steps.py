"""The batch's own steps: for a mini-batch each gradient's mean over the samples, then every
parameter's update as its optimizer spells it (a run per neuron, built only when read)."""

from dataclasses import replace
from functools import partial

from simulator.keys import (
    MEAN_WRAP,
    alpha_key,
    bias_key,
    gradient_key,
    mean_key,
    state_key,
    weight_key,
    weight_keys,
)
from simulator.step import Step

MEAN_WHY = "Mean over the batch: the update steps along the gradient averaged over the samples."


class UpdateSteps:
    """For the trace's recorder (simulator.step.Recorder): its network, targets and steps."""

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
                    partial(_update_keys, neuron),
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


def _update_keys(neuron) -> list:
    """The keys of a neuron's update run in order, as _update_target spells step k's: each
    weight then the bias, each by every part of the recipe."""
    recipe, layer, j, fan_in = neuron
    elements = (*weight_keys(layer, j, fan_in), bias_key(layer, j))
    kinds = [part.kind for part in recipe]
    return [key if kind == "new" else state_key(kind, key) for key in elements for kind in kinds]


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

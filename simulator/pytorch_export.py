"""A PyTorch script that rebuilds a network and prints one iteration under the trace's keys.

The script is text written here (torch is never imported): the parameters, the batch, the
activations, the loss with the engine's averaging and clipping, and the optimizer with the
engine's formulas, using torch.optim only where its update is the same. It prints each number
as `key = value` (`key (sample k) = value` in a mini-batch), full float64, so a student can set
it beside `backprop-sim trace` and carry the lesson into real code.
"""

import textwrap

import numpy as np

from simulator.losses import EPSILON
from simulator.pytorch_code import (
    ACTIVATION_CODE,
    CLIP,
    LOSS_CODE,
    PARAMETER,
    PRINT_ITERATION,
    SHOW,
    TORCH_STATE,
)

WIDTH = 96  # the script's lines stay within this many characters


def pytorch_script(network, data, title: str, command: str = "") -> str:
    """The script for the network's next iteration on `data` (a Dataset), as Python source.

    `title` heads the docstring; `command` says how the script was made.
    """
    rows = network.batch_indices(len(data))
    uses_f = any(a.name in ("leaky_relu", "elu", "swish") for a in network.activations)
    parts = [
        _docstring(title, command),
        "import itertools\n\nimport torch"
        + ("\nimport torch.nn.functional as F" if uses_f else ""),
        "torch.set_default_dtype(torch.float64)  # the simulator computes in float64 too\n"
        f"EPS = {EPSILON!r}  # the simulator clips outputs this far from 0 and 1 for its logs",
        PARAMETER.strip(),
        SHOW.strip(),
        *([CLIP.strip()] if network.loss in ("bce", "cce") else []),
        _parameters_code(network),
        _forward_code(network),
        _data_code(data.inputs[rows], data.targets[rows], rows, len(data)),
        _optimizer_code(network),
        PRINT_ITERATION.format(loss=LOSS_CODE[network.loss], alpha=_alpha_code(network)).strip(),
        _update_code(network),
    ]
    text = parts[0]
    for before, part in zip(parts, parts[1:]):
        functions = before.startswith("def ") or part.startswith("def ")
        text += ("\n\n\n" if functions else "\n\n") + part  # two blank lines around a def
    return text + "\n"


def _docstring(title: str, command: str) -> str:
    """What the script is, how it was made and how to read its keys."""
    made = f"Written by `{command}`." if command else "Written by backprop-sim."
    about = (
        f"{made} It rebuilds the network, its batch, loss and optimizer and prints every "
        "number of the iteration under the keys of `backprop-sim trace`: z[l,j] and a[l,j] of "
        "neuron j in layer l, W[l,j,i] the weight from neuron i of layer l-1 to neuron j of "
        "layer l, all 1-based like the notes; (sample k) is the k-th row of the batch."
    )
    return f'"""{title}: one training iteration in PyTorch.\n\n{textwrap.fill(about, WIDTH)}\n"""'


def write_pytorch_script(path, network, data, title: str, command: str = "") -> None:
    """Write `pytorch_script` to `path` as UTF-8."""
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(pytorch_script(network, data, title, command))


def _parameters_code(network) -> str:
    """W{l}, b{l} (and alpha{l} for prelu) as parameters, then the dict the loops walk."""
    lines = [
        "# The parameters: W{l}[j-1, i-1] is W[l,j,i], the weight from neuron i of layer l-1 to",
        "# neuron j of layer l (what torch.nn.Linear stores as .weight); b{l}[j-1] is b[l,j].",
    ]
    keys = []
    for name, value in network.parameters.items():
        comment = "prelu's alpha, learned like a weight" if name.startswith("alpha") else ""
        lines.append(_assign(f"{name} = parameter(", value, comment=comment))
        keys.append(f"{_key_code(name)}: {name}")
    lines.append(f"parameters = {_wrapped_dict(keys)}")
    return "\n".join(lines)


def _forward_code(network) -> str:
    """forward(x): z{l} = a{l-1} @ W{l}.T + b{l}, then the layer's activation, layer by layer."""
    lines = [
        "def forward(x):",
        '    """Every layer\'s weighted sums z and activations a, one row per sample."""',
    ]
    for layer in range(1, network.depth + 1):
        before = "x" if layer == 1 else f"a{layer - 1}"
        activation = network.activations[layer - 1]
        alpha = f"alpha{layer}" if activation.name == "prelu" else repr(activation.alpha)
        code = ACTIVATION_CODE[activation.name].format(z=f"z{layer}", alpha=alpha)
        lines.append(f"    z{layer} = {before} @ W{layer}.T + b{layer}")
        lines.append(f"    a{layer} = {code}  # {activation.name}")
    numbers = range(1, network.depth + 1)
    zs, activations = (", ".join(f"{kind}{n}" for n in numbers) for kind in "za")
    lines.append(f"    return [{zs}], [{activations}]")
    return "\n".join(lines)


def _data_code(inputs, targets, rows, count: int) -> str:
    """The batch this iteration draws, written out, with the data rows it came from."""
    shown = ", ".join(str(int(row) + 1) for row in rows)
    where = f"row{'s' if len(rows) > 1 else ''} {shown} (1-based) of the {count} samples"
    about = textwrap.wrap(f"This iteration's batch: {where} of the preset's data.", WIDTH - 2)
    return "\n".join(
        [
            *(f"# {line}" for line in about),
            _assign("x = torch.tensor(", inputs, comment="a[0]: one row per sample"),
            _assign("y = torch.tensor(", targets, comment="the targets"),
        ]
    )


def _optimizer_code(network) -> str:
    """torch.optim where its update is the engine's; momentum written out by hand."""
    optimizer = network.optimizer
    eta = repr(optimizer.learning_rate)
    if optimizer.name == "sgd":
        code = f"optimizer = torch.optim.SGD(parameters.values(), lr={eta})  # w - eta * dL/dw"
    elif optimizer.name == "momentum":
        code = (
            "# Momentum as the simulator writes it: v = beta*v + (1-beta)*g, then w = w - eta*v.\n"
            f"# torch.optim.SGD(momentum={optimizer.beta!r}, dampening={optimizer.beta!r}) "
            "agrees except on its first\n# step, where it takes v = g; so the update is "
            "written out below.\n"
            f"eta, beta = {eta}, {optimizer.beta!r}\n"
            "velocity = {key: torch.zeros_like(p) for key, p in parameters.items()}"
        )
    elif optimizer.name == "rmsprop":
        code = (
            "# RMSprop: s = beta*s + (1-beta)*g^2, w = w - eta*g/(sqrt(s) + eps); torch calls "
            "beta alpha.\n"
            + _call(
                "optimizer = torch.optim.RMSprop",
                f"parameters.values(), lr={eta}, alpha={optimizer.beta!r}, eps={optimizer.eps!r}",
            )
        )
    else:
        betas = f"({optimizer.beta1!r}, {optimizer.beta2!r})"
        code = (
            "# Adam with bias correction, as the simulator: m_hat = m/(1-beta1^t), "
            "v_hat = v/(1-beta2^t).\n"
            + _call(
                "optimizer = torch.optim.Adam",
                f"parameters.values(), lr={eta}, betas={betas}, eps={optimizer.eps!r}",
            )
        )
    return code + _saved_state_code(network)


def _call(function: str, arguments: str) -> str:
    """A call on one line, or with its arguments on a line of their own when that is too long."""
    text = f"{function}({arguments})"
    return text if len(text) <= WIDTH else f"{function}(\n    {arguments}\n)"


def _saved_state_code(network) -> str:
    """A saved network's optimizer state and step count, given to the optimizer."""
    optimizer, state = network.optimizer, network.optimizer_state
    saved = any(np.any(array) for entry in state.values() for array in entry.values())
    if not optimizer.state_names or not (saved or network.step_count):
        return ""
    lines = [f"\n# The optimizer state saved with this network, after {network.step_count} steps."]
    for name in network.parameters:
        for kind in optimizer.state_names:
            if optimizer.name == "momentum":
                target = f"velocity[{_key_code(name)}]"
            else:
                target = f'optimizer.state[{name}]["{TORCH_STATE[optimizer.name][kind]}"]'
            lines.append(_assign(f"{target} = torch.tensor(", state[name][kind]))
        if optimizer.name != "momentum":
            lines.append(f'optimizer.state[{name}]["step"] = torch.tensor({network.step_count}.0)')
    return "\n".join(lines)


def _alpha_code(network) -> str:
    """For prelu layers in a batch: each sample's dL/dalpha = sum_j dL/da_j * min(0, z_j)."""
    layers = [n for n, a in enumerate(network.activations, start=1) if a.name == "prelu"]
    if not layers:
        return ""
    return (
        f"\n            if layer in {tuple(layers)!r}:  # prelu: alpha scales only z <= 0\n"
        "                share = grad_a[layer - 1][s] * zs[layer - 1][s].clamp(max=0)\n"
        '                show("dL/dalpha", share.sum(), layer, sample=sample)'
    )


def _update_code(network) -> str:
    """The step, then each parameter's running averages and new value, under the trace's keys."""
    optimizer = network.optimizer
    if optimizer.name == "momentum":
        lines = [
            "with torch.no_grad():",
            "    for key, p in parameters.items():",
            "        velocity[key] = beta * velocity[key] + (1 - beta) * p.grad",
            "        p -= eta * velocity[key]",
            "for (name, layer), p in parameters.items():",
            '    show(name, velocity[name, layer], layer, state="v")',
        ]
    else:
        lines = ["optimizer.step()", "for (name, layer), p in parameters.items():"]
    if optimizer.name in TORCH_STATE:
        names = ", ".join(
            f'"{ours}": "{theirs}"' for ours, theirs in TORCH_STATE[optimizer.name].items()
        )
        lines += [
            f"    for state, torch_name in {{{names}}}.items():",
            "        show(name, optimizer.state[p][torch_name], layer, state=state)",
        ]
    lines.append("    show(name, p, layer)  # the new value")
    return "\n".join(lines)


def _key_code(name: str) -> str:
    """'W2' -> '("W", 2)': a parameter's key in the script's `parameters` dict."""
    kind = name.rstrip("0123456789")
    return f'("{kind}", {name[len(kind) :]})'


def _assign(prefix: str, values, suffix: str = ")", comment: str = "") -> str:
    """`prefix` + the numbers as an exact (repr) literal + `suffix`: on one line when it fits,
    else the literal on lines of its own, a matrix row (wrapped when long) per line."""
    text = f"{prefix}{_inline(np.asarray(values, dtype=float))}{suffix}"
    comment = f"  # {comment}" if comment else ""
    if len(text) + len(comment) <= WIDTH:
        return text + comment
    return f"{prefix}{comment}\n" + "\n".join(_block(values, 4)) + f"\n{suffix.lstrip()}"


def _block(values, indent: int) -> list:
    """The lines of a literal that starts on a line of its own at `indent`."""
    array, pad = np.asarray(values, dtype=float), " " * indent
    text = _inline(array)
    if array.ndim == 0 or indent + len(text) + 1 <= WIDTH:
        return [pad + text + ("," if indent > 4 else "")]
    if array.ndim == 1:
        numbers = ", ".join(map(repr, array.tolist())) + ","
        inner = textwrap.wrap(numbers, WIDTH - indent - 4, break_on_hyphens=False)
        inner = [" " * (indent + 4) + line for line in inner]
    else:
        inner = [line for row in array for line in _block(row, indent + 4)]
    return [pad + "[", *inner, pad + ("]," if indent > 4 else "]")]


def _inline(array: np.ndarray) -> str:
    if array.ndim == 0:
        return repr(float(array))
    return "[" + ", ".join(_inline(item) for item in array) + "]"


def _wrapped_dict(items: list) -> str:
    """A dict literal from 'key: value' items, one per line when they do not fit on one."""
    text = "{" + ", ".join(items) + "}"
    if len(text) <= WIDTH - len("parameters = "):
        return text
    return "{\n" + "".join(f"    {item},\n" for item in items) + "}"

"""The data panel's sentences: the data in use, and the network fit the engine proposes for it."""

from simulator.notation import format_number


def summary(data, standardization) -> str:
    """'In use: iris, 150 samples, 4 inputs -> 3 classes (setosa, ...)', and the standardisation's
    numbers when the inputs are standardised."""
    n_in, n_out = data.inputs.shape[1], data.targets.shape[1]
    plural = "s" if len(data) != 1 else ""
    outputs = f"{n_out} target{'s' if n_out != 1 else ''}"
    if data.classes:
        outputs = f"{len(data.classes)} classes ({', '.join(data.classes)})"
    text = f"In use: {data.name}, {len(data)} sample{plural}, {n_in} inputs → {outputs}."
    if standardization is not None:
        mean = ", ".join(format_number(value, 3) for value in standardization.mean)
        std = ", ".join(format_number(value, 3) for value in standardization.std)
        text += f"\nStandardised with mean ({mean}) and std ({std})."
    return text


def fit_offer(workspace, data, spec) -> tuple[str, str]:
    """(a button's few words, a sentence) offering to fit the network to `data`, or ('', '')
    when even that is refused: the engine's proposal (Workspace.with_data_fitted)."""
    try:
        fitted = workspace.with_data_fitted(data, spec)
    except ValueError:
        return "", ""
    network = fitted.network
    sizes = "-".join(map(str, network.sizes))
    sentence = (
        f"Fit the network to it: layers {sizes} (the hidden layers kept), a "
        f"{network.activations[-1].name} output and {network.loss}; one step, undone by Ctrl+Z."
    )
    return f"Fit the network: {sizes}", sentence

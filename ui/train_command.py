"""`backprop-sim train`: train a preset for real, write its curves and figures, save the network.

The engine judges the run (simulator/convergence.py). A run that diverges, or whose loss rises,
oscillates or stalls, still has every finished epoch written to --csv/--json/--png/--svg; its
verdict goes to stderr and the exit status is EXIT_TROUBLE. Every output path is checked before
training starts, so a long run never ends in a file that cannot be written.
"""

import math
import sys
from pathlib import Path

from simulator.notation import format_number

EXIT_TROUBLE = 3  # training diverged, or its loss rose, oscillated or stalled
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")


def add_arguments(train) -> None:
    """The `train` command's options."""
    train.add_argument("preset", help="a bundled preset's name or a JSON file")
    train.add_argument("--epochs", type=int, required=True, help="epochs to run")
    train.add_argument("--learning-rate", type=float, metavar="ETA", help="the learning rate η")
    train.add_argument("--batch-size", type=int, metavar="N", help="samples per update")
    train.add_argument("--optimizer", choices=OPTIMIZERS, help="replaces the preset's optimizer")
    train.add_argument(
        "--test-split",
        type=float,
        metavar="F",
        help="hold out this share of the data as a test set",
    )
    train.add_argument("--seed", type=int, help="seed of the shuffle and the test split")
    train.add_argument(
        "--keep-going",
        action="store_true",
        help="go on when the loss rises, oscillates or stalls (NaN or inf always stops)",
    )
    train.add_argument("--csv", metavar="FILE", help="write epoch,loss,accuracy as CSV")
    train.add_argument("--json", metavar="FILE", help="write every epoch's figures as JSON")
    train.add_argument("--png", metavar="FILE", help="write the training figure as a PNG")
    train.add_argument("--svg", metavar="FILE", help="write the training figure as an SVG")
    train.add_argument("--size", default="1400x900", help="figure size in pixels, WxH")
    train.add_argument("--save", metavar="FILE", help="save the trained network as a preset")


def run_training(args, usage_error, parse_size) -> int:
    """The `train` command; bad input raises `usage_error` (exit 2 with its sentence)."""
    from simulator.presets import load_preset
    from simulator.training import TrainingDiverged, train
    from simulator.workspace import Workspace

    size = _check_options(args, usage_error, parse_size)
    outputs = [args.csv, args.json, args.png, args.svg, args.save]
    for path in (Path(p) for p in outputs if p):
        _check_writable(path, usage_error)
    preset = _configured(load_preset(args.preset), args)
    data = _training_data(preset, args.test_split, usage_error)
    if preset.batch_size > len(data.train):
        given = "--batch-size" if args.batch_size else f"{args.preset}'s batch size"
        raise usage_error(
            f"{given} {preset.batch_size} is larger than the {len(data.train)} training "
            f"samples; choose --batch-size {len(data.train)} or less."
        )
    workspace = Workspace.from_preset(preset)  # every check the window makes on opening it
    network = workspace.network.copy()  # training changes its own copy
    mode = "flag" if args.keep_going else "stop"
    try:
        history = _train_with_bar(train, network, data, args.epochs, mode)
    except TrainingDiverged as error:
        history = error.history
    _write(args, preset, network, data, history, size)
    _report(history)
    return EXIT_TROUBLE if history.verdict.trouble else 0


def _check_options(args, usage_error, parse_size) -> tuple:
    """Each number in range, else one sentence naming the option; the figure size."""
    if args.epochs < 1:
        raise usage_error(f"--epochs should be 1 or more, got {args.epochs}.")
    eta = args.learning_rate
    if eta is not None and not (math.isfinite(eta) and eta > 0):
        raise usage_error(f"--learning-rate should be a positive number such as 0.1, got {eta}.")
    if args.batch_size is not None and args.batch_size < 1:
        raise usage_error(f"--batch-size should be 1 or more, got {args.batch_size}.")
    if args.test_split is not None and not 0.0 < args.test_split < 1.0:
        raise usage_error(
            f"--test-split should lie between 0 and 1, such as 0.2, got {args.test_split}."
        )
    if args.seed is not None and args.seed < 0:
        raise usage_error(f"--seed should be 0 or more, got {args.seed}.")
    return parse_size(args.size)


def _training_data(preset, test_split, usage_error):
    """The preset's data split and standardised; a split that leaves a side empty is a usage
    error naming --test-split."""
    from simulator.checker import PresetError
    from simulator.datasets import DataError

    try:
        return preset.training_data(test_split or 0.0, preset.seed)
    except (PresetError, DataError):
        raise
    except ValueError as error:
        if test_split is None:
            raise
        raise usage_error(f"--test-split {test_split}: {error}.") from None


def _check_writable(path: Path, usage_error) -> None:
    """An output path that can be written (ui/output_files.py), else a usage error."""
    from ui.output_files import check_writable

    try:
        check_writable(path)
    except OSError as error:
        raise usage_error(str(error)) from None


def _configured(preset, args):
    """The preset with the command line's learning rate, optimizer, batch size and seed; an
    optimizer changed by name starts with fresh state."""
    from simulator.presets import Preset

    spec = preset.to_dict()
    optimizer = dict(spec["optimizer"])
    if args.optimizer and args.optimizer != optimizer["name"]:
        optimizer = {"name": args.optimizer, "learning_rate": optimizer["learning_rate"]}
        spec.pop("optimizer_state", None)
    if args.learning_rate is not None:
        optimizer["learning_rate"] = args.learning_rate
    spec["optimizer"] = optimizer
    if args.batch_size is not None:
        spec["batch_size"] = args.batch_size
    if args.seed is not None:
        spec["seed"] = args.seed
    return Preset.from_dict(spec, preset.origin, preset.path)


def _train_with_bar(train, network, data, epochs: int, on_trouble: str):
    """Train with a progress bar on stderr; the History (TrainingDiverged passes through)."""
    from tqdm import tqdm

    with tqdm(total=epochs, unit="epoch", disable=None, file=sys.stderr) as bar:

        def on_epoch(record):
            bar.set_postfix(loss=format_number(record.loss), refresh=False)
            bar.update(1)

        return train(
            network, data.train, epochs, callback=on_epoch, test=data.test, on_trouble=on_trouble
        )


def _write(args, preset, network, data, history, size) -> None:
    """Every output asked for: the finished epochs, the figures, the trained network."""
    if args.csv:
        history.write_csv(args.csv)
    if args.json:
        from simulator.files import replace_text

        replace_text(args.json, history.to_json())
    figures = [path for path in (args.png, args.svg) if path]
    if figures:
        from ui.plots.figure import figure_of_run, write_figure

        figure = figure_of_run(preset.name, network, data, history)
        for path in figures:
            write_figure(figure, path, size)
    if args.save:
        _save(args.save, preset, network, data)


def _save(path, preset, network, data) -> None:
    """The trained network, its optimizer state and progress as a preset `trace` goes on from."""
    import dataclasses

    import numpy as np

    from simulator.preset_data import saved_data
    from simulator.presets import Preset

    if not all(np.all(np.isfinite(value)) for value in network.parameters.values()):
        print(
            f"backprop-sim: {path} was not written: the network's parameters are no longer finite.",
            file=sys.stderr,
        )
        return
    base = dataclasses.replace(preset, path=Path(path))
    spec = saved_data(preset, data.standardization, Path(path).parent)
    Preset.from_network(network, spec, base).save(path)


def _report(history) -> None:
    """The last epoch's figures on stdout; a troubled run's verdict on stderr."""
    if history:
        last = history[-1]
        figures = [f"loss {format_number(last.loss)}"]
        for name, value in (
            ("accuracy", last.accuracy),
            ("test loss", last.test_loss),
            ("test accuracy", last.test_accuracy),
        ):
            if value is not None:
                figures.append(f"{name} {format_number(value)}")
        print(f"epoch {last.epoch}: {', '.join(figures)}")
    if history.verdict.trouble:
        print(f"backprop-sim: {history.verdict.sentence}", file=sys.stderr)
    else:
        print(history.verdict.sentence)

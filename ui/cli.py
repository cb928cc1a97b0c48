"""The `backprop-sim` command line: the same simulator objects as the window, as text.

Bad input of any kind ends with one sentence on stderr and exit status 2, never a traceback.
Qt is imported only by the `gui` command, so the text commands start fast.
"""

import argparse
import json
import sys
from pathlib import Path

from simulator.notation import DEFAULT_DIGITS, format_number
from ui import cli_practice

EXIT_BAD_INPUT = 2


class UsageError(ValueError):
    """A problem with what the user asked for, reported as one sentence."""


def main(argv=None) -> int:
    """Entry point of the console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    try:
        return COMMANDS[command](args)
    except (ValueError, KeyError, OSError) as error:
        print(f"backprop-sim: {_sentence(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("backprop-sim: interrupted.", file=sys.stderr)
        return 130


def _sentence(error: Exception) -> str:
    """One readable sentence for an error, whatever its type."""
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or error}."
    return str(error)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backprop-sim",
        description="Teaches backpropagation one number at a time.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("preset", nargs="?", help="a bundled preset's name or a JSON file")
    gui.add_argument("--steps", type=int, default=0, help="micro-steps to take at start")
    gui.add_argument("--screenshot", metavar="FILE", help="render offscreen to a PNG and exit")
    gui.add_argument(
        "--size", help="window size WxH (default: the screen's free area; 1280x800 offscreen)"
    )
    commands.add_parser("presets", help="list the bundled presets")
    for name, text in (
        ("trace", "print one iteration's micro-steps"),
        ("check", "compare the notes' hand-worked values with the computed ones"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("preset", help="a bundled preset's name or a JSON file")
        sub.add_argument("--json", action="store_true", help="print JSON instead of text")
        sub.add_argument(
            "--digits",
            type=int,
            default=DEFAULT_DIGITS,
            help="significant digits shown (default 4)",
        )
    train = commands.add_parser("train", help="train for real, with a progress bar")
    train.add_argument("preset", help="a bundled preset's name or a JSON file")
    train.add_argument("--epochs", type=int, required=True, help="epochs to run")
    train.add_argument("--csv", metavar="FILE", help="write epoch,loss,accuracy as CSV")
    train.add_argument("--json", metavar="FILE", help="write every epoch's figures as JSON")
    train.add_argument("--png", metavar="FILE", help="write the training curves as a PNG")
    export = commands.add_parser("export", help="write one iteration's worked solution")
    export.add_argument("preset", help="a bundled preset's name or a JSON file")
    export.add_argument(
        "--worked",
        metavar="FILE",
        required=True,
        help="the handout: FILE.md, FILE.html or FILE.pdf",
    )
    cli_practice.add_parsers(commands)
    return parser


def _open(name: str):
    """The preset as a Workspace, loaded whole; PresetError / DataError carry the sentence."""
    from simulator.workspace import Workspace

    return Workspace.open(name)


def run_gui(args) -> int:
    from ui.app import run_gui as start

    size = _parse_size(args.size) if args.size else None
    if args.steps < 0:
        raise UsageError(f"--steps should be 0 or more, got {args.steps}.")
    return start(args.preset, args.steps, args.screenshot, size)


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size should look like 1280x800, got '{text}'.") from None
    if width < 320 or height < 240:
        raise UsageError(f"--size should be at least 320x240, got '{text}'.")
    return width, height


def list_presets(args) -> int:
    from simulator.presets import bundled_names, load_preset

    names = bundled_names()
    width = max(map(len, names), default=0)
    for name in names:
        print(f"{name:<{width}}  {load_preset(name).name}")
    return 0


def print_trace(args) -> int:
    _check_digits(args.digits)
    trace = _open(args.preset).first_trace()
    if args.json:
        print(json.dumps({"steps": [step.to_dict(args.digits) for step in trace.steps]}, indent=1))
        return 0
    for step in trace.steps:
        sample = f" (sample {step.sample})" if step.sample else ""
        print(f"{step.index:>4}  {step.phase:<8}  {step.formula(args.digits)}{sample}")
    return 0


def print_check(args) -> int:
    _check_digits(args.digits)
    workspace = _open(args.preset)
    rows = workspace.comparisons(workspace.first_trace())
    if args.json:
        print(
            json.dumps(
                {
                    "rows": [
                        {
                            "key": r.key,
                            "label": r.label,
                            "notes": r.notes,
                            "computed": r.computed,
                            "match": r.match,
                        }
                        for r in rows
                    ]
                },
                indent=1,
            )
        )
        return 0
    if not rows:
        print(f"{workspace.title}: this preset has no hand-worked values to check.")
        return 0
    _print_check_table(rows, args.digits)
    return 0


def _print_check_table(rows, digits: int) -> None:
    from simulator.check import shown_digits

    header = ("key", "notes' name", "notes", "computed", "")
    lines = [
        (
            r.key,
            r.label,
            r.written,
            format_number(r.computed, shown_digits(r.written, digits)),
            "ok" if r.match else "MISMATCH  <--",
        )
        for r in rows
    ]
    widths = [max(len(str(line[k])) for line in [header, *lines]) for k in range(4)]
    for line in [header, *lines]:
        print(
            "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)) + "  " + line[4]
        )
    wrong = sum(not r.match for r in rows)
    print(f"\n{len(rows) - wrong} of {len(rows)} hand-worked values match; {wrong} do not.")


def _check_digits(digits: int) -> None:
    if not 1 <= digits <= 17:
        raise UsageError(f"--digits should be between 1 and 17, got {digits}.")


def run_training(args) -> int:
    from simulator.training import train

    if args.epochs < 1:
        raise UsageError(f"--epochs should be 1 or more, got {args.epochs}.")
    outputs = [Path(p) for p in (args.csv, args.json, args.png) if p]
    for path in outputs:
        if not path.parent.exists():
            raise UsageError(f"{path}: the folder {path.parent} does not exist.")
    workspace = _open(args.preset)
    network = workspace.network.copy()  # training changes its own copy
    history = _train_with_bar(train, network, workspace.data, args.epochs)
    _write_history(history, args)
    last = history[-1]
    accuracy = "" if last.accuracy is None else f", accuracy {format_number(last.accuracy)}"
    print(f"epoch {last.epoch}: loss {format_number(last.loss)}{accuracy}")
    return 0


def _train_with_bar(train, network, data, epochs: int):
    from tqdm import tqdm

    from simulator.training import TrainingDiverged

    with tqdm(total=epochs, unit="epoch", disable=None, file=sys.stderr) as bar:

        def on_epoch(record):
            bar.set_postfix(loss=format_number(record.loss), refresh=False)
            bar.update(1)
            return True

        try:
            return train(network, data, epochs, callback=on_epoch)
        except TrainingDiverged as error:
            bar.close()
            raise UsageError(str(error)) from None


def _write_history(history, args) -> None:
    if args.csv:
        history.write_csv(args.csv)
    if args.json:
        Path(args.json).write_text(history.to_json(), encoding="utf-8")
    if args.png:
        from ui.plots.export import render_curves_png

        render_curves_png(history, args.png)


def export_worked(args) -> int:
    from ui.worked_export import Worked, write_worked

    workspace = _open(args.preset)
    suffix = Path(args.worked).suffix.lower()
    if suffix not in (".md", ".html", ".pdf"):
        raise UsageError(f"--worked should end in .md, .html or .pdf, got '{args.worked}'.")
    write_worked(Worked.of(workspace), args.worked)
    print(f"wrote {args.worked}")
    return 0


COMMANDS = {
    "gui": run_gui,
    "presets": list_presets,
    "trace": print_trace,
    "check": print_check,
    "train": run_training,
    "export": export_worked,
    "worksheet": cli_practice.write_worksheets,
    "grade": cli_practice.grade_answers,
}

if __name__ == "__main__":
    sys.exit(main())

"""The `backprop-sim` command line: the same simulator objects as the window, as text.

Bad input of any kind ends with one sentence on stderr and exit status 2, never a traceback;
a reader that closes the pipe early (`backprop-sim trace X | head`) ends it quietly with the
status of a process stopped by SIGPIPE. Qt is imported only by the `gui` command, so the text
commands start fast.
"""

import argparse
import gc
import json
import os
import sys
import warnings
from pathlib import Path

from simulator import limits
from simulator.notation import DEFAULT_DIGITS
from ui import cli_practice, train_command

EXIT_BAD_INPUT = 2
EXIT_CLOSED_PIPE = 128 + 13  # the shell's status for a process stopped by SIGPIPE
LIMIT_MISSED = (MemoryError, RecursionError, OverflowError)  # the limits should stop these first


class UsageError(ValueError):
    """A problem with what the user asked for, reported as one sentence."""


def main(argv=None) -> int:
    """Entry point of the console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv or ["gui"])  # no command opens the window
    try:
        return _run(COMMANDS[args.command], args)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLOSED_PIPE
    except (ValueError, KeyError, OSError) as error:
        print(f"backprop-sim: {_sentence(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except LIMIT_MISSED as error:
        where = getattr(args, "preset", None) or "the input"
        kind = type(error).__name__
        print(f"backprop-sim: {where}: too large to handle ({kind}).", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("backprop-sim: interrupted.", file=sys.stderr)
        return 130


def _run(command, args) -> int:
    """Run a command with NumPy's RuntimeWarnings unprinted (a trace shows an overflow as inf,
    they would come before the sentence) and its output flushed while a closed pipe is caught."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        status = command(args)
    sys.stdout.flush()
    return status


def _silence_stdout() -> None:
    """Point stdout at devnull, so the interpreter's last flush meets no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # stdout is no file (a test's capture)
        pass


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
        "--size",
        help="the window's size, WxH (default: the screen's free area; 1280x800 offscreen)",
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
    _notation_argument(commands.choices["trace"], "layer")
    train_command.add_arguments(
        commands.add_parser(
            "train",
            help="train for real, with a progress bar",
            epilog=f"exit status {train_command.EXIT_TROUBLE}: the loss diverged, rose, "
            f"oscillated or stalled (the verdict is on stderr); {EXIT_BAD_INPUT}: bad input",
        )
    )
    export = commands.add_parser("export", help="write one iteration as a handout or a script")
    export.add_argument("preset", help="a bundled preset's name or a JSON file")
    what = export.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--worked", metavar="FILE", help="the handout: FILE.md, FILE.html or FILE.pdf"
    )
    what.add_argument(
        "--pytorch", metavar="FILE.py", help="a PyTorch script that prints the same iteration"
    )
    _notation_argument(export, "notes")
    export.add_argument(
        "--sample",
        type=int,
        default=1,
        help="the sample of a mini-batch that the handout works through (default 1)",
    )
    cli_practice.add_parsers(commands)
    return parser


def _notation_argument(parser, default: str) -> None:
    from simulator.names import NOTATIONS

    parser.add_argument(
        "--notation",
        choices=NOTATIONS,
        default=default,
        help=f"write keys by the notes' names or in layer notation (default {default})",
    )


def _open(name: str):
    """The preset as a Workspace, loaded whole; PresetError / DataError carry the sentence."""
    from simulator.workspace import Workspace

    return Workspace.open(name)


def run_gui(args) -> int:
    # The engine is imported before Qt: once imported, PySide6 reads the source of every
    # module imported after it (looking for its `__feature__` switches), ~80 files.
    import simulator.workspace  # noqa: F401
    from ui.platform_check import platform_problem

    size = _parse_size(args.size) if args.size else None
    if not 0 <= args.steps <= limits.MAX_GUI_STEPS:
        raise UsageError(
            f"--steps should be between 0 and {limits.MAX_GUI_STEPS:,}, got {args.steps}."
        )
    problem = platform_problem(screenshot=bool(args.screenshot))
    if problem:  # Qt would abort with a core dump: say what to install instead
        raise UsageError(problem)
    # Start-up builds objects that live as long as the window: collecting garbage among them
    # finds none. The collector rests until the window is shown (ui.app then freezes them).
    gc.disable()
    try:
        from ui.app import run_gui as start

        return start(args.preset, args.steps, args.screenshot, size)
    finally:
        gc.enable()


def _parse_size(text: str, minimum=(320, 240)) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size should look like 1280x800, got '{text}'.") from None
    most_width, most_height = limits.MAX_SCREENSHOT
    if not (minimum[0] <= width <= most_width and minimum[1] <= height <= most_height):
        raise UsageError(
            f"--size should be between {minimum[0]}x{minimum[1]} and {most_width}x{most_height}, "
            f"got '{text}'."
        )
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
    from simulator.names import in_notation

    workspace = _open(args.preset)
    trace = workspace.first_trace()
    if args.json:
        steps = [step.to_dict(args.digits, workspace.names) for step in trace.steps]
        print(json.dumps({"steps": steps}, indent=1))
        return 0
    names = in_notation(workspace.names, args.notation)
    for step in trace.steps:
        sample = f" (sample {step.sample}, row {step.row})" if step.sample else ""
        print(f"{step.index:>4}  {step.phase:<8}  {names.formula(step, args.digits)}{sample}")
    return 0


def print_check(args) -> int:
    _check_digits(args.digits)
    workspace = _open(args.preset)
    rows = workspace.comparisons(workspace.first_trace())
    if args.json:
        print(json.dumps({"rows": [row.to_dict() for row in rows]}, indent=1))
        return 0
    if not rows:
        print(f"{workspace.title}: this preset has no hand-worked values to check.")
        return 0
    from ui.check_table import print_check_table

    print_check_table(rows, args.digits)
    return 0


def _check_digits(digits: int) -> None:
    if not 1 <= digits <= 17:
        raise UsageError(f"--digits should be between 1 and 17, got {digits}.")


def run_training(args) -> int:
    return train_command.run_training(args, UsageError, _parse_figure_size)


def _parse_figure_size(text: str) -> tuple[int, int]:
    from ui.plots.figure import MIN_SIZE

    return _parse_size(text, MIN_SIZE)


def export_worked(args) -> int:
    from ui.worked_export import Worked
    from ui.worked_files import write_worked

    if args.pytorch:
        return export_pytorch(args)
    workspace = _open(args.preset)
    suffix = Path(args.worked).suffix.lower()
    if suffix not in (".md", ".html", ".pdf"):
        raise UsageError(f"--worked should end in .md, .html or .pdf, got '{args.worked}'.")
    write_worked(Worked.of(workspace, args.notation, args.sample), args.worked)
    print(f"wrote {args.worked}")
    return 0


def export_pytorch(args) -> int:
    from simulator.pytorch_export import write_pytorch_script

    if Path(args.pytorch).suffix.lower() != ".py":
        raise UsageError(f"--pytorch should end in .py, got '{args.pytorch}'.")
    workspace = _open(args.preset)
    command = f"backprop-sim export {args.preset} --pytorch {Path(args.pytorch).name}"
    write_pytorch_script(args.pytorch, workspace.network, workspace.data, workspace.title, command)
    print(f"wrote {args.pytorch}")
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

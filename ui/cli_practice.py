"""The `worksheet` and `grade` commands: variant worksheets for a class, and marking them.

Kept beside cli.py so the practice commands stay in one place; bad input raises ValueError with
one sentence, which cli.main prints with exit status 2.
"""

import json
from pathlib import Path

from simulator.notation import DEFAULT_DIGITS, format_number

ALL_KINDS = "forward,loss,backward,update"


def add_parsers(commands) -> None:
    """The two subcommands, on cli.py's subparsers."""
    sheet = commands.add_parser(
        "worksheet", help="seeded variants for a class: presets, worksheets and answer keys"
    )
    sheet.add_argument("preset", help="a bundled preset's name or a JSON file")
    sheet.add_argument("--variants", type=int, required=True, help="how many variants")
    sheet.add_argument("--seed", type=int, default=0, help="the same seed, the same files")
    sheet.add_argument("--out", metavar="DIR", required=True, help="the folder to write into")
    sheet.add_argument(
        "--kinds",
        default=ALL_KINDS,
        help="steps to ask: forward, loss, backward, update, hand_worked (comma-separated)",
    )
    sheet.add_argument(
        "--fading", action="store_true", help="work each phase's first neuron, ask the rest"
    )
    grade = commands.add_parser(
        "grade", help="mark a student's answers (key,value CSV) with the notes' rounding rule"
    )
    grade.add_argument("preset", help="the variant's preset (or any preset: every step asked)")
    grade.add_argument("answers", help="a CSV file of key,value rows (header optional)")
    grade.add_argument("--json", action="store_true", help="print JSON instead of a table")
    grade.add_argument("--digits", type=int, default=DEFAULT_DIGITS, help="digits shown")


def write_worksheets(args) -> int:
    from simulator.practice import parse_kinds
    from simulator.presets import load_preset
    from simulator.worksheet import make_sheets
    from simulator.workspace import Workspace
    from ui.worksheet_export import write_worksheets as write

    kinds = parse_kinds(args.kinds)
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"--out should be a folder, but {folder} is a file.")
    preset = load_preset(args.preset)
    Workspace.from_preset(preset, args.preset)  # refused whole, as the window would refuse it
    sheets = make_sheets(preset, args.variants, args.seed, kinds, args.fading)
    written = write(sheets, folder)
    variants = f"{len(sheets)} variant{'' if len(sheets) == 1 else 's'}"
    print(f"wrote {variants} ({len(written)} files) to {folder}")
    return 0


def grade_answers(args) -> int:
    from simulator.grading import label
    from simulator.practice import Session, mark_answers, steps_named
    from simulator.presets import load_preset
    from simulator.worksheet import read_answers
    from simulator.workspace import Workspace

    if not 1 <= args.digits <= 17:
        raise ValueError(f"--digits should be between 1 and 17, got {args.digits}.")
    preset = load_preset(args.preset)
    trace = Workspace.from_preset(preset, args.preset).first_trace()
    asked = steps_named(trace, preset.asks) if preset.asks else tuple(range(1, len(trace) + 1))
    labels = [label(trace.steps[i - 1]) for i in asked]
    session = mark_answers(Session(trace, asked), read_answers(args.answers, labels))
    if args.json:
        print(json.dumps(_grade_json(session), indent=1))
    else:
        _print_grades(session, args.digits)
    return 0


def _grade_json(session) -> dict:
    from simulator.grading import label
    from simulator.practice import SUMMARY_COLUMNS

    verdicts, unanswered = [], []
    for index in session.asked:
        step, record = session.trace.steps[index - 1], session.record(index)
        if record.attempts:
            verdict = record.attempts[-1].verdict.to_dict()
            verdicts.append({"phase": step.phase, "sample": step.sample, **verdict})
        else:
            unanswered.append(label(step))
    score = [dict(zip(SUMMARY_COLUMNS, row)) for row in _summary(session)]
    return {"verdicts": verdicts, "unanswered": unanswered, "score": score}


def _print_grades(session, digits: int) -> None:
    from simulator.check import shown_digits
    from simulator.grading import label
    from simulator.practice import SUMMARY_COLUMNS

    rows = [("key", "answer", "verdict", "value", "")]
    for index in session.asked:
        step, record = session.trace.steps[index - 1], session.record(index)
        if not record.attempts:
            rows.append((label(step), "", "unanswered", format_number(step.value, digits), ""))
            continue
        verdict = record.attempts[-1].verdict
        shown = format_number(verdict.expected, shown_digits(verdict.typed, digits))
        rows.append((label(step), verdict.typed, verdict.kind, shown, verdict.reason))
    _print_table(rows)
    print()
    _print_table([SUMMARY_COLUMNS] + [tuple(map(str, row)) for row in _summary(session)])


def _summary(session) -> list[tuple]:
    from simulator.practice import summary_rows

    return summary_rows(session.score())


def _print_table(rows) -> None:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        print("  ".join([*cells, row[-1]]).rstrip())

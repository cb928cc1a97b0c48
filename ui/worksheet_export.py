"""Worksheets and answer keys for a class, as HTML and PDF, drawn with the handout's machinery.

For each variant the folder gets its preset, a worksheet (the network drawn with its numbers,
the formulas to fill in and blank lines), an answer key (every answer with its working) and a
blank answer file for `grade`; then one overview of every key for the teacher. Which steps are
asked and every number come from simulator/worksheet.py; this module only lays them out. The
same sheets always give the same bytes (the PDFs are printed reproducibly).
"""

import base64
import csv
import html
import io
from pathlib import Path

from simulator.notation import DEFAULT_DIGITS, format_number
from simulator.worksheet import blank_answers_csv
from ui.worked_export import (
    DIAGRAM_WIDTH,
    HTML_PAGE,
    PHASE_TITLES,
    Worked,
    print_pdf,
    render_diagram,
    setup_lines,
)

BLANK = "_" * 16
RULE = (
    "Write each answer with at least two significant digits, or three decimals. An answer is "
    "right when the true value lies within one unit of its last digit (0.61 for 0.6083)."
)
PAGE = HTML_PAGE.replace(
    "</style>",
    ".blank {{ letter-spacing: 1px; }} .given {{ color: #555; }} .answer {{ font-weight: bold; }}"
    "\n.student {{ margin: 1em 0; }} .pair {{ white-space: nowrap; }}\n</style>",
)


def write_worksheets(sheets, folder, digits: int = DEFAULT_DIGITS, progress=None) -> list[Path]:
    """Write every sheet's files and the teacher's overview into `folder`; the paths written.
    `progress(done, total)`, when given, is called after each sheet (the window's progress bar)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for done, sheet in enumerate(sheets, start=1):
        written += _write_sheet(sheet, folder, digits)
        if progress is not None:
            progress(done, len(sheets))
    written += _write_overview(sheets, folder, digits)
    return written


def _write_sheet(sheet, folder: Path, digits: int) -> list[Path]:
    worked = _worked(sheet)
    png = render_diagram(worked)
    preset = folder / f"{sheet.name}.json"
    sheet.preset.save(preset)
    answers = folder / f"{sheet.name}-answers.csv"
    answers.write_text(blank_answers_csv(sheet), encoding="utf-8")
    written = [preset, answers]
    for part, key in (("worksheet", False), ("key", True)):
        title = f"Answer key: {sheet.preset.name}" if key else sheet.preset.name
        inline = "data:image/png;base64," + base64.b64encode(png).decode()
        page = sheet_html(sheet, worked, title, key, digits, inline)
        stem = folder / f"{sheet.name}-{part}"
        stem.with_suffix(".html").write_text(page, encoding="utf-8")
        printed = sheet_html(sheet, worked, title, key, digits, "diagram.png")
        print_pdf(printed, title, stem.with_suffix(".pdf"), png, reproducible=True)
        written += [stem.with_suffix(".html"), stem.with_suffix(".pdf")]
    return written


def _worked(sheet) -> Worked:
    """The sheet as the handout machinery sees it (no notes to compare with)."""
    preset = sheet.preset
    network = preset.build_network()
    return Worked(preset.name, preset.description, preset.source, network, sheet.trace, ())


def sheet_html(sheet, worked, title: str, key: bool, digits: int, diagram_src: str) -> str:
    """A worksheet page (blanks where a step is asked) or, with `key`, its answer key."""
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>"]
    if not key:
        parts.append(f"<p class='student'>Name: {BLANK * 2} &nbsp; Date: {BLANK}</p>")
    parts.append(f"<p>{esc(sheet.preset.description)}</p><p>{esc(RULE)}</p>")
    parts.append(f"<p><img src='{diagram_src}' width='{DIAGRAM_WIDTH}' alt='The network'></p>")
    rows = "".join(
        f"<tr><th>{esc(a)}</th><td>{esc(b)}</td></tr>" for a, b in setup_lines(worked, digits)
    )
    parts.append(f"<table class='setup'>{rows}</table>")
    for phase, steps in sheet.phases():
        parts.append(f"<h2>{PHASE_TITLES[phase].heading}</h2><table class='steps'>")
        parts += [_step_row(step, asked, key, digits) for step, asked in steps]
        parts.append("</table>")
    return PAGE.format(title=esc(title), body="\n".join(parts))


def _step_row(step, asked: bool, key: bool, digits: int) -> str:
    esc = html.escape
    if not asked:
        cell = f"<code class='given'>{esc(step.formula(digits))}</code>"
    elif key:
        cell = (
            f"<code>{esc(step.symbolic)}</code><br><code class='answer'>"
            f"{esc(step.formula(digits))}</code><div class='why'>{esc(step.explanation)}</div>"
        )
    else:
        cell = f"<code>{esc(step.symbolic)} =</code> <span class='blank'>{BLANK}</span>"
    return f"<tr><td class='n'>{step.index}</td><td>{cell}</td></tr>"


def _write_overview(sheets, folder: Path, digits: int) -> list[Path]:
    """answer-keys.html, .pdf and .csv: every variant's answers on one page."""
    title = f"Answer keys: {sheets[0].base}, {len(sheets)} variants"
    page = overview_html(sheets, title, digits)
    stem = folder / "answer-keys"
    stem.with_suffix(".html").write_text(page, encoding="utf-8")
    print_pdf(page, title, stem.with_suffix(".pdf"), None, reproducible=True)
    stem.with_suffix(".csv").write_text(overview_csv(sheets, digits), encoding="utf-8")
    return [stem.with_suffix(suffix) for suffix in (".html", ".pdf", ".csv")]


def overview_html(sheets, title: str, digits: int) -> str:
    """One table per variant: each asked key and its answer, two to a row."""
    esc = html.escape
    parts = [f"<h1>{esc(title)}</h1>", f"<p>{esc(RULE)}</p>"]
    for sheet in sheets:
        cells = [
            f"<td class='pair'><code>{esc(name)}</code></td>"
            f"<td class='pair'>{format_number(value, digits)}</td>"
            for name, value in sheet.answer_rows()
        ]
        rows = "".join(f"<tr>{''.join(cells[k : k + 2])}</tr>" for k in range(0, len(cells), 2))
        parts.append(f"<h2>{esc(sheet.name)}</h2><table class='check'>{rows}</table>")
    return PAGE.format(title=esc(title), body="\n".join(parts))


def overview_csv(sheets, digits: int) -> str:
    """variant,key,value rows: every asked step of every variant."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("variant", "key", "value"))
    for sheet in sheets:
        for name, value in sheet.answer_rows():
            writer.writerow((sheet.name, name, format_number(value, digits)))
    return buffer.getvalue()

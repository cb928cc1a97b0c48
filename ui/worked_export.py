"""The worked solution of one iteration as a handout: Markdown, HTML or PDF.

Like a hand-worked page: the network and its data, then every micro-step's formula with the
numbers in, grouped by phase, then the notes' hand-worked values beside the computed ones.
A mini-batch is walked as the notes would: one sample (the first, or the one chosen) through
the forward pass, the loss and the backward pass, then the batch means and the update.
Every number and formula comes from the engine's trace; the PDF is typeset by ui/handout_pdf.py
(ui/worked_pdf.py) and the files are written by ui/worked_files.py.
"""

import base64
import html
from dataclasses import dataclass

from simulator import limits
from simulator.check import check_summary, shown_digits
from simulator.names import Names, in_notation
from simulator.notation import DEFAULT_DIGITS, format_number
from simulator.step import PHASES
from ui.phase_titles import PHASE_TITLES

MARKDOWN_MARKS = set("\\`*_[]|")  # escaped with a backslash in a preset's text
DIAGRAM_WIDTH = 560  # px in the page: fits A4's text width in Qt's PDF and a browser column


@dataclass(frozen=True)
class Worked:
    """What a handout shows: the preset, its network, the first iteration and the comparison,
    with every key written by `names` (the notes' names, or none for layer notation)."""

    title: str
    description: str
    source: str
    network: object
    trace: object
    comparisons: tuple
    names: Names = Names()
    order_note: str = ""  # where the notes number weights the other way round, said once
    notation: str = "notes"  # 'notes' or 'layer', which `names` follow
    sample: int = 1  # the batch's sample (1-based) walked through

    @classmethod
    def of(cls, workspace, notation: str = "notes", sample: int = 1) -> "Worked":
        """The iteration a Workspace starts next, compared with the notes while they apply;
        `sample` is the batch's sample to walk through (ValueError when there is none)."""
        trace = workspace.first_trace()
        batch = len(trace.inputs)
        if not 1 <= sample <= batch:
            raise ValueError(
                f"the sample to walk through should be 1 to {batch} (the batch's samples), "
                f"got {sample}."
            )
        # a batch of one walks every step: counted without building the steps of a long trace
        walked = len(trace.steps)
        if batch > 1:
            walked = sum(len(steps) for _, steps in steps_by_phase(trace, sample))
        breach = limits.handout_breach(walked)
        if breach is not None:
            raise limits.LimitError(breach.sentence(workspace.origin or workspace.title))
        return cls(
            workspace.title,
            workspace.description,
            workspace.source,
            workspace.network,
            trace,
            tuple(workspace.comparisons(trace)),
            in_notation(workspace.names, notation),
            workspace.names.index_order_note() or "",
            notation,
            sample,
        )

    def verdict(self, comparison) -> str:
        """'matches', 'slip' or 'inherits the slip in dL/dO': a comparison in words."""
        if comparison.status == "inherited":
            return f"inherits the slip in {self.names.label(comparison.inherits)}"
        return {"match": "matches", "slip": "slip"}[comparison.status]

    @property
    def batch(self) -> int:
        """Samples in the iteration's batch."""
        return len(self.trace.inputs)


def setup_lines(worked: Worked, digits: int = DEFAULT_DIGITS) -> list[tuple[str, str]]:
    """(label, text) rows describing the network, its data and its settings."""
    network, trace = worked.network, worked.trace
    activations = ", ".join(a.name for a in network.activations)
    optimizer = network.optimizer
    rows = [
        ("Layers", " - ".join(map(str, network.sizes))),
        ("Activations (layers 1..L)", activations),
        ("Loss", network.loss),
        (
            "Optimizer",
            f"{optimizer.name}, learning rate eta = "
            f"{format_number(optimizer.learning_rate, digits)}",
        ),
    ]
    batch = zip(trace.inputs.tolist(), trace.targets.tolist(), trace.rows)
    for number, (x, y, row) in enumerate(batch, start=1):
        inputs = ", ".join(format_number(v, digits) for v in x)
        targets = ", ".join(format_number(v, digits) for v in y)
        walked = " (worked through)" if worked.batch > 1 and number == worked.sample else ""
        label = f"Sample {number} (row {row + 1}){walked}"
        rows.append((label, f"x = ({inputs}), y = ({targets})"))
    if worked.batch > 1:
        rows.append(
            (
                "Mini-batch",
                f"{worked.batch} samples: the steps work sample {worked.sample} through the "
                "forward pass, the loss and the backward pass (every other sample goes the "
                "same way), then the batch means of the gradients and the update",
            )
        )
    return rows


def steps_by_phase(trace, sample: int | None = None) -> list[tuple[str, list]]:
    """The trace's steps in phase order, each phase with its steps; with `sample`, a batch's
    per-sample steps of that sample only (the batch means and the update stay)."""
    steps = [s for s in trace.steps if sample is None or s.sample in (None, sample)]
    return [
        (phase, [s for s in steps if s.phase == phase])
        for phase in PHASES
        if any(s.phase == phase for s in steps)
    ]


def to_markdown(worked: Worked, digits: int = DEFAULT_DIGITS, diagram: str | None = None) -> str:
    """The handout as Markdown; `diagram` is the file name of a picture of the network."""
    notes = {c.key: c for c in worked.comparisons}
    lines = [f"# {_inert(worked.title)}", "", _inert(worked.description, lines=True), ""]
    if worked.order_note:
        lines += [f"*{_inert(worked.order_note)}*", ""]
    if worked.source:
        lines += [f"*Source: {_inert(worked.source)}*", ""]
    if diagram:
        lines += [f"![The network]({diagram})", ""]
    elif not limits.drawable(worked.network.sizes):
        lines += [f"*{_undrawn(worked)}*", ""]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {label} | {text} |" for label, text in setup_lines(worked, digits)]
    for phase, steps in steps_by_phase(worked.trace, worked.sample):
        lines += ["", f"## {PHASE_TITLES[phase].heading}", ""]
        for step in steps:
            sample = f" *(sample {step.sample}, row {step.row})*" if step.sample else ""
            mark = _markdown_mark(worked, notes.get(step.key), step)
            lines.append(f"{step.index}. `{worked.names.formula(step, digits)}`{sample}{mark}  ")
            lines.append(f"   {step.explanation}")
    lines += _markdown_comparison(worked, digits)
    return "\n".join(lines) + "\n"


def _undrawn(worked: Worked) -> str:
    count = limits.weight_count(worked.network.sizes)
    return f"The network has {count:,} weights, too many to draw."


def _inert(text: str, lines: bool = False) -> str:
    """A preset's text as plain words in Markdown: HTML escaped (no <script> gets through), the
    characters that make links, emphasis, code or table cells escaped; one line unless `lines`."""
    text = text if lines else " ".join(text.split())
    text = "".join(f"\\{c}" if c in MARKDOWN_MARKS else c for c in text)
    return html.escape(text, quote=False)


def _markdown_mark(worked, comparison, step) -> str:
    if comparison is None or step.sample not in (None, 1):
        return ""
    verdict = _inert(worked.verdict(comparison))
    verdict = verdict if comparison.match else f"**{verdict}**"
    why = comparison.why if comparison.status == "slip" else ""
    why = f" ({_inert(why)})" if why else ""
    return f" — notes: {comparison.written} ({_inert(comparison.label)}), {verdict}{why}"


def _markdown_comparison(worked, digits) -> list[str]:
    if not worked.comparisons:
        return []
    lines = [
        "",
        "## The notes' hand-worked values",
        "",
        "| key | notes' name | notes | computed | |",
        "|---|---|---|---|---|",
    ]
    for c in worked.comparisons:
        verdict = "match" if c.match else f"**{_inert(worked.verdict(c))}**"
        lines.append(
            f"| `{c.key}` | {_inert(c.label)} | {c.written} | "
            f"{format_number(c.computed, shown_digits(c.written, digits))} | {verdict} |"
        )
    return lines + ["", check_summary(worked.comparisons, "values")]


def to_html(
    worked: Worked,
    digits: int = DEFAULT_DIGITS,
    diagram_png: bytes | None = None,
    diagram_src: str | None = None,
) -> str:
    """The handout as one self-contained HTML page (the diagram inlined as a data URI)."""
    notes = {c.key: c for c in worked.comparisons}
    esc = html.escape
    parts = [f"<h1>{esc(worked.title)}</h1>", f"<p>{esc(worked.description)}</p>"]
    if worked.order_note:
        parts.append(f"<p><i>{esc(worked.order_note)}</i></p>")
    if worked.source:
        parts.append(f"<p class='source'>Source: {esc(worked.source)}</p>")
    if diagram_png is not None or diagram_src:
        src = diagram_src or "data:image/png;base64," + base64.b64encode(diagram_png).decode()
        parts.append(f"<p><img src='{src}' width='{DIAGRAM_WIDTH}' alt='The network'></p>")
    elif not limits.drawable(worked.network.sizes):
        parts.append(f"<p><em>{_undrawn(worked)}</em></p>")
    rows = "".join(_setup_rows(worked, digits))
    parts.append(f"<table class='setup'>{rows}</table>")
    for phase, steps in steps_by_phase(worked.trace, worked.sample):
        parts.append(f"<h2>{PHASE_TITLES[phase].heading}</h2><table class='steps'>")
        parts += [_html_step(worked, step, notes.get(step.key), digits) for step in steps]
        parts.append("</table>")
    parts.append(_html_comparison(worked, digits))
    return HTML_PAGE.format(title=esc(worked.title), body="\n".join(parts))


def _html_step(worked, step, comparison, digits) -> str:
    esc = html.escape
    sample = ""
    if step.sample:
        sample = f" <span class='sample'>(sample {step.sample}, row {step.row})</span>"
    mark = ""
    if comparison is not None and step.sample in (None, 1):
        why = comparison.why if comparison.status == "slip" else ""
        mark = (
            f"<div class='{_css(comparison)}'>notes: {esc(comparison.written)}"
            f" ({esc(comparison.label)}), {esc(worked.verdict(comparison))}"
            f"{f'. {esc(why)}' if why else ''}</div>"
        )
    formula = esc(worked.names.formula(step, digits))
    return (
        f"<tr><td class='n' width='7%'>{step.index}</td><td><code>{formula}</code>"
        f"{sample}<div class='why'>{esc(step.explanation)}</div>{mark}</td></tr>"
    )


def _setup_rows(worked: Worked, digits: int) -> list[str]:
    esc = html.escape
    return [
        f"<tr><th width='30%'>{esc(a)}</th><td>{esc(b)}</td></tr>"
        for a, b in setup_lines(worked, digits)
    ]


COMPARISON_HEADER = (
    "<tr><th width='24%'>key</th><th width='20%'>notes' name</th><th width='18%'>notes</th>"
    "<th width='20%'>computed</th><th width='18%'></th></tr>"
)


def _comparison_rows(worked: Worked, digits) -> list[str]:
    esc = html.escape
    return [
        f"<tr><td width='24%'><code>{esc(c.key)}</code></td><td width='20%'>{esc(c.label)}</td>"
        f"<td width='18%'>{esc(c.written)}</td>"
        f"<td width='20%'>{format_number(c.computed, shown_digits(c.written, digits))}</td>"
        f"<td width='18%' class='{_css(c)}'>{esc('match' if c.match else worked.verdict(c))}"
        "</td></tr>"
        for c in worked.comparisons
    ]


def _html_comparison(worked: Worked, digits) -> str:
    if not worked.comparisons:
        return ""
    rows = "".join(_comparison_rows(worked, digits))
    summary = html.escape(check_summary(worked.comparisons, "values"))
    return (
        f"<h2>The notes' hand-worked values</h2><table class='check'>{COMPARISON_HEADER}"
        f"{rows}</table><p>{summary}</p>"
    )


def _css(comparison) -> str:
    """The mark's class: a match, the slip itself, or a value that only inherits it."""
    return {"match": "match", "slip": "mismatch", "inherited": "inherited"}[comparison.status]


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; font-size: 11pt; max-width: 52em; margin: 2em auto; color: #111; }}
h1 {{ font-size: 20pt; }}
h2 {{ font-size: 15pt; margin-top: 1.4em; border-bottom: 1px solid #999; }}
table {{ border-collapse: collapse; margin: 0.5em 0; }}
td, th {{ padding: 3px 8px; vertical-align: top; text-align: left; }}
table.check td, table.check th, table.setup th, table.setup td {{ border: 1px solid #bbb; }}
img {{ max-width: 100%; height: auto; }}
code {{ font-family: monospace; font-size: 10.5pt; }}
td.n {{ color: #666; text-align: right; }}
.why {{ color: #444; font-size: 9.5pt; }} .sample {{ color: #666; }}
.source {{ color: #555; font-style: italic; }}
.match {{ color: #1b7a2e; }} .mismatch {{ color: #b3261e; font-weight: bold; }}
.inherited {{ color: #8a5a00; }}
</style></head><body>
{body}
</body></html>
"""

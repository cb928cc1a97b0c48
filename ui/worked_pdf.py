"""The worked-solution handout as the PDF typesetter's blocks (ui/handout_pdf.py): the same
rows and formulas as the HTML handout (ui/worked_export.py), each table row a block of its own."""

import html

from simulator import limits
from simulator.check import check_summary
from ui.handout_pdf import Block, write_pdf
from ui.phase_titles import PHASE_TITLES
from ui.worked_export import (
    COMPARISON_HEADER,
    DIAGRAM_WIDTH,
    Worked,
    _comparison_rows,
    _html_step,
    _setup_rows,
    _undrawn,
    steps_by_phase,
)


def write_worked_pdf(worked, path, digits: int, png: bytes | None) -> list:
    """Typeset the handout into an A4 PDF; the page of each block."""
    return write_pdf(pdf_blocks(worked, digits, png), path, worked.title)


def pdf_blocks(worked: Worked, digits: int, png: bytes | None) -> list:
    """The handout as the PDF typesetter's blocks: headings kept with what follows, every table
    row a block of its own."""
    esc = html.escape
    notes = {c.key: c for c in worked.comparisons}
    blocks = [Block(f"<h1>{esc(worked.title)}</h1>", keep_with_next=True)]
    blocks.append(Block(f"<p>{esc(worked.description)}</p>"))
    if worked.order_note:
        blocks.append(Block(f"<p><i>{esc(worked.order_note)}</i></p>"))
    if worked.source:
        blocks.append(Block(f"<p class='source'>Source: {esc(worked.source)}</p>"))
    if png is not None:
        blocks.append(Block(image=png, image_width=DIAGRAM_WIDTH * 0.75, space_before=6))
    elif not limits.drawable(worked.network.sizes):
        blocks.append(Block(f"<p><em>{_undrawn(worked)}</em></p>"))
    blocks += [Block(row, row=True) for row in _setup_rows(worked, digits)]
    for phase, steps in steps_by_phase(worked.trace, worked.sample):
        heading = f"<h2>{PHASE_TITLES[phase].heading}</h2>"
        blocks.append(Block(heading, keep_with_next=True, space_before=10))
        blocks += [Block(_html_step(worked, s, notes.get(s.key), digits), row=True) for s in steps]
    if worked.comparisons:
        heading = "<h2>The notes' hand-worked values</h2>"
        blocks.append(Block(heading, keep_with_next=True, space_before=10))
        rows = _comparison_rows(worked, digits)
        blocks.append(Block(COMPARISON_HEADER, row=True, keep_with_next=True))
        blocks += [Block(row, row=True, header=COMPARISON_HEADER) for row in rows]
        summary = esc(check_summary(worked.comparisons, "values"))
        blocks.append(Block(f"<p>{summary}</p>", space_before=4))
    return blocks

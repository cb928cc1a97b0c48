"""`backprop-sim check PRESET`'s table: the notes' values against the engine's, as text."""

from simulator.check import check_summary, shown_digits
from simulator.notation import format_number


def print_check_table(rows, digits: int) -> None:
    """Each hand-worked value beside the computed one, shown to as many digits as the notes
    wrote it, then the summary (slips and what they passed on)."""
    header = ("key", "notes' name", "notes", "computed", "")
    labels = {r.key: r.label for r in rows}
    marks = {"match": "ok", "slip": "SLIP  <--"}
    lines = [
        (
            r.key,
            r.label,
            r.written,
            format_number(r.computed, shown_digits(r.written, digits)),
            marks.get(r.status) or f"inherited from {labels[r.inherits]}",
        )
        for r in rows
    ]
    widths = [max(len(str(line[k])) for line in [header, *lines]) for k in range(4)]
    for line in [header, *lines]:
        print(
            "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)) + "  " + line[4]
        )
    print("\n" + check_summary(rows))

"""The steps table's rows: the current iteration's TraceView, its first `position` steps shown.

Stepping inserts or removes rows instead of rebuilding; each row is written once, as it comes
(or, after a long jump, when first shown), into Qt's own items.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItemModel

from ui.theme import LIGHT

COLUMNS = ("#", "key", "value")
SAMPLE = "sample"  # in a mini-batch: the sample and its data row, '2 (row 3)'
NOTES_COLUMNS = ("notes",)  # the notes' value with its ✓ / ✗ / ↳ mark
FORMULA = "formula"  # the last column, stretched; the full line is in the tooltip
MARKS = {"match": "✓ ", "slip": "✗ ", "inherited": "↳ "}  # matches, slips, inherits a slip
FILL_NOW = 64  # rows written as they come (more than a screen's); others when first shown
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # numbers' columns
DISPLAY, TOOLTIP, ALIGNMENT, FOREGROUND = (
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    )
)


class StepsModel(QStandardItemModel):
    """Rows 1..position of the iteration; the notes columns appear only with hand work.

    Each row's cells are Qt's own items, written once when the row comes: a repaint asks each
    cell shown for several roles, and Qt answers them without calling Python (a Python model
    answering every role of every cell took half the table's paint, measured). Python never
    holds an item: Qt deletes those of rows that go."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.trace, self.rows, self.position, self.theme = None, {}, 0, LIGHT
        self.has_notes = self.has_samples = False
        self.filled = set()  # the rows whose cells are written

    def set_trace(self, trace_view) -> None:
        self.clear()  # a reset: the rows and the headers go
        self.trace, self.rows, self.has_notes = trace_view, {}, trace_view.has_notes
        self.has_samples, self.filled = trace_view.has_samples, set()
        self.setHorizontalHeaderLabels(list(self.headers()))
        self.position = 0
        self.set_position(trace_view.position)

    def set_position(self, position: int) -> None:
        """Rows 1..position; the last FILL_NOW of those that come are written now, any
        before them when first shown (`fill`: the end of a 4 x 128 net's iteration is
        hundreds of thousands of rows)."""
        if position > self.position:
            first, self.position = self.position, position
            self.insertRows(first, position - first)
            self.fill(max(first, position - FILL_NOW), position - 1)
        elif position < self.position:
            self.position = position
            self.removeRows(position, self.rowCount() - position)
            self.filled = {row for row in self.filled if row < position}

    def fill(self, first: int, last: int) -> None:
        """Write the cells of rows first..last (0-based, inclusive) not yet written."""
        for index in range(max(first, 0), min(last, self.position - 1) + 1):
            if index not in self.filled:
                self.filled.add(index)
                for column, roles in enumerate(self._cells(index)):
                    self.setItemData(self.index(index, column), roles)

    def set_theme(self, theme) -> None:
        """The notes column's colours in `theme`, for the rows shown and those to come."""
        self.theme = theme
        if not self.has_notes:
            return
        column = self.headers().index(NOTES_COLUMNS[0])
        for index in self.filled:
            colour = self._notes_colour(self.row(index))
            if colour is not None:
                self.setData(self.index(index, column), colour, FOREGROUND)

    def headers(self) -> tuple:
        samples = (SAMPLE,) if self.has_samples else ()
        return (
            COLUMNS[:1]
            + samples
            + COLUMNS[1:]
            + (NOTES_COLUMNS if self.has_notes else ())
            + (FORMULA,)
        )

    def _cells(self, index: int) -> list:
        """Row `index`'s cells, each its roles: text, tooltip (the full line), alignment and
        the notes' colour (Qt keeps them: no Python is called when the row is painted)."""
        row = self.row(index)
        texts, cells = self._texts(row), []
        for header in self.headers():
            roles = {DISPLAY: texts[header], TOOLTIP: row.formula}
            if header not in ("key", FORMULA):
                roles[ALIGNMENT] = RIGHT
            colour = self._notes_colour(row) if header in NOTES_COLUMNS else None
            if colour is not None:
                roles[FOREGROUND] = colour
            cells.append(roles)
        return cells

    def _notes_colour(self, row) -> QColor | None:
        if not row.notes:
            return None
        colours = {"match": self.theme.match, "slip": self.theme.mismatch}
        return QColor(colours.get(row.status, self.theme.muted))

    def row(self, index: int):
        """The Row at `index`, written the first time it is asked for."""
        if index not in self.rows:
            self.rows[index] = self.trace.row(index)
        return self.rows[index]

    @staticmethod
    def _texts(row) -> dict:
        """header -> what row `row` shows in that column."""
        return {
            "#": str(row.index),
            SAMPLE: row.sample,
            "key": row.key,
            "value": row.value,
            "notes": f"{MARKS.get(row.status, '')}{row.notes or ''}",
            FORMULA: row.formula.split(" = ", 1)[1],
        }

"""The practice score in large type: a row per phase asked, and the total.

The counts are the engine's (simulator.practice.Session.score); this widget only lays them out,
big enough to read from the back of a classroom.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from simulator.step import PHASES
from ui.phase_titles import PHASE_TITLES
from ui.theme import font_px

# (PhaseScore field, column title): right first time, right with hints, wrong, still to answer
COLUMNS = (
    ("asked", "asked"),
    ("first_time", "✓ first"),
    ("with_hints", "✓ hints"),
    ("wrong", "✗ wrong"),
    ("open", "to go"),
)
ROWS = (*PHASES, "total")


class ScoreBoard(QFrame):
    """A grid of counts: phases down, outcomes across; rows of phases not asked stay hidden."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("scoreBoard")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.title = QLabel("Score", self)
        self.title.setObjectName("scoreTitle")
        grid.addWidget(self.title, 0, 0)
        self.headers = [
            self._cell(title, 0, column) for column, (_, title) in enumerate(COLUMNS, 1)
        ]
        self.cells = {}  # (row name, field) -> QLabel
        self.names = {}
        for number, row in enumerate(ROWS, start=1):
            title = PHASE_TITLES[row].short if row in PHASE_TITLES else "Total"
            self.names[row] = self._cell(title, number, 0)
            self.names[row].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.names[row].setProperty("row", row)
            for column, (field, _) in enumerate(COLUMNS, start=1):
                cell = self.cells[(row, field)] = self._cell("", number, column)
                cell.setProperty("row", row)
                cell.setProperty("field", field)
        self.footnote = QLabel(self)
        for small in (*self.headers, self.footnote):
            small.setProperty("small", "true")
        self.footnote.setWordWrap(True)
        grid.addWidget(self.footnote, len(ROWS) + 1, 0, 1, len(COLUMNS) + 1)
        grid.setRowStretch(len(ROWS) + 2, 1)
        self.set_score(())

    def _cell(self, text: str, row: int, column: int) -> QLabel:
        label = QLabel(text, self)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.layout().addWidget(label, row, column)
        return label

    def set_score(self, scores) -> None:
        """Show simulator.practice.PhaseScore rows (the total last); the rest hide."""
        by_phase = {score.phase: score for score in scores}
        for row in ROWS:
            score = by_phase.get(row)
            self.names[row].setVisible(score is not None)
            for field, _ in COLUMNS:
                cell = self.cells[(row, field)]
                cell.setVisible(score is not None)
                if score is not None:
                    cell.setText(str(getattr(score, field)))
        total = by_phase.get("total")
        carried = total.inherited if total else 0
        self.footnote.setText(
            f"{carried} of the wrong carried on an earlier mistake of the student's own"
            if carried
            else ""
        )
        self.footnote.setVisible(bool(carried))

    def counts(self, row: str) -> dict:
        """The numbers on show in `row` (for tests and the summary): field -> text."""
        return {field: self.cells[(row, field)].text() for field, _ in COLUMNS}


def style_rules(theme, scale: float) -> str:
    """The board's look, for the window's one style sheet: large numbers in the outcome
    colours, the total in bold; its labels picked by their `field` and `row` properties."""
    size = font_px(scale, 1.75)
    colours = {"first_time": theme.match, "with_hints": theme.read, "wrong": theme.mismatch}
    rules = [
        f"#scoreBoard {{ background: {theme.surface}; border-left: 1px solid {theme.grid}; }}",
        f"#scoreBoard QLabel {{ {_font(size)} color: {theme.text}; }}",
        '#scoreBoard QLabel[row="total"], #scoreBoard #scoreTitle { font-weight: bold; }',
        f'#scoreBoard QLabel[small="true"] {{ {_font(font_px(scale, 0.95))}'
        f" color: {theme.muted}; }}",
    ]
    rules += [f'#scoreBoard QLabel[field="{f}"] {{ color: {c}; }}' for f, c in colours.items()]
    return "\n".join(rules)


def _font(size: int, weight: str = "normal") -> str:
    """A label's font as a style sheet, on the board's own background."""
    return f"font-size: {size}px; font-weight: {weight}; background: transparent;"

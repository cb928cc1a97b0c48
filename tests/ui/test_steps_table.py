"""The steps table while stepping: a step repaints the rows it adds, removes or selects, not
every row shown; after a long jump, rows are written when first shown."""

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QRegion

from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network, initial_parameters
from simulator.optimizers import Optimizer
from simulator.workspace import Workspace
from ui.panels.steps_model import COLUMNS, FILL_NOW


class PaintedRegion(QObject):
    """The union of the regions a widget repainted since `clear`, and how many paints."""

    def __init__(self, widget):
        super().__init__(widget)
        self.region, self.count = QRegion(), 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.region += event.region()
            self.count += 1
        return False


def row_rect(table, row: int) -> QRect:
    """Row `row` (0-based) across the whole viewport, where it is or would be."""
    height = table.rowHeight(0)
    top = table.rowViewportPosition(0) + row * height
    return QRect(0, top, table.viewport().width(), height)


def test_a_step_repaints_only_the_rows_it_changes(qtbot, window):
    table = window.steps_table
    for _ in range(5):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.wait(300)
    painted = PaintedRegion(table.viewport())
    qtbot.keyClick(window, Qt.Key.Key_Right)  # row 6 comes and is selected; row 5 was
    qtbot.wait(20)
    for row in (4, 5):
        assert painted.region.contains(row_rect(table, row)), row
    assert not painted.region.intersects(row_rect(table, 0))
    painted.region = QRegion()
    qtbot.keyClick(window, Qt.Key.Key_Left)  # row 6 goes: its place is blank again
    qtbot.wait(20)
    for row in (4, 5):
        assert painted.region.contains(row_rect(table, row)), row
    assert not painted.region.intersects(row_rect(table, 0))
    assert table.model().rowCount() == 5


def test_a_step_leaves_the_blank_below_the_rows_and_the_headers_unpainted(qtbot, window):
    table = window.steps_table
    header = table.horizontalHeader().viewport()
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.wait(300)
    rows, headers = PaintedRegion(table.viewport()), PaintedRegion(header)
    qtbot.keyClick(window, Qt.Key.Key_Right)  # the selection moves from row 3 to row 4
    qtbot.wait(20)
    assert rows.region.contains(row_rect(table, 3))
    assert not rows.region.intersects(row_rect(table, 5))  # blank before, blank now
    assert headers.region.isEmpty()  # highlighted while any row is selected, as before
    qtbot.keyClick(window, Qt.Key.Key_Home)  # no row selected: the highlight goes
    qtbot.wait(20)
    assert not headers.region.isEmpty()


def test_once_the_rows_scroll_a_step_paints_them_once_and_nothing_behind(qtbot, window):
    """Scrolled by a row, the table paints its rows in the step's one repaint: not the window
    behind them, not a second time once Qt shows its scroll bars again."""
    table, bar = window.steps_table, window.steps_table.verticalScrollBar()
    for _ in range(30):  # the iteration's 31 rows outgrow the table at 1280x800
        if bar.value() >= 2:
            break
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.wait(300)
    rows, behind = PaintedRegion(table.viewport()), PaintedRegion(window)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.wait(50)
    last = table.model().rowCount() - 1
    assert bar.value() > 2 and rows.region.contains(row_rect(table, last))
    viewport = table.viewport()
    shown = QRect(viewport.mapTo(window, viewport.rect().topLeft()), viewport.size())
    assert not behind.region.intersects(shown)
    assert (rows.count, behind.count) == (1, 1)


def test_after_a_long_jump_rows_are_written_when_first_shown(qtbot, window):
    """End on a net of 751 steps writes the rows in view, not every row before them;
    a row scrolled into view later shows its step (the end of a 4 x 128 net's iteration is
    hundreds of thousands of rows)."""
    sizes = [12, 12, 12, 1]
    layers = [LayerActivation.of("tanh")] * 2 + [LayerActivation.of("sigmoid")]
    parameters = initial_parameters(sizes, layers, "xavier", np.random.default_rng(0))
    network = Network(sizes, layers, "mse", Optimizer("sgd", 0.1), parameters)
    data = Dataset(np.random.default_rng(1).normal(size=(2, 12)), np.full((2, 1), 0.5))
    window.controller.load(Workspace(network, data, "12-12-12-1"))
    table, model = window.steps_table, window.steps_table.steps
    qtbot.keyClick(window, Qt.Key.Key_End)
    qtbot.wait(20)
    trace = window.controller.cursor.trace
    assert len(trace) > 700 and model.rowCount() == len(trace)
    assert len(model.filled) <= FILL_NOW + table.viewport().height() // table.rowHeight(0) + 1
    last = model.index(len(trace) - 1, COLUMNS.index("key"))
    assert model.data(last) == trace.steps[-1].key
    first = model.index(0, COLUMNS.index("key"))
    assert model.data(first) is None  # not written: never shown
    table.scrollToTop()
    qtbot.wait(20)
    assert model.data(first) == trace.steps[0].key
    texts = [model.data(model.index(row, COLUMNS.index("value"))) for row in range(3)]
    assert all(texts), texts  # each row in view has its value


def test_a_new_theme_recolours_the_notes_column_of_the_rows_written(qtbot, window):
    """Rows written in the light theme take the dark theme's colours for the notes' match,
    slip and inherited slip; a row written after the change is in the dark theme at once."""
    for _ in range(8):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    window._toggle_theme()
    qtbot.keyClick(window, Qt.Key.Key_Right)  # row 9 comes, in the theme now on show
    model, theme = window.steps_table.steps, window.theme
    assert theme.name == "dark"
    column = model.headers().index("notes")
    colours = [
        model.data(model.index(i, column), Qt.ItemDataRole.ForegroundRole) for i in (6, 7, 8)
    ]
    assert [colour.name() for colour in colours] == [theme.match, theme.mismatch, theme.muted]

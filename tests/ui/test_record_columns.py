"""The plots' columns hold every record's figures exactly, reading each record once."""

import numpy as np

from simulator.training import EpochRecord, History
from ui.plots.loss_plot import LossPlot
from ui.plots.record_columns import INITIAL_ROWS, RecordColumns


def records(count, start=1, test=True):
    """EpochRecords with distinct figures; test_loss None unless `test`."""
    return [
        EpochRecord(epoch, 1.0 / epoch, 0.5, 2.0 / epoch if test else None)
        for epoch in range(start, start + count)
    ]


def counting_columns():
    """Columns of loss and test_loss, and the list of records they read."""
    read = []

    def figures(record):
        read.append(record.epoch)
        return record.loss, record.test_loss

    return RecordColumns(figures, 2), read


def test_a_growing_history_is_read_one_record_at_a_time():
    columns, read = counting_columns()
    history = History(records(3))
    columns.follow(history)
    history.extend(records(2, start=4))
    columns.follow(history)
    columns.follow(history)
    assert read == [1, 2, 3, 4, 5]
    assert columns.epochs.tolist() == [1, 2, 3, 4, 5]
    assert columns.figure(0).tolist() == [record.loss for record in history]
    assert columns.figure(1).tolist() == [record.test_loss for record in history]


def test_another_or_shorter_history_is_read_from_its_start():
    columns, read = counting_columns()
    history = History(records(4))
    columns.follow(history)
    del history[2:]  # the same list, shorter
    columns.follow(history)
    assert columns.epochs.tolist() == [1, 2]
    fresh = History(records(3, start=7))
    columns.follow(fresh)
    assert read == [1, 2, 3, 4, 1, 2, 7, 8, 9]
    assert columns.epochs.tolist() == [7, 8, 9]


def test_a_figure_missing_from_any_record_has_no_column():
    columns, _ = counting_columns()
    history = History(records(2, test=False))
    columns.follow(history)
    assert columns.figure(1) is None and columns.figure(0).tolist() == [1.0, 0.5]
    columns.follow(History(records(2)))  # a new run with a test set
    assert columns.figure(1).tolist() == [2.0, 1.0]


def test_columns_grow_past_their_first_rows_and_keep_every_figure():
    columns, _ = counting_columns()
    history = History()
    for start in range(1, 3 * INITIAL_ROWS, 100):
        history.extend(records(100, start=start))
        columns.follow(history)
    assert columns.count == len(history) > 2 * INITIAL_ROWS
    assert columns.figure(0).tolist() == [record.loss for record in history]


def test_a_plot_shown_a_growing_history_holds_what_a_fresh_one_shows(qtbot):
    growing, fresh = LossPlot(), LossPlot()
    qtbot.addWidget(growing)
    qtbot.addWidget(fresh)
    history = History()
    for start in (1, 4, 30):
        history.extend(records(3 if start < 30 else 300, start=start))
        growing.show_history(history)
    fresh.show_history(history)
    for name in ("loss", "test_loss"):
        for mine, theirs in zip(growing.curves[name].getData(), fresh.curves[name].getData()):
            assert np.array_equal(mine, theirs)
    assert growing.getViewBox().viewRange() == fresh.getViewBox().viewRange()

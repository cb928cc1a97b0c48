"""The real window survives a seeded random walk (tests/ui/walk.py): no uncaught exception, no
Qt warning, a consistent window after every action, and memory that stays bounded. Two walks of
300 actions run by default (each kind of action comes up; the rarest a few times); 10,000 behind
the `slow` marker."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from walk import Walk

from ui.autosave import Autosave
from ui.controller import Controller
from ui.main_window import MainWindow

# Growth after the first few hundred actions have warmed every cache up. Measured: ~10 MB over
# 1,000 actions; ~144 MB over 10,000, most of it after theme or scale changes once the other tabs
# are built (~350 KB a change; none on the step-through alone) and tab switches (~50 KB each).
MEMORY_GROWTH_MB = {300: 30, 10_000: 300}


def resident_mb() -> float:
    """The process's resident memory now (not its peak), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


def walk_window(qtbot, monkeypatch, tmp_path, seed: int, actions: int) -> Walk:
    controller = Controller()
    window = MainWindow(controller, None, Autosave(controller, str(tmp_path / "autosave")))
    qtbot.addWidget(window)
    controller.open_preset("notes-2-2-1-sigmoid-bce")
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    walk = Walk(qtbot, window, tmp_path, seed)
    walk.answer_dialogs(monkeypatch)
    undo = walk.record()
    try:
        warm = min(300, actions // 4)
        for _ in range(warm):
            walk.step()
        before = resident_mb()
        for _ in range(actions - warm):
            walk.step()
        QApplication.processEvents()
        grown = resident_mb() - before
    finally:
        undo()
        window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    most = MEMORY_GROWTH_MB[actions]
    assert grown < most, f"memory grew {grown:.0f} MB over the walk (at most {most} MB)"
    return walk


@pytest.mark.parametrize("seed", [1, 2])
def test_a_random_walk_leaves_the_window_whole(qtbot, monkeypatch, tmp_path, seed):
    walk_window(qtbot, monkeypatch, tmp_path, seed, 300)


@pytest.mark.slow
def test_a_10000_action_walk_leaves_the_window_whole(qtbot, monkeypatch, tmp_path):
    walk_window(qtbot, monkeypatch, tmp_path, 12, 10_000)

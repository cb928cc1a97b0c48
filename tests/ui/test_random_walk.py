"""The real window survives a seeded random walk (tests/ui/walk.py): no uncaught exception, no
Qt warning, a consistent window after every action, and memory that stays bounded. One walk of
120 actions runs by default (its seed takes every kind of action: the test checks); a second
seed's 300 and a walk of 10,000 run behind the `slow` marker."""

import ctypes
import gc
from importlib import import_module

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from walk import Walk

from ui.autosave import Autosave
from ui.controller import Controller
from ui.main_window import MainWindow

# Growth after the first few hundred actions have warmed every cache up. Measured: ~10 MB over
# 1,000 actions; ~144 MB over 10,000, most of it after theme or scale changes once the other tabs
# are built (~350 KB a change; none on the step-through alone) and tab switches (~50 KB each).
MEMORY_GROWTH_MB = {120: 30, 300: 30, 10_000: 300}
# the writers the window imports at the first save, export or worksheet (PDF and SVG code)
LOADED_AT_FIRST_USE = ("ui.session", "ui.worksheet_export")
START = "notes-2-2-1-sigmoid-bce"
RELEASE_FREED = getattr(ctypes.CDLL(None), "malloc_trim", lambda _: 0)  # glibc's; else nothing


def resident_mb() -> float:
    """The process's resident memory now (not its peak), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


def settled_mb(window) -> float:
    """Resident memory with the window back on the walk's first preset (a fresh undo history):
    growth is compared in the same state, not with whatever net or batch the walk is on."""
    window.controller.open_preset(START)
    QApplication.processEvents()
    gc.collect()
    RELEASE_FREED(0)  # the C heap hands freed pages back: what stays resident is in use
    return resident_mb()


def walk_window(qtbot, monkeypatch, tmp_path, seed: int, actions: int) -> Walk:
    controller = Controller()
    window = MainWindow(controller, None, Autosave(controller, str(tmp_path / "autosave")))
    qtbot.addWidget(window)
    controller.open_preset(START)
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
        for module in LOADED_AT_FIRST_USE:  # once for the program's life: not growth
            import_module(module)
        for index in range(window.tabs.count()):  # each tab is built when first shown, once
            window.tabs.setCurrentIndex(index)
            QApplication.processEvents()
        window.tabs.setCurrentIndex(0)
        before = settled_mb(window)
        for _ in range(actions - warm):
            walk.step()
        grown = settled_mb(window) - before
    finally:
        undo()
        window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    most = MEMORY_GROWTH_MB[actions]
    assert grown < most, f"memory grew {grown:.0f} MB over the walk (at most {most} MB)"
    return walk


def test_a_random_walk_leaves_the_window_whole(qtbot, monkeypatch, tmp_path):
    walk = walk_window(qtbot, monkeypatch, tmp_path, 5, 120)
    assert not walk.untaken(), f"the walk never took {sorted(walk.untaken())}"


@pytest.mark.slow
def test_another_random_walk_leaves_the_window_whole(qtbot, monkeypatch, tmp_path):
    walk_window(qtbot, monkeypatch, tmp_path, 2, 300)


@pytest.mark.slow
def test_a_10000_action_walk_leaves_the_window_whole(qtbot, monkeypatch, tmp_path):
    walk_window(qtbot, monkeypatch, tmp_path, 12, 10_000)

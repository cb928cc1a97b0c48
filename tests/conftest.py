"""Shared test set-up: Qt runs offscreen so the suite needs no display; Python's garbage
collector works for the tests, not for pytest's own bookkeeping.

Collecting the suite leaves a few hundred thousand long-lived objects (the test items, their
modules, the rewritten asserts' syntax trees). With the collector's default thresholds every
full collection scans all of them again, and the tests allocate enough to start one every few
hundred milliseconds: measured, a seventh of the suite's CPU time. So the collector is off while
pytest collects; what collection left is then frozen (later collections skip it), and young
objects are collected less often. Nothing a test asserts depends on when the collector runs:
tests that count what is freed collect explicitly (tests/ui/conftest.py does after each window
test).
"""

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Python's bytecode cache is written (into the gitignored __pycache__ folders) even where the
# environment says not to (PYTHONDONTWRITEBYTECODE): the programs the tests start (the command
# line, the window in a process of its own) then read the program's modules compiled, not
# compile them again each time.
sys.dont_write_bytecode = False

YOUNG_THRESHOLD = 200_000  # allocations between collections of the youngest generation
gc.disable()


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 50, 100)
    gc.enable()

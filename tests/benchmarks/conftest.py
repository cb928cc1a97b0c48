"""The benchmarks print every figure of issue 14 beside a peer measured in the same run and its
target, one line each; they assert nothing (speed is measured, not tested).

Run with: python -m pytest tests/benchmarks --benchmark-only
"""

import pytest
from figures import FIGURES


@pytest.fixture
def report():
    """The run's list of Figures: `report.append(Figure(...))`, or `report.note(text)`."""
    return FIGURES


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    terminalreporter.section("backprop-sim figures: figure | peer | ratio | target | verdict")
    for line in FIGURES.lines():
        terminalreporter.write_line(line)

"""Benchmarks print each figure beside its target (issue 6); they never assert times.

Run with: python -m pytest tests/benchmarks --benchmark-only
"""

import pytest

_FIGURES = []


@pytest.fixture
def report():
    """report(figure, measured, unit, target, lower_is_better=True): add a row to the summary."""

    def add(figure, measured, unit, target=None, lower_is_better=True):
        if target is None:
            met = None
        else:
            met = measured <= target if lower_is_better else measured >= target
        _FIGURES.append((figure, measured, unit, target, lower_is_better, met))

    return add


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("backprop-sim figures against targets")
    width = max(len(f[0]) for f in _FIGURES)
    for figure, measured, unit, target, lower, met in _FIGURES:
        if target is None:
            write(f"{figure:<{width}}  {measured:10.3f} {unit:<6} (for comparison)")
            continue
        sign = "<=" if lower else ">="
        verdict = "met" if met else "NOT MET"
        write(
            f"{figure:<{width}}  {measured:10.3f} {unit:<6} target {sign} {target:g} {unit}"
            f"  {verdict}"
        )

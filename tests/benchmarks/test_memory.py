"""Memory over 10,000 micro-steps forward and back (issue 14): it stays bounded, as now."""

import tracemalloc

from figures import Figure

from simulator.cursor import Cursor
from simulator.presets import load_preset

STEPS = 5000  # forward, then as many back: 10,000 micro-steps a walk
WALKS = 3  # walks after the first, whose memory is the peer
GROWTH_TARGET_MB = 1.0


def test_memory_over_ten_thousand_micro_steps(benchmark, report):
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    cursor = Cursor(preset.build_network(), preset.load_data())

    def walk():
        for _ in range(STEPS):
            cursor.step_forward()
        for _ in range(STEPS):
            cursor.step_back()

    tracemalloc.start()
    walk()
    first = tracemalloc.get_traced_memory()[0] / 1e6
    benchmark.pedantic(walk, rounds=WALKS, iterations=1)
    last = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    report.append(
        Figure(
            f"memory held after {WALKS + 1} walks of 10,000 micro-steps, notes 2-2-1",
            last,
            "MB",
            "after the first walk",
            first,
            f"at most {GROWTH_TARGET_MB:g} MB more than the peer (bounded)",
            last - first <= GROWTH_TARGET_MB,
        )
    )

"""Window figures (issue 14), each app process beside a peer process: a key press to its painted
frame on four nets, opening a 4 x 128 net (first paint and memory), start-up to a painted window.

Big nets may not open within their time limit today; their figures then say so and miss."""

import statistics
import sys

import pytest
from figures import Figure, alternate, probe, run_process

# net -> (key presses, target ms per press, time limit of the app's process in seconds)
NETS = {
    "notes": (25, 5, 60),
    "8x32": (15, 16, 90),
    "16x64": (7, 50, 45),
    "4x128": (7, 50, 45),
}
NAMES = {"notes": "notes 2-2-1", "8x32": "8 x 32", "16x64": "16 x 64", "4x128": "4 x 128"}
OPEN_TARGET_S, OPEN_TARGET_MB = 1.5, 600
START_TARGET_S = 0.5
QUICK_OPEN_S = 10  # an open this fast is repeated twice more for a median of three


@pytest.mark.parametrize("net", list(NETS))
def test_key_press_to_painted_frame(benchmark, report, net):
    presses, target, limit = NETS[net]
    app, peer = benchmark.pedantic(
        lambda: (probe("app", net, presses, timeout=limit), probe("peer", net, presses)),
        rounds=1,
        iterations=1,
    )
    app_ms = [cpu for cpu, _ in app.records("press")]
    peer_ms = [cpu for cpu, _ in peer.records("press")]
    items = peer.records("open")[0][2]
    report.append(
        Figure(
            f"key -> painted frame, {NAMES[net]} (CPU ms, median of {len(app_ms)} presses)",
            statistics.median(app_ms) if app_ms else None,
            "ms",
            f"plain QGraphicsView, {items:,} items (NoIndex)",
            statistics.median(peer_ms),
            f"<= {target} ms",
            bool(app_ms) and statistics.median(app_ms) <= target,
            f"the app's process was stopped at its {limit} s limit" if app.stopped else "",
        )
    )
    if net == "4x128":
        report_opening(report, app, peer, limit)


def report_opening(report, app, peer, limit) -> None:
    """First paint and memory of opening the net, from the same processes (and two more opens
    when the first was quick enough to repeat)."""
    opens = [record[0] for record in app.records("open")]
    if opens and app.wall < QUICK_OPEN_S:
        opens += [probe("app", "4x128", 0).records("open")[0][0] for _ in range(2)]
    missing = f"no first paint within the {limit} s limit" if not opens else ""
    seconds = statistics.median(opens) if opens else None
    report.append(
        Figure(
            f"open a 4 x 128 net, to its first paint (CPU s, {len(opens)} run(s))",
            seconds,
            "s",
            "NoIndex scene with the same items",
            peer.records("open")[0][0],
            f"<= {OPEN_TARGET_S} s",
            seconds is not None and seconds <= OPEN_TARGET_S,
            missing,
        )
    )
    stopped = " (stopped at its limit, still growing)" if app.stopped else ""
    report.append(
        Figure(
            f"open a 4 x 128 net, peak memory of the process{stopped}",
            app.peak_mb,
            "MB",
            "NoIndex scene with the same items",
            peer.peak_mb,
            f"<= {OPEN_TARGET_MB} MB",
            app.peak_mb <= OPEN_TARGET_MB and not app.stopped,
        )
    )


def test_start_up_to_a_painted_window(benchmark, report, tmp_path):
    """The app's `gui --screenshot` (laid out, painted, saved) against a bare PySide6 window
    painted the same way, both as whole processes, in turn."""
    app_args = [sys.executable, "-m", "ui.cli", "gui", "--screenshot", str(tmp_path / "s.png")]
    cpu = {"app": [], "bare": []}
    commands = {"app": app_args, "bare": None}

    def launch(name):
        process = run_process(commands[name]) if commands[name] else probe("bare")
        cpu[name].append(process.cpu)

    repeats = 3
    benchmark.pedantic(
        alternate,
        args=({name: (lambda n=name: launch(n)) for name in commands}, repeats),
        rounds=1,
        iterations=1,
    )
    app, bare = statistics.median(cpu["app"]), statistics.median(cpu["bare"])
    report.append(
        Figure(
            f"start-up to a painted window (CPU s of the whole process, median of {repeats})",
            app,
            "s",
            "bare PySide6 window",
            bare,
            f"<= {START_TARGET_S} s",
            app <= START_TARGET_S,
        )
    )

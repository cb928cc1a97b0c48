"""A benchmark figure beside its peer and target, and the clocks the figures are read from.

Every time is a median of several repeats, the figure's and its peer's taken in turn (A B A B)
so a machine that speeds up or slows down during the run moves both alike. CPU time is the
process's (all its threads, so a BLAS helper thread counts too), not the wall clock, unless a
figure says wall.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Figure:
    """One printed line: `figure: value | peer: value | ratio | target: ... | MET/MISSED`.

    The ratio is always value / peer value. A value of None was not measured (`missing` says
    why) and misses its target.
    """

    name: str
    value: float | None
    unit: str
    peer: str
    peer_value: float | None
    target: str
    met: bool
    missing: str = ""

    def line(self) -> str:
        value = f"not measured ({self.missing})" if self.value is None else self._amount(self.value)
        peer = "none" if self.peer_value is None else self._amount(self.peer_value)
        measured = self.value is not None and self.peer_value
        ratio = f"{self.value / self.peer_value:.3g}x" if measured else "-"
        verdict = "MET" if self.met and self.value is not None else "MISSED"
        peer = f"peer {self.peer}: {peer}" if self.peer else "peer: none"
        return f"{self.name}: {value} | {peer} | ratio {ratio} | target: {self.target} | {verdict}"

    def _amount(self, value: float) -> str:
        return f"{_number(value)} {self.unit}".rstrip()


def _number(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


class Figures(list):
    """The run's figures and notes, printed at the end in the order they were measured."""

    def note(self, text: str) -> None:
        """A line that is not a figure, e.g. which peer was skipped and why."""
        self.append(text)

    def lines(self) -> list:
        return [entry if isinstance(entry, str) else entry.line() for entry in self]


FIGURES = Figures()


def alternate(actions: dict[str, Callable[[], object]], repeats: int, clock=time.process_time):
    """Run each action in turn, `repeats` rounds, the order rotated every round so none always
    follows the same one (whose caches it would inherit); name -> median seconds per run."""
    times = {name: [] for name in actions}
    names = list(actions)
    for round_number in range(repeats):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            start = clock()
            actions[name]()
            times[name].append(clock() - start)
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass(frozen=True)
class Process:
    """A finished child process: its CPU seconds (user + system), wall seconds, what it printed,
    whether its time limit stopped it, and its peak memory in MB when that stopped it."""

    cpu: float
    wall: float
    output: str
    stopped: bool
    peak_when_stopped: float | None

    @property
    def peak_mb(self) -> float:
        """Peak resident set: read before the stop, else the probe's own last report."""
        if self.peak_when_stopped is not None:
            return self.peak_when_stopped
        reported = self.records("memory")
        return reported[-1] if reported else float("nan")

    def records(self, kind: str) -> list:
        """Every value of `kind` in the JSON lines it printed (the window probe's figures)."""
        lines = (json.loads(line) for line in self.output.splitlines() if line.startswith("{"))
        return [line[kind] for line in lines if kind in line]


def run_process(args, timeout: float = 600) -> Process:
    """Run `args` as a whole process, stopped after `timeout` seconds of wall time, and read
    the kernel's own accounting of its CPU time (wait4). Its memory is not read from wait4: a
    child's peak there starts at the peak of the process it was forked from (this one)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    peak = []

    def stop():
        peak.append(peak_memory_mb(child.pid))
        child.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        timer.cancel()
        child.stdout.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return Process(cpu, wall, output.decode(), bool(peak), peak[0] if peak else None)


def peak_memory_mb(pid="self") -> float:
    """The process's peak resident set (VmHWM) in MB: of this program only, where the kernel's
    rusage would count the memory of the process it was forked from."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def probe(*args, timeout: float = 600) -> Process:
    """Run the window probe (window_probe.py) with `args` in a process of its own."""
    return run_process([sys.executable, str(HERE / "window_probe.py"), *map(str, args)], timeout)

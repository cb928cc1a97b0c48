"""Live training (issue 6): while moons trains at full speed in the Train view, how soon the
window's event loop answers, and how often the plots redraw."""

import time

from PySide6.QtCore import QElapsedTimer, QTimer

from simulator.presets import load_preset
from simulator.workspace import Workspace
from ui.training.training_view import TrainingView

PROBE_MS = 10  # a timer asks the event loop every 10 ms; its lateness is the answer time
RUN_SECONDS = 3.0


def measure_while_training(qtbot, view):
    """(lateness of each timer tick in ms, frames shown per second) over RUN_SECONDS."""
    late, frames, clock = [], [], QElapsedTimer()
    view.sigWeightsChanged.connect(lambda _: frames.append(time.perf_counter()))
    probe = QTimer()
    probe.setInterval(PROBE_MS)

    def tick():
        late.append(max(0.0, clock.restart() - PROBE_MS))

    probe.timeout.connect(tick)
    view.controls.epochs.setValue(100_000)
    view.train()
    clock.start()
    probe.start()
    qtbot.wait(int(RUN_SECONDS * 1000))
    probe.stop()
    view.pause()
    qtbot.waitUntil(lambda: not view.running, timeout=10_000)
    seconds = (frames[-1] - frames[0]) if len(frames) > 1 else RUN_SECONDS
    return sorted(late), (len(frames) - 1) / seconds


def test_event_loop_answers_while_training(benchmark, report, qtbot):
    preset = load_preset("moons")
    view = TrainingView()
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.set_workspace(Workspace.from_preset(preset))
    view.show()
    qtbot.waitExposed(view)
    late, frame_rate = benchmark.pedantic(
        measure_while_training, args=(qtbot, view), rounds=1, iterations=1
    )
    view.shutdown()
    report("event loop answer while training (median)", late[len(late) // 2], "ms", 50)
    report(
        "event loop answer while training (95th percentile)", late[int(len(late) * 0.95)], "ms", 50
    )
    report("live graph and plot updates per second", frame_rate, "Hz", 60)

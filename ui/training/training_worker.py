"""Runs the engine's `train` on a QThread and hands back throttled snapshots as signals.

The one mechanism for training in the background: the Train tab runs one TrainingWorker, the
learning-rate lesson one per rate. The training thread drops records, snapshots and the outcome
into a mailbox (a deque, safe between threads) and says so once per snapshot with a queued
signal; the GUI thread then empties the mailbox and emits one frame, so a fast network cannot
flood the event loop, nothing polls while the thread trains, and each plot paints once a frame.
Python lets one thread run at a time: while the GUI paints a frame the training thread waits,
and then it trains GUI_SHARE times as long as the frame took to make and show (the snapshot
included; at least LEAST_REFRESHES screen refreshes), so the window trains at 75% of the
engine's own speed or more however heavy the painting. The decision boundary (a forward pass
over the whole grid) is recomputed only when BOUNDARY_SHARE of the time since the last one pays
for it, and always for the snapshot a job ends with. `pause()` sets an Event that the engine's
per-epoch callback reads, so a pause takes effect at the end of the epoch being computed;
quitting the application pauses and waits.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal
from PySide6.QtGui import QGuiApplication

from simulator.keys import is_weight
from simulator.training import TrainingDiverged, train

SHOWN_TIMEOUT_FRAMES = 4  # the training thread waits at most this many frames for a paint
GUI_SHARE = 3.0  # train this many times as long as the last frame took to make and show
# and at least this many screen refreshes: curves that change 30 times a second (at 60 Hz) are
# as readable as at 60, and a frame that is quick to make costs training half as much
LEAST_REFRESHES = 2
BOUNDARY_SHARE = 0.05  # the boundary's share of the time while training, at most
DEFAULT_REFRESH_HZ = 60.0  # when the screen does not say how often it refreshes


def frame_interval() -> float:
    """Seconds between two screen refreshes: how often a worker delivers what it trained."""
    screen = QGuiApplication.primaryScreen()
    refresh = screen.refreshRate() if screen and screen.refreshRate() > 0 else 0
    return 1.0 / (refresh or DEFAULT_REFRESH_HZ)


@dataclass(frozen=True)
class TrainingJob:
    """One press of Train or Step: the network is the engine's, the thread's until it is done."""

    network: object
    dataset: object
    epochs: int
    test: object = None  # a Dataset, or None
    grid: np.ndarray | None = None  # (n_points, 2) inputs for the decision boundary, or None
    frame_interval: float = 1.0 / DEFAULT_REFRESH_HZ  # seconds between frames (see above)
    run: int = 0  # the view's run number, echoed back so stale results can be dropped
    judge: object = None  # a convergence.Judge that goes on watching across jobs, or None
    on_trouble: str = "flag"  # 'stop' ends the job at the engine's first trouble, 'flag' goes on


@dataclass(frozen=True)
class Snapshot:
    """The network as it stood after some epoch: read-only copies for the GUI thread."""

    weights: dict  # 'W[l,j,i]' -> value
    boundary: np.ndarray | None  # Network.predict(grid): (n_points, n_out); None: not recomputed
    epochs_done: int  # epochs finished in this job so far
    epochs_per_second: float


@dataclass(frozen=True)
class TrainingFrame:
    """What one screen refresh shows: the epochs finished since the last frame, the latest state."""

    records: tuple  # EpochRecords, oldest first
    snapshot: Snapshot | None  # None when no snapshot was taken (as after divergence)
    run: int
    trouble: object = None  # the engine's Verdict when its judge found a trouble in these epochs


@dataclass(frozen=True)
class Trouble:
    """A mailbox item: the judge's verdict on the epoch just trained."""

    verdict: object


class ReportingJudge:
    """The job's convergence.Judge, whose troubles also go to the mailbox as they are found, so
    a flagged run shows its trouble at once rather than when the job ends."""

    def __init__(self, judge, mailbox: deque):
        self.judge, self.mailbox = judge, mailbox

    def __repr__(self) -> str:
        return f"ReportingJudge({self.judge!r})"

    def observe(self, record):
        verdict = self.judge.observe(record)
        if verdict is not None:
            self.mailbox.append(Trouble(verdict))
        return verdict

    def non_finite(self, epoch: int, what: str, value: float):
        return self.judge.non_finite(epoch, what, value)

    def final(self):
        return self.judge.final()


@dataclass(frozen=True)
class Outcome:
    """How a job ended: 'finished' (every epoch ran), 'paused' (by pause, or stopped at a
    trouble), 'diverged' or 'refused'; `verdict` is the engine's on the job (convergence.py)."""

    kind: str
    error: Exception | None = None
    verdict: object = None


def weight_values(network) -> dict:
    """Every weight by its 1-based key 'W[l,j,i]', as the engine names them."""
    return {k: v for k, v in network.parameter_values().items() if is_weight(k)}


def training_slice(frame_seconds: float, frame_interval: float) -> float:
    """Seconds to train before the next snapshot, after a frame that took `frame_seconds` to
    make and show on a screen that refreshes every `frame_interval` seconds."""
    return max(LEAST_REFRESHES * frame_interval, GUI_SHARE * frame_seconds)


def latest_snapshot(snapshot: Snapshot, older: Snapshot | None) -> Snapshot:
    """`snapshot`, with `older`'s boundary when it brought none of its own (not recomputed)."""
    if snapshot.boundary is None and older is not None and older.boundary is not None:
        return replace(snapshot, boundary=older.boundary)
    return snapshot


class TrainingThread(QThread):
    """Trains one TrainingJob; posts records, snapshots and the Outcome to `mailbox`, and says
    so once per snapshot or outcome (sigPosted, delivered in the GUI thread): no polling timer
    wakes the GUI thread, and so takes Python's lock, while the thread trains."""

    sigPosted = Signal()  # a snapshot or the outcome is in the mailbox

    def __init__(self, mailbox: deque, pause: threading.Event, shown: threading.Event, parent=None):
        super().__init__(parent)
        self.mailbox, self.pause, self.shown, self.job = mailbox, pause, shown, None
        self._done, self._started, self._last_snapshot = 0, 0.0, 0.0
        self._slice = 0.0  # seconds of training until the next snapshot
        self._boundary_due = 0.0  # when the boundary has earned its next recomputing

    def __repr__(self) -> str:
        return f"TrainingThread(running={self.isRunning()})"

    def run(self) -> None:
        job = self.job
        self._done, self._started = 0, time.perf_counter()
        self._last_snapshot, self._slice = self._started, job.frame_interval
        self._boundary_due = self._started
        try:
            history = train(
                job.network,
                job.dataset,
                job.epochs,
                test=job.test,
                callback=lambda record: self._on_epoch(job, record),
                on_trouble=job.on_trouble,
                judge=job.judge and ReportingJudge(job.judge, self.mailbox),
            )
        except TrainingDiverged as error:  # its parameters are no longer finite: no snapshot
            self._post(Outcome("diverged", error, error.verdict))
            return
        except ValueError as error:  # data that does not fit the network
            self._post(Outcome("refused", error))
            return
        self._post_snapshot(job, final=True)
        finished = len(history) == job.epochs and not self.pause.is_set()
        self._post(Outcome("finished" if finished else "paused", None, history.verdict))

    def _post(self, item) -> None:
        self.mailbox.append(item)
        self.sigPosted.emit()

    def _on_epoch(self, job: TrainingJob, record) -> bool:
        """The engine's per-epoch callback: post the record, a snapshot when due; obey pause."""
        self.mailbox.append(record)
        self._done += 1
        if time.perf_counter() - self._last_snapshot >= self._slice:
            self.shown.clear()
            started = time.perf_counter()
            self._post_snapshot(job)
            # Let the GUI thread paint the frame with the GIL to itself, then go on: otherwise
            # each of its many short Python calls waits for the GIL and a frame takes 100 ms.
            self.shown.wait(SHOWN_TIMEOUT_FRAMES * job.frame_interval)
            self._last_snapshot = time.perf_counter()
            self._slice = training_slice(self._last_snapshot - started, job.frame_interval)
        return not self.pause.is_set()

    def _post_snapshot(self, job: TrainingJob, final: bool = False) -> None:
        """Post the network as it stands; its boundary when due (see BOUNDARY_SHARE) or `final`."""
        now = time.perf_counter()
        boundary = None
        if job.grid is not None and (final or now >= self._boundary_due):
            boundary = job.network.predict(job.grid)
            self._boundary_due = now + (time.perf_counter() - now) / BOUNDARY_SHARE
        rate = self._done / max(now - self._started, 1e-9)
        self._post(Snapshot(weight_values(job.network), boundary, self._done, rate))
        self._last_snapshot = now


class TrainingWorker(QObject):
    """Lives in the GUI thread; runs jobs on a TrainingThread and re-emits what it posts."""

    sigFrame = Signal(object)  # TrainingFrame, at most once per screen refresh
    sigFinished = Signal(bool, int)  # (every epoch ran rather than paused, the job's run)
    sigDiverged = Signal(object, int)  # (the engine's TrainingDiverged error, the job's run)
    sigRefused = Signal(str, int)  # (the engine's sentence on data that does not fit, the run)
    sigVerdict = Signal(object, int)  # (the engine's Verdict on the job, the run), before the end

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mailbox = deque()
        self._pause, self._shown = threading.Event(), threading.Event()
        self.thread = TrainingThread(self.mailbox, self._pause, self._shown, self)
        self.thread.sigPosted.connect(self.deliver)  # queued: it is emitted in the thread
        self._run = 0
        QCoreApplication.instance().aboutToQuit.connect(self.wait)

    def __repr__(self) -> str:
        return f"TrainingWorker({self.thread!r})"

    def start(self, job: TrainingJob) -> None:
        """Run `job` on the training thread; deliver its results every `frame_interval`."""
        self.wait()
        self.mailbox.clear()
        self._pause.clear()
        self._run = job.run
        self.thread.job = job
        self.thread.start()

    def pause(self) -> None:
        """Stop after the epoch being computed (safe to call from any thread)."""
        self._pause.set()
        self._shown.set()

    def wait(self) -> None:
        """Pause and block until the training thread has stopped (before closing the window)."""
        if self.thread.isRunning():
            self._pause.set()
            self.thread.wait()

    def deliver(self) -> None:
        """Empty the mailbox: one frame for the records and latest snapshot, then the outcome."""
        records, snapshot, outcome, trouble = [], None, None, None
        while self.mailbox:
            item = self.mailbox.popleft()
            if isinstance(item, Snapshot):
                snapshot = latest_snapshot(item, snapshot)
            elif isinstance(item, Outcome):
                outcome = item
            elif isinstance(item, Trouble):
                trouble = trouble or item.verdict
            else:
                records.append(item)
        if snapshot is None and outcome is None:  # the records wait for the frame's snapshot
            self.mailbox.extendleft(reversed([*records, *([Trouble(trouble)] if trouble else [])]))
            return
        if records or snapshot:
            self.sigFrame.emit(TrainingFrame(tuple(records), snapshot, self._run, trouble))
        if snapshot is not None:
            self._paint_now()
            self._shown.set()  # the frame is on screen: training goes on
        if outcome is not None:
            self._announce(outcome)

    @staticmethod
    def _paint_now() -> None:
        """Paint the frame here and now, while the training thread waits: the scenes' queued
        change notices (QGraphicsScene posts them), the plots' new layouts (an axis whose ticks
        grew wider), then the windows' paint requests, so each plot paints once. Painting while
        training runs would share Python's one lock, and both would crawl."""
        for kind in (QEvent.Type.MetaCall, QEvent.Type.LayoutRequest, QEvent.Type.UpdateRequest):
            QCoreApplication.sendPostedEvents(None, kind)

    def _announce(self, outcome: Outcome) -> None:
        if outcome.verdict is not None:
            self.sigVerdict.emit(outcome.verdict, self._run)
        if outcome.kind == "diverged":
            self.sigDiverged.emit(outcome.error, self._run)
        elif outcome.kind == "refused":
            self.sigRefused.emit(str(outcome.error), self._run)
        else:
            self.sigFinished.emit(outcome.kind == "finished", self._run)

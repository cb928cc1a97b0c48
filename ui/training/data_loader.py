"""Reading a class's data off the GUI thread: a 100,000-row CSV takes seconds to parse.

The engine's `chosen_data` (simulator/preset_data.py) reads the file, turns a label column into
one target per class and standardises; it runs on a Python thread, and its result comes back as
a signal, which Qt delivers in the GUI thread. A newer request makes an older one's result stale:
each carries a ticket and only the latest is delivered.
"""

import threading

from PySide6.QtCore import QObject, Signal

from simulator.preset_data import chosen_data


class DataLoader(QObject):
    """Runs chosen_data(spec, test_fraction, seed) on a thread; one request at a time counts."""

    sigLoaded = Signal(object, object)  # (Dataset, spec with the standardisation's numbers)
    sigFailed = Signal(str)  # the engine's sentence on a file it cannot use
    _sigDone = Signal(int, object, object, str)  # (ticket, Dataset, spec, error) from the thread

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ticket = 0
        self.thread = None
        self._sigDone.connect(self._deliver)

    def __repr__(self) -> str:
        return f"DataLoader(request {self.ticket}, {'busy' if self.busy else 'idle'})"

    @property
    def busy(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def load(self, spec: dict, test_fraction: float = 0.0, seed: int = 0) -> None:
        """Read the data `spec` names on a thread; sigLoaded or sigFailed follows."""
        self.ticket += 1
        self.thread = threading.Thread(
            target=self._run, args=(self.ticket, spec, test_fraction, seed), daemon=True
        )
        self.thread.start()

    def wait(self) -> None:
        """Block until the latest request has been read (tests, and closing the window)."""
        if self.thread is not None:
            self.thread.join()

    def _run(self, ticket: int, spec: dict, test_fraction: float, seed: int) -> None:
        try:
            data, spec = chosen_data(spec, test_fraction, seed)
        except ValueError as error:  # DataError: one sentence naming line and column
            self._sigDone.emit(ticket, None, None, str(error))
            return
        self._sigDone.emit(ticket, data, spec, "")

    def _deliver(self, ticket: int, data, spec, error: str) -> None:
        if ticket != self.ticket:
            return  # a newer request replaced this one
        if error:
            self.sigFailed.emit(error)
        else:
            self.sigLoaded.emit(data, spec)

"""Playback: a QTimer that asks the controller for the next step until the iteration ends."""

from PySide6.QtCore import QObject, QTimer, Signal

SLOWEST_MS, FASTEST_MS = 2000, 100  # delay between steps at speed 1 and at MAX_SPEED
MAX_SPEED = 10


class Player(QObject):
    """Steps forward on a timer; stops by itself at the end of the iteration."""

    sigPlayingChanged = Signal(bool)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.set_speed(4)

    def __repr__(self) -> str:
        return f"Player(playing={self.playing}, every {self.timer.interval()} ms)"

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def set_speed(self, speed: int) -> None:
        """Speed 1 (one step every 2 s) to MAX_SPEED (ten steps a second)."""
        fraction = (min(max(speed, 1), MAX_SPEED) - 1) / (MAX_SPEED - 1)
        self.timer.setInterval(round(SLOWEST_MS + (FASTEST_MS - SLOWEST_MS) * fraction))

    def toggle(self) -> None:
        if self.playing:
            self.stop()
        else:
            self.play()

    def play(self) -> None:
        if self.controller.at_end:
            self.controller.step_forward()  # from a finished iteration, start the next one
        self.timer.start()
        self.sigPlayingChanged.emit(True)

    def stop(self) -> None:
        if self.playing:
            self.timer.stop()
            self.sigPlayingChanged.emit(False)

    def _tick(self) -> None:
        self.controller.step_forward()
        if self.controller.at_end:
            self.stop()

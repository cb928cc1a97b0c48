"""Qt tests share one guard: PySide6 6.12 on Python 3.11 leaks references to None."""

from ui.none_guard import protect_none

protect_none()

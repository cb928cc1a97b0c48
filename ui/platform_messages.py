"""Qt's own messages go to stderr as ever, less the one the offscreen platform (screenshots,
`gui --screenshot`) prints for every window: it has no screen to pass size hints to, which
changes nothing a user sees."""

import sys

from PySide6.QtCore import qInstallMessageHandler

BENIGN = ("This plugin does not support propagateSizeHints()",)


def quiet_benign_messages() -> None:
    """Install a Qt message handler that drops BENIGN messages and passes on every other."""
    previous = None

    def handle(kind, context, message: str) -> None:
        if message in BENIGN:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handle)

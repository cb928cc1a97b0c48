"""The offscreen platform's size-hint warning is dropped; every other Qt message still reaches
whoever handled messages before (here pytest-qt's log)."""

from PySide6.QtCore import qInstallMessageHandler, qWarning

from ui.platform_messages import BENIGN, quiet_benign_messages


def test_only_the_benign_message_is_dropped(qtlog):
    before = qInstallMessageHandler(None)
    qInstallMessageHandler(before)  # pytest-qt's, which records into qtlog
    quiet_benign_messages()
    try:
        qWarning(BENIGN[0])
        qWarning("a warning worth seeing")
    finally:
        qInstallMessageHandler(before)
    assert [record.message for record in qtlog.records] == ["a warning worth seeing"]

"""The settings panel's wrapped labels (the example's title and description): each width is
wrapped once, and the height is always the one QLabel itself gives for the text, font, style
and margins on show."""

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel
from room import shown_window

from ui.panels.network_panel import WrappedLabel

LONG = "a preset's description, wrapped in the narrow side panel " * 16  # ~900 characters
WIDTHS = (270, 256) * 6  # the scroll area asks with and without its scroll bar, in turn


@pytest.fixture
def measured(monkeypatch):
    """(label's object name, width) for every time a WrappedLabel's text is wrapped anew."""
    made = []
    measure = WrappedLabel._measure

    def counted(label, width):
        made.append((label.objectName(), width))
        return measure(label, width)

    monkeypatch.setattr(WrappedLabel, "_measure", counted)
    return made


def wrapped(qtbot, text: str = LONG) -> WrappedLabel:
    label = WrappedLabel()
    qtbot.addWidget(label)
    label.setText(text)
    return label


def qt_heights(label: QLabel, widths=WIDTHS) -> list:
    """What a plain word-wrapped QLabel like `label` answers for each width."""
    plain = QLabel(label.text())
    plain.setWordWrap(True)
    plain.setFont(label.font())
    plain.setStyleSheet(label.styleSheet())
    plain.setContentsMargins(label.contentsMargins())
    return [plain.heightForWidth(width) for width in widths]


def test_each_width_is_wrapped_once_with_qt_own_height(qtbot, measured):
    label = wrapped(qtbot)
    assert [label.heightForWidth(width) for width in WIDTHS] == qt_heights(label)
    assert sorted(measured) == [("", 256), ("", 270)]


@pytest.mark.parametrize(
    "change",
    [
        lambda label: label.setText(LONG + "and then some more words to wrap"),
        lambda label: label.setFont(QFont("Sans", 23)),
        lambda label: label.setStyleSheet("QLabel { padding: 0 14px; font-size: 19px; }"),
        lambda label: label.setContentsMargins(20, 0, 9, 0),
    ],
    ids=["text", "font", "style", "margins"],
)
def test_what_changes_the_wrapping_is_measured_again(qtbot, measured, change):
    label = wrapped(qtbot)
    before = [label.heightForWidth(width) for width in WIDTHS]
    change(label)
    after = [label.heightForWidth(width) for width in WIDTHS]
    assert after == qt_heights(label) and after != before
    assert len(measured) == 4  # both widths before, both again after


def test_the_window_wraps_the_description_once_per_width(qtbot, measured):
    window = shown_window((1280, 800))  # the settings collapsed: its scroll bar comes and goes
    qtbot.addWidget(window)
    widths = [width for name, width in measured if name == "presetDescription"]
    assert widths and len(widths) == len(set(widths)), widths
    description = window.network_panel.description
    assert (
        description.heightForWidth(description.width())
        == qt_heights(description, [description.width()])[0]
    )

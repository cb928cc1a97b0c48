"""Light and dark colour themes that stay readable on a projector, and the window stylesheet.

Colours are hex strings. The sign pair (blue / vermillion) and the highlight pair (amber /
teal) come from the Okabe-Ito palette, so they stay distinct for colour-blind viewers.
"""

import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

BASE_FONT_PX = 14


@dataclass(frozen=True)
class Theme:
    """The colours of one theme; every view reads its colours from here."""

    name: str
    background: str  # window and graph background
    surface: str  # panels, neuron fill, label pills
    text: str  # primary text and outlines
    muted: str  # secondary text (units, captions)
    grid: str  # plot grid lines and faint separators
    positive: str  # positive weights
    negative: str  # negative weights
    current: str  # the value being computed right now
    read: str  # the values the current step reads
    dimmed: str  # not-yet-computed items
    mismatch: str  # hand-worked value differs from the engine
    match: str  # hand-worked value agrees with the engine


LIGHT = Theme(
    name="light",
    background="#ffffff",
    surface="#f3f5f8",
    text="#111418",
    muted="#5a6270",
    grid="#d5dae1",
    positive="#0072b2",
    negative="#d55e00",
    current="#e69f00",
    read="#009e9e",
    dimmed="#b8bec7",
    mismatch="#c62828",
    match="#1b7f3b",
)

DARK = Theme(
    name="dark",
    background="#15181d",
    surface="#222730",
    text="#f2f4f7",
    muted="#a3abb8",
    grid="#3a414d",
    positive="#56b4e9",
    negative="#ff8c42",
    current="#ffc107",
    read="#3fd6c6",
    dimmed="#555d6a",
    mismatch="#ff5c5c",
    match="#4cd07d",
)

THEMES = {"light": LIGHT, "dark": DARK}


def font_px(scale: float, factor: float = 1.0) -> int:
    """The base font size in pixels for a presentation scale (never below 14 px at scale 1)."""
    return max(1, round(BASE_FONT_PX * scale * factor))


def stylesheet(theme: Theme, scale: float = 1.0) -> str:
    """A Qt stylesheet for a window and the dialogs it opens; every font size grows with `scale`.
    A slider is drawn in the theme's colours, its groove never the background's: the dark
    theme's unfilled groove was not to be seen on a projector."""
    base, large = font_px(scale), font_px(scale, 1.3)
    pad = max(2, round(4 * scale))
    groove = 2 * max(2, round(3 * scale))  # even: the knob stands evenly above and below it
    knob = groove + 2 * max(4, round(base * 0.55 - groove / 2))  # a round knob about a line high
    return f"""
QWidget {{ font-size: {base}px; color: {theme.text}; background: {theme.background}; }}
QToolTip {{ color: {theme.text}; background: {theme.surface};
    border: 1px solid {theme.grid}; padding: {pad}px; }}
QPushButton, QToolButton, QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit {{
    background: {theme.surface}; border: 1px solid {theme.grid}; border-radius: {pad}px;
    padding: {pad}px {2 * pad}px; }}
QPushButton:hover, QToolButton:hover {{ border-color: {theme.read}; }}
QPushButton:checked, QToolButton:checked {{ border: 2px solid {theme.current}; }}
QHeaderView::section {{ background: {theme.surface}; color: {theme.muted};
    border: none; border-bottom: 1px solid {theme.grid}; padding: {pad}px; }}
QTableView {{ gridline-color: {theme.grid}; alternate-background-color: {theme.surface}; }}
QTableView::item:selected, QListView::item:selected {{
    background: {theme.current}; color: {theme.background}; }}
QGroupBox {{ border: 1px solid {theme.grid}; border-radius: {pad}px; margin-top: {large}px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: {2 * pad}px; color: {theme.muted}; }}
QStatusBar, QMenuBar, QToolBar, QToolBar QLabel, QToolBar #field {{ background: {theme.surface}; }}
QMenu::item:selected {{ background: {theme.read}; color: {theme.background}; }}
QSlider {{ background: transparent; min-height: {knob + 2}px; }}
QSlider::groove:horizontal {{ height: {groove}px; background: {theme.dimmed};
    border-radius: {groove // 2}px; }}
QSlider::sub-page:horizontal {{ background: {theme.read}; border-radius: {groove // 2}px; }}
QSlider::handle:horizontal {{ background: {theme.text}; width: {knob}px;
    margin: -{(knob - groove) // 2}px 0; border-radius: {knob // 2 - 1}px; }}
{_boxes_and_arrows(theme, base, pad)}"""


def _boxes_and_arrows(theme: Theme, base: int, pad: int) -> str:
    """A check box as a square outlined in the theme's text colour (filled when checked), and a
    spin box's up and down arrows in that colour: the style's own were a dark outline on the
    dark theme, and no arrows at all once the spin box is styled."""
    box, line = round(base * 0.95), max(1, round(base / 10))
    button, tip = round(base * 1.1), max(6, round(base * 0.7))
    spins = ("QSpinBox", "QDoubleSpinBox")

    def each(part: str) -> str:
        return ", ".join(f"{spin}::{part}" for spin in spins)

    rules = [
        f"QCheckBox::indicator {{ width: {box}px; height: {box}px; padding: {line}px; "
        f"border: {line}px solid {theme.text}; border-radius: {pad // 2}px; "
        "background: transparent; background-clip: content; }",
        f"QCheckBox::indicator:checked {{ background: {theme.read}; }}",
        f"{each('up-button')}, {each('down-button')} {{ width: {button}px; "
        f"border-left: 1px solid {theme.grid}; background: transparent; }}",
        f"{each('up-button')} {{ subcontrol-position: top right; }}",
        f"{each('down-button')} {{ subcontrol-position: bottom right; }}",
    ]
    for side in ("up", "down"):
        picture = arrow_picture(theme.text, side).as_posix()
        rules.append(
            f"{each(side + '-arrow')} {{ image: url({picture}); width: {tip}px; "
            f"height: {tip // 2}px; }}"
        )
    return "\n".join(rules) + "\n"


@functools.cache
def arrow_picture(colour: str, side: str) -> Path:
    """An SVG triangle in `colour` pointing `side` ('up' or 'down'), as a file: a style sheet
    shows pictures from files only. Written once per colour into a folder of this process's
    own, removed when it ends."""
    points = "0,8 8,0 16,8" if side == "up" else "0,0 8,8 16,0"
    path = Path(_pictures().name) / f"{side}-{colour.lstrip('#')}.svg"
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 8">'
        f'<polygon points="{points}" fill="{colour}"/></svg>',
        encoding="utf-8",
    )
    return path


@functools.cache
def _pictures() -> tempfile.TemporaryDirectory:
    """The folder of the style sheet's pictures (removed at exit with this object)."""
    return tempfile.TemporaryDirectory(prefix="backprop-sim-")


def apply_palette(window: QWidget, theme: Theme) -> None:
    """Set the window's palette so its native widgets match the theme (the application's
    palette stays as it was: another window, or a test's, is not restyled)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.background,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.background,
        QPalette.ColorRole.AlternateBase: theme.surface,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.current,
        QPalette.ColorRole.HighlightedText: theme.background,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.positive,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.dimmed))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.dimmed)
    )
    window.setPalette(palette)

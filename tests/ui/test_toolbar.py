"""The stepping toolbar on a projector: at 1024 x 768 and a large presentation scale what does
not fit moves into the menu of a » button a class can see and click, and its icons take the
theme's colours."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from room import shown_window

from ui.presentation import SCALES, Presentation
from ui.theme import THEMES, font_px
from ui.toolbar_style import ToolbarStyle, extension_button, shared_toolbar_style

LARGEST = len(SCALES) - 1 - SCALES.index(1.0)


def practice_button(window):
    (practice,) = [a for a in window.toolbar.actions() if "Practice" in a.text()]
    return window.toolbar.widgetForAction(practice)


def on_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def rgb(colour: str) -> np.ndarray:
    """A theme colour '#rrggbb' as (r, g, b)."""
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def icon_pixels(icon, side: int = 32) -> np.ndarray:
    """The icon drawn `side` px square, as RGBA rows (a copy: the array would otherwise read
    the image's memory after the image is freed, and two icons could then compare equal)."""
    image = icon.pixmap(side, side).toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).copy()


def icon_colours(icon) -> np.ndarray:
    """The RGB of the icon's opaque pixels."""
    pixels = icon_pixels(icon)
    return pixels[pixels[..., 3] > 200][:, :3]


def test_at_1024_and_scale_two_the_rest_of_the_toolbar_is_behind_a_visible_button(qtbot):
    window = shown_window((1024, 768))
    qtbot.addWidget(window)
    window.apply_presentation(Presentation(THEMES["light"], LARGEST))
    qtbot.wait(1)
    toolbar, extension = window.toolbar, extension_button(window.toolbar)
    inside = window.rect()
    shown = [toolbar.widgetForAction(a) for a in toolbar.actions() if toolbar.widgetForAction(a)]
    shown = [widget for widget in shown if widget.isVisible()]
    assert all(inside.contains(on_window(window, widget)) for widget in shown)  # none cut
    assert not practice_button(window).isVisible()  # it moved into the » menu
    assert extension.isVisible() and inside.contains(on_window(window, extension))
    assert extension.width() >= 2 * font_px(window.scale)  # a button, not a 12 px sliver
    assert extension.icon().actualSize(extension.iconSize()).width() >= font_px(window.scale)
    qtbot.mouseClick(extension, Qt.MouseButton.LeftButton)
    practice = practice_button(window)
    qtbot.waitUntil(practice.isVisible)
    assert inside.contains(on_window(window, practice))
    assert window.speed.isVisible() and window.speed.width() >= 5 * font_px(window.scale)


def test_the_speed_slider_moves_whole_never_squeezed(qtbot):
    window = shown_window((1024, 768))
    qtbot.addWidget(window)
    for step in range(LARGEST + 1):
        window.apply_presentation(Presentation(THEMES["light"], step))
        qtbot.wait(1)
        if window.speed.isVisible():
            assert window.speed.width() >= 5 * font_px(window.scale), window.scale


def test_play_and_more_are_drawn_in_the_themes_text_colour(qtbot, window):
    for name in ("dark", "light"):
        theme = THEMES[name]
        window.apply_presentation(Presentation(theme, 0))
        text = rgb(theme.text)
        for icon in (window.play.icon(), extension_button(window.toolbar).icon()):
            colours = icon_colours(icon)
            assert len(colours) > 20, name
            assert np.abs(colours.astype(int) - text).max(axis=1).mean() < 40, name
    play = icon_pixels(window.play.icon())
    window.player.toggle()  # playing: Pause, another shape in the same colour
    try:
        assert window.play.text() == "&Pause"
        assert not np.array_equal(icon_pixels(window.play.icon()), play)
        assert np.abs(icon_colours(window.play.icon()).astype(int) - text).max(axis=1).mean() < 40
    finally:
        window.player.toggle()


def luminance(rgb_row) -> float:
    """WCAG relative luminance of an RGB colour (0-255)."""
    channel = np.asarray(rgb_row, float) / 255
    linear = np.where(channel <= 0.03928, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(first, second) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_speed_slider_is_drawn_in_the_themes_colours_its_groove_seen(qtbot, window):
    """Filled in the theme's colour, a knob of its text colour, and the unfilled groove set off
    from the toolbar behind it: on the dark theme it used to vanish into its own dark box."""
    for name in ("dark", "light"):
        theme = THEMES[name]
        window.apply_presentation(Presentation(theme, 0))
        qtbot.wait(1)
        shot = window.grab(on_window(window, window.speed)).toImage()
        shot = shot.convertToFormat(QImage.Format.Format_RGB888)
        rows = np.frombuffer(shot.constBits(), np.uint8).reshape(shot.height(), -1)
        pixels = rows[:, : 3 * shot.width()].reshape(shot.height(), shot.width(), 3).astype(int)
        middle, backdrop = pixels[shot.height() // 2], pixels[0, -1]
        assert np.abs(backdrop - rgb(theme.surface)).max() < 8, name  # the toolbar, no box
        for part in ("read", "text", "dimmed"):  # filled, knob, unfilled: each in the row
            near = np.abs(middle - rgb(getattr(theme, part))).max(axis=1) < 8
            assert near.sum() >= 4, (name, part)
        assert contrast(rgb(theme.dimmed), backdrop) >= 1.5, name
        assert contrast(rgb(theme.text), backdrop) >= 4.5, name


# three windows left open at the program's end, each styled larger than it was built
OPEN_AT_EXIT = """
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.presentation import Presentation
windows = [MainWindow(Controller()) for _ in range(3)]
for window in windows:
    window.controller.open_preset("notes-2-2-1-sigmoid-bce")
    window.show()
    window.apply_presentation(Presentation(window.theme, 4))
    app.processEvents()
"""


def test_a_program_ending_with_its_windows_open_exits_cleanly(window):
    """The toolbar's style belongs to the application, one for every window: a style of the
    window's own, freed by Python at the program's end, crashed the exit (four runs in five),
    and one freed with the window crashed its deletion."""
    (style,) = QApplication.instance().findChildren(ToolbarStyle)  # one for every window
    assert shared_toolbar_style(QApplication.instance()) is style
    assert not isinstance(QApplication.style(), ToolbarStyle)  # the rest keep Qt's own
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    run = subprocess.run(
        [sys.executable, "-c", OPEN_AT_EXIT], env=environment, cwd=root, capture_output=True
    )
    assert run.returncode == 0, run.stderr.decode()[-800:]

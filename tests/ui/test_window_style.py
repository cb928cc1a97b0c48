"""The window's one style sheet: a theme or scale change restyles the window once (no panel keeps
a sheet of its own but the phase strip's pill size), the panels still look as their rules say,
and the practice panel is built only when practice first needs it."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.panels import phase_strip
from ui.panels.batch_table import BatchTable
from ui.panels.phase_strip import PhaseStrip
from ui.panels.practice_panel import PracticePanel
from ui.theme import DARK, LIGHT, apply_palette, font_px, stylesheet

TEXT = QPalette.ColorRole.WindowText


def colour(widget) -> str:
    return widget.palette().color(TEXT).name()


def own_sheets(window) -> list:
    """The widgets of the window with a style sheet of their own."""
    return [widget for widget in window.findChildren(QWidget) if widget.styleSheet()]


def test_a_theme_or_scale_change_leaves_the_panels_no_sheet_of_their_own(qtbot, window):
    window._toggle_theme()
    window._rescale(1)
    assert own_sheets(window) == [window.phase_strip]
    assert "font-size" in window.phase_strip.styleSheet()
    assert "#" not in window.phase_strip.styleSheet().replace("#pill", "").replace("#arrow", "")


def test_the_panels_take_their_colours_and_sizes_from_the_window_sheet(qtbot, window):
    window._toggle_theme()
    window._rescale(1)
    scale = window.scale
    window.show_error("a sentence")
    caption = window.phase_strip.caption
    assert colour(caption) == DARK.muted and caption.font().pixelSize() == font_px(scale)
    assert colour(window.batch_table.caption) == DARK.muted
    assert window.batch_table.caption.font().pixelSize() == font_px(scale)
    assert colour(window.network_panel.description) == DARK.muted
    assert colour(window.message) == DARK.mismatch
    formula = window.formula.palette().color(QPalette.ColorRole.Window).name()
    assert formula == DARK.surface
    window._toggle_theme()
    assert colour(caption) == LIGHT.muted and colour(window.message) == LIGHT.mismatch


def test_the_lit_pill_is_bold_on_the_current_colour_and_the_others_muted(qtbot, window):
    window.controller.step_forward()
    lit = window.phase_strip.pills[window.phase_strip.phase]
    other = next(pill for pill in window.phase_strip.pills.values() if pill is not lit)
    assert lit.font().bold() and not other.font().bold()
    assert lit.palette().color(QPalette.ColorRole.Window).name() == LIGHT.current
    assert colour(other) == LIGHT.muted


def test_a_phase_strip_alone_looks_as_in_the_window_with_its_rules_as_its_sheet(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    strip = PhaseStrip(host)
    host.setStyleSheet(phase_strip.style_rules(DARK, 1.5))
    strip.set_style(DARK, 1.5)
    host.show()
    assert colour(strip.caption) == DARK.muted
    assert strip.caption.font().pixelSize() == font_px(1.5)
    assert all(colour(pill) == DARK.muted for pill in strip.pills.values())


def test_the_practice_panel_is_built_when_practice_first_starts(qtbot, window):
    assert not window.findChildren(PracticePanel)
    assert not window.findChildren(BatchTable)  # the notes' net has no batch: none is built
    window.set_practising(True)
    panel = window.practice_panel
    assert window.findChildren(PracticePanel) == [panel]
    assert window.formula_stack.currentWidget() is panel
    assert panel.heading.text().startswith("Practice ·")
    assert panel.question.font().pixelSize() == font_px(window.scale, 1.6)
    assert colour(panel.score.title) == LIGHT.text and panel.score.title.font().bold()
    assert colour(panel.score.cells[("total", "first_time")]) == LIGHT.match
    assert panel.score.cells[("total", "asked")].font().bold()
    window._toggle_theme()
    assert colour(panel.hint) == DARK.read and own_sheets(window) == [window.phase_strip]


def test_a_practice_panel_built_after_practice_started_shows_where_practice_is(qtbot, window):
    window.practice.start()
    assert window.practice_panel.heading.text().startswith("Practice ·")


def themed_box(qtbot, theme, scale: float) -> tuple:
    """A widget styled as the window is, holding an unchecked and a checked check box and a spin
    box: (the widget, the check boxes, the spin box)."""
    box = QWidget()
    qtbot.addWidget(box)
    apply_palette(box, theme)
    box.setStyleSheet(stylesheet(theme, scale))
    layout = QVBoxLayout(box)
    checks = [QCheckBox("standardise the inputs"), QCheckBox("hold out a test set")]
    checks[1].setChecked(True)
    spin = QSpinBox()
    for widget in (*checks, spin):
        layout.addWidget(widget)
    box.show()
    qtbot.waitExposed(box)
    return box, checks, spin


def inked(widget, rect, colour: str) -> int:
    """How many pixels of `rect` in `widget` are within 40 of `colour` in each channel."""
    image = widget.grab(rect).toImage()
    want = QColor(colour)
    return sum(
        all(
            abs(a - b) <= 40
            for a, b in zip(QColor(image.pixel(x, y)).getRgb()[:3], want.getRgb()[:3])
        )
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_check_boxes_and_spin_arrows_show_in_the_text_colour(qtbot, theme):
    """On the dark theme the style drew a check box as a dark outline on the dark background,
    and a styled spin box's buttons had no arrows on either theme."""
    _, (unchecked, checked), spin = themed_box(qtbot, theme, 1.5)
    for check in (unchecked, checked):
        option = QStyleOptionButton()
        check.initStyleOption(option)
        square = check.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, check)
        assert inked(check, square, theme.text) >= 2 * square.width(), f"{check.text()} unseen"
    option = QStyleOptionSpinBox()
    spin.initStyleOption(option)
    for part in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        button = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, spin)
        assert inked(spin, button, theme.text) >= 10, f"no arrow in {part}"

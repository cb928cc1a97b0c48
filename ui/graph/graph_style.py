"""The colours, fonts and line widths every graph item paints with, for one theme and scale."""

from dataclasses import dataclass, replace
from functools import cache, lru_cache

from PySide6.QtGui import QColor, QFont, QFontMetricsF

from ui.theme import LIGHT, Theme

TITLE_PT = 13.0  # neuron titles (x1, H1, O, L)
VALUE_PT = 10.5  # value lines (z = 0.44) and edge labels


@dataclass(frozen=True)
class GraphStyle:
    """One theme at one presentation scale; `compact` is set for nets too big for edge labels.

    `lettering` grows the type (values, titles, tags) beyond the scale while circles, lines
    and gaps keep their size: the layout raises it until the labels read on screen."""

    theme: Theme = LIGHT
    scale: float = 1.0
    compact: bool = False
    card: str = "stack"  # a neuron's values: 'stack' below it, 'grid' 2 x 2 below, 'side'
    lettering: float = 1.0

    def __repr__(self) -> str:
        return (
            f"GraphStyle({self.theme.name!r}, scale={self.scale}, compact={self.compact}, "
            f"card={self.card!r}, lettering={self.lettering})"
        )

    def with_changes(self, **changes) -> "GraphStyle":
        """A copy with some fields replaced (theme, scale, compact, card or lettering)."""
        return replace(self, **changes)

    def value_px(self) -> float:
        """The em size of value labels, in scene units (pixels at zoom 1 on a 96 dpi screen)."""
        return self.font().pointSizeF() * 96 / 72

    def px(self, length: float) -> float:
        """A length in scene units that grows with the presentation scale."""
        return length * self.scale

    def colour(self, name: str, alpha: int = 255) -> QColor:
        """The theme colour called `name` ('text', 'current', ...), optionally translucent."""
        colour = QColor(getattr(self.theme, name))
        colour.setAlpha(alpha)
        return colour

    def font(self, points: float = VALUE_PT, bold: bool = False) -> QFont:
        """A font in points relative to the scale and lettering (compact nets use a slightly
        smaller size).

        Shared between items: copy it (QFont(font)) before changing it."""
        return _font(self._points(points), bold)

    def metrics(self, points: float = VALUE_PT, bold: bool = False) -> QFontMetricsF:
        """Metrics of `font(points, bold)` for measuring labels."""
        return _metrics(self._points(points), bold)

    def text_width(self, text: str, points: float = VALUE_PT, bold: bool = False) -> float:
        """The advance of `text` in `font(points, bold)`, measured once per font and text (a
        layout search measures every item's rows at each style it tries)."""
        return _advance(self._points(points), bold, text)

    def _points(self, points: float) -> float:
        return points * self.scale * self.lettering * (0.85 if self.compact else 1.0)

    def blend(self, name: str, opacity: float) -> QColor:
        """Theme colour `name` mixed opaquely into the background (cheaper to draw than alpha)."""
        colour, background = QColor(getattr(self.theme, name)), QColor(self.theme.background)
        mixed = [
            round(opacity * a + (1 - opacity) * b)
            for a, b in zip(colour.getRgb()[:3], background.getRgb()[:3])
        ]
        return QColor(*mixed)


@cache
def _font(points: float, bold: bool) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


@cache
def _metrics(points: float, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(_font(points, bold))


@lru_cache(maxsize=8192)  # a session's texts: every row's numbers at a few sizes
def _advance(points: float, bold: bool, text: str) -> float:
    return _metrics(points, bold).horizontalAdvance(text)

"""Presentation scale in exact steps, and how the window's theme and scale are saved.

The scale is stored as a whole number of steps from normal size (0 = 1.0), never as a float
product, so Ctrl+= then Ctrl+- is exactly 1.0 again, and a saved scale reopens as it was.
"""

from dataclasses import dataclass

from ui.theme import THEMES, Theme

SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)  # Ctrl+- ... Ctrl+= from normal size
NORMAL = SCALES.index(1.0)


def clamped(step: int) -> int:
    """`step` kept within the table."""
    return min(max(step, -NORMAL), len(SCALES) - 1 - NORMAL)


def scale_of(step: int) -> float:
    """The scale `step` steps from normal size (clamped to the table)."""
    return SCALES[NORMAL + clamped(step)]


def step_of(scale: float) -> int:
    """The step whose scale is nearest `scale` (a scale saved by an older version)."""
    nearest = min(range(len(SCALES)), key=lambda index: abs(SCALES[index] - scale))
    return nearest - NORMAL


@dataclass(frozen=True)
class Presentation:
    """A theme and a whole number of scale steps; `scale` is read from the table."""

    theme: Theme = THEMES["light"]
    step: int = 0

    def __repr__(self) -> str:
        return f"Presentation({self.theme.name!r}, step {self.step}, scale {self.scale})"

    @property
    def scale(self) -> float:
        return scale_of(self.step)

    def larger(self, direction: int = 1) -> "Presentation":
        """One step larger (direction 1) or smaller (-1), kept within the table."""
        return Presentation(self.theme, clamped(self.step + direction))

    def toggled(self) -> "Presentation":
        """The other theme at the same scale."""
        other = "dark" if self.theme.name == "light" else "light"
        return Presentation(THEMES[other], self.step)

    @classmethod
    def load(cls, settings) -> "Presentation":
        """The presentation saved in `settings` (a QSettings), or the default one."""
        if settings is None:
            return cls()
        theme = THEMES.get(str(settings.value("theme", "light")), THEMES["light"])
        try:
            if settings.contains("scale_step"):
                return cls(theme, clamped(int(settings.value("scale_step"))))
            return cls(theme, step_of(float(settings.value("scale", 1.0))))
        except (TypeError, ValueError):  # a damaged setting: normal size
            return cls(theme)

    def save(self, settings) -> None:
        settings.setValue("theme", self.theme.name)
        settings.setValue("scale_step", self.step)
        settings.remove("scale")  # the float of older versions

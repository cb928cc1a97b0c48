"""The layout's choices remembered: a net's form, lettering and spread by everything the search
for them reads. Another window, a preset opened again or a view back at a size it had is laid
out by one plan (network_plan.py) instead of a search of tens (network_layout.py).
"""

MAX_CHOICES = 256


class Choices(dict):
    """key -> (form, style, spread); cleared whole when it reaches MAX_CHOICES."""

    def remember(self, key, choice) -> None:
        if len(self) >= MAX_CHOICES:
            self.clear()
        self[key] = choice


CHOICES = Choices()


def choice_key(sizes, style, view, shapes) -> tuple:
    """What a search depends on: the net, the style's sizes (a theme only colours the same
    layout), the view's size and the measured items (`shapes`, in their fixed order: equal for
    the same net with the same texts)."""
    occupied = tuple(rect for rects in shapes.occupied.values() for rect in rects)
    outlines = (*occupied, *shapes.outline.values())
    shape = (style.scale, style.compact, style.card, style.lettering)  # never the theme's colours
    return sizes, shape, view.width(), view.height(), outlines, tuple(shapes.pills.values())

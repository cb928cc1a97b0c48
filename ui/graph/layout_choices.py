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
    rects = [*shapes.occupied.values(), *shapes.outline.values()]
    rects = [r for shape in rects for r in (shape if isinstance(shape, list) else [shape])]
    pills = tuple((size.width(), size.height()) for size in shapes.pills.values())
    outlines = tuple((r.x(), r.y(), r.width(), r.height()) for r in rects)
    shape = (style.scale, style.compact, style.card, style.lettering)  # never the theme's colours
    return sizes, shape, view.width(), view.height(), outlines, pills

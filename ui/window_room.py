"""How the window shares the screen: it opens within the screen's available area, the graph
and formula keep most of the width, the side panels give way first (the steps table, then the
settings: narrower, then scrolled, then collapsed, then the table), and the formula panel takes
what its lines need in height, the graph the rest, but never less than its floor (a formula
taller than the room left scrolls in its panel).

The sharing rules are plain functions of sizes in pixels, so they are tested without a window.
"""

from PySide6.QtCore import QByteArray, QRect

CENTRE_SHARE = 0.64  # the graph and formula keep at least this share of the width
FORMULA_SHARE = 0.3  # the formula panel's usual share of the stepping area's height, at most
MIN_GRAPH_HEIGHT = 120  # the graph's last pixels, kept even when a formula needs more height
GRAPH_SHARE = 1 / 3  # the graph keeps at least this share of the stepping area's height: it
# is what the class follows; a formula taller than the rest (a big net's sum) scrolls instead.
# The notes' formulas need up to 60 % at presentation scale 2.0 at 1024x768: they stay whole
AMPLE_GRAPH = 500  # a graph this high or higher gives the formula panel its every line at full
# size (a slip's verdict and explanation among them): 1920x1080, not 1280x800


def share_width(
    total: int,
    side: tuple[int, int],
    table: tuple[int, int],
    centre_share=CENTRE_SHARE,
    keep_side: bool = False,
) -> tuple[int, int, int]:
    """(side, centre, table) widths out of `total`; `side` and `table` are (preferred,
    minimum). The centre keeps `centre_share` of the total; the table shrinks to its minimum,
    then the side panel to its own (it scrolls); below that the side panel collapses, leaving
    the table at its minimum and the rest to the centre; the table collapses last. With
    `keep_side` (the user asked for the settings), both panels keep their minimum and the
    centre takes what is left."""
    if keep_side:
        centre_share = min(centre_share, 1 - (side[1] + table[1]) / max(total, 1))
    room = total - round(total * centre_share)
    side_width, table_width = side[0], table[0]
    if side_width + table_width > room:
        table_width = max(table[1], room - side_width)
    if side_width + table_width > room:
        side_width = max(side[1], room - table_width)
    if side_width + table_width > room:
        side_width, table_width = 0, table[1]
    if table_width > room:
        table_width = 0
    return side_width, total - side_width - table_width, table_width


def graph_floor(total: int) -> int:
    """The least height the graph keeps out of the stepping area's `total`."""
    return max(MIN_GRAPH_HEIGHT, round(total * GRAPH_SHARE))


def most_formula_height(total: int, needed: int) -> int:
    """The most height the formula panel gets out of `total` when its lines need `needed`: what
    the graph's floor leaves; or, when even that is too little and it scrolls anyway, its usual
    share, so the graph the class follows keeps the rest (room to follow a big net's values
    without scrolling at every step)."""
    most = max(0, total - graph_floor(total))
    return most if needed <= most else min(most, round(total * FORMULA_SHARE))


def share_height(total: int, comfortable: int, minimum: int, ample: int = 0) -> tuple[int, int]:
    """(graph, formula) heights out of `total`: the formula panel gets its comfortable height
    up to FORMULA_SHARE of the total, more if its lines need it (`minimum`), but never more than
    the graph's floor leaves. Where the graph would still be AMPLE_GRAPH high, the panel gets
    `ample` (a step's every line at full size, the notes' verdict among them) if that is more."""
    if total - ample >= AMPLE_GRAPH:
        comfortable = max(comfortable, ample)
    formula = min(comfortable, round(total * FORMULA_SHARE))
    formula = min(max(formula, minimum), most_formula_height(total, minimum))
    return total - formula, formula


def fit_rect(rect: QRect, screen: QRect) -> QRect:
    """`rect` moved and shrunk, as little as possible, to lie within `screen`."""
    fitted = QRect(rect)
    fitted.setWidth(min(rect.width(), screen.width()))
    fitted.setHeight(min(rect.height(), screen.height()))
    fitted.moveLeft(min(max(fitted.left(), screen.left()), screen.right() - fitted.width() + 1))
    fitted.moveTop(min(max(fitted.top(), screen.top()), screen.bottom() - fitted.height() + 1))
    return fitted


def place_window(window, geometry=None, size=None) -> bool:
    """Size the window before it is shown: `size` (w, h) exactly when given; else the saved
    `geometry` (QByteArray) kept within the screen; else the screen's whole available area.
    True when the window should open maximised (no saved place, the screen's size)."""
    if size is not None:
        window.resize(*size)
        return False
    screen = window.screen().availableGeometry()
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        frame = window.frameGeometry()
        fitted = fit_rect(frame, screen)
        if fitted != frame:
            margins = frame.size() - window.geometry().size()
            window.resize(fitted.size() - margins)
            window.move(fitted.topLeft())
        return False
    window.setGeometry(screen)
    return True

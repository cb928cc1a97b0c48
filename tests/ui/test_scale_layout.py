"""A new presentation scale lays the window's graph out before its next paint, not at once:
Ctrl+= pressed several times in a row searches one layout, for the scale it ends at and the room
the window then gives the graph, and that layout is the one a fresh search finds. A lesson tab's
second view on the graph lays it out as well when the step-through is not on show."""

from PySide6.QtGui import QAction

from ui.graph import layout_choices
from ui.graph.network_layout import NetworkLayout


def placed(scene) -> list:
    """Where every item stands, and the scene's rectangle."""
    spots = sorted((type(item).__name__, item.pos().x(), item.pos().y()) for item in scene.items())
    return [*spots, scene.sceneRect().getRect()]


def larger(window) -> QAction:
    return next(a for a in window.findChildren(QAction) if "Ctrl+=" in a.shortcut().toString())


def counted_searches(monkeypatch) -> list:
    """Each layout search from now on, as the scale it searched for."""
    searches = []
    search = NetworkLayout._best_form

    def recorded(layout, style, *args):
        searches.append(style.scale)
        return search(layout, style, *args)

    monkeypatch.setattr(NetworkLayout, "_best_form", recorded)
    return searches


def test_ctrl_plus_three_times_searches_once_for_the_last_scale(qtbot, window, monkeypatch):
    layout_choices.CHOICES.clear()  # layouts another test remembered: this one searches
    qtbot.wait(1)
    searches = counted_searches(monkeypatch)
    for _ in range(3):
        larger(window).trigger()
    assert window.scale == 1.5 and not searches  # nothing laid out before a paint
    qtbot.wait(1)
    assert searches == [1.5]
    shown, style = placed(window.scene), window.scene.style
    assert style.scale == 1.5
    layout_choices.CHOICES.clear()
    window.scene._relayout()  # a fresh search for the same scale and view
    assert placed(window.scene) == shown and window.scene.style == style


def test_a_lesson_showing_the_graph_lays_it_out_at_the_new_scale(qtbot, window, monkeypatch):
    tabs = window.tabs
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("Chain rule"))
    qtbot.wait(1)
    layout_choices.CHOICES.clear()
    searches = counted_searches(monkeypatch)
    larger(window).trigger()
    qtbot.wait(1)  # only the lesson's view of the graph paints
    assert searches == [1.15] and window.scene.style.scale == 1.15
    assert not window.graph.isVisible()

"""The node graph: built once, then each call touches only the items named by key."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ui.graph.network_scene import NetworkScene
from ui.graph.network_view import NetworkView
from ui.theme import DARK, LIGHT

NOTES_PARAMETERS = {
    "W[1,1,1]": 0.2,
    "W[1,1,2]": 0.3,
    "W[1,2,1]": 0.4,
    "W[1,2,2]": 0.7,
    "W[2,1,1]": 0.5,
    "W[2,1,2]": -0.6,
    "b[1,1]": 0.1,
    "b[1,2]": 0.2,
    "b[2,1]": 0.3,
}
NOTES_LABELS = {"a[1,1]": "H1", "a[1,2]": "H2", "a[2,1]": "O", "W[1,1,1]": "w1"}
# 5 neurons + L, 6 weights with their pills, 3 biases with their links, 1 target, O->L, y->L
NOTES_ITEMS = 5 + 1 + 6 * 2 + 3 * 2 + 1 + 2


@pytest.fixture
def scene(qtbot):
    scene = NetworkScene()
    scene.build([2, 2, 1], NOTES_PARAMETERS, [0.5, 0.8], [1.0], NOTES_LABELS)
    return scene


def big_scene(layers: int = 8, width: int = 32) -> NetworkScene:
    weights = {
        f"W[{layer},{j},{i}]": (-1) ** (i + j) * (i / width)
        for layer in range(1, layers)
        for j in range(1, width + 1)
        for i in range(1, width + 1)
    }
    scene = NetworkScene()
    scene.build([width] * layers, weights, [0.1] * width, [1.0] * width)
    return scene


def all_texts(scene: NetworkScene) -> dict:
    return {key: text for item in scene.items() for key, text in getattr(item, "texts", {}).items()}


def render(scene: NetworkScene, path, width: int = 1280, height: int = 800) -> QImage:
    """Render the whole scene centred into a width x height PNG, as the window would fit it."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(scene.backgroundBrush().color())
    source = scene.sceneRect()
    zoom = min(width / source.width(), height / source.height())
    target = QRectF(0, 0, source.width() * zoom, source.height() * zoom)
    target.moveCenter(QRectF(0, 0, width, height).center())
    painter = QPainter(image)
    scene.render(painter, target, source)
    painter.end()
    assert image.save(str(path))
    return image


def sampled_colours(image: QImage, every: int) -> set:
    """The names ('#rrggbb', as QColor.name() gives them) of the colours at every `every`-th
    pixel of every `every`-th row: the pixels read at once, not one QColor at a time (a quarter
    of a million calls took 0.7 s)."""
    assert image.format() == QImage.Format.Format_ARGB32  # one 0xAARRGGBB word a pixel
    words = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.sizeInBytes() // 4)
    rows = words.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()]
    return {f"#{int(word) & 0xFFFFFF:06x}" for word in np.unique(rows[::every, ::every])}


def test_notes_net_builds_every_item_once(scene):
    assert scene.item_count() == NOTES_ITEMS
    assert scene.item_for("a[1,1]").title == "H1"
    assert scene.item_for("a[0,2]").title == "x2"
    assert scene.item_for("W[1,1,1]").texts["W[1,1,1]"] == "0.2"
    assert scene.item_for("y[1]").texts["y[1]"] == "1"
    assert scene.item_for("z[1,1]").texts["z[1,1]"] is None


def test_show_values_changes_only_the_keyed_rows(scene):
    before = all_texts(scene)
    scene.show_values({"z[1,1]": "0.44", "dL/dW[2,1,1]": "-0.2296", "unknown": "1"})
    after = all_texts(scene)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"z[1,1]", "dL/dW[2,1,1]"}
    assert scene.item_for("z[1,1]").row_text("z[1,1]") == "z = 0.44"
    scene.show_values({"z[1,1]": None})
    assert scene.item_for("z[1,1]").texts["z[1,1]"] is None
    assert scene.item_count() == NOTES_ITEMS


def test_a_new_text_on_an_edge_repaints_its_pill_not_its_line(scene):
    edge = scene.item_for("dL/dW[2,1,1]")
    repainted = []
    edge.update = lambda *area: repainted.append("line")
    edge.label_item.update = lambda *area: repainted.append("pill")
    scene.show_values({"dL/dW[2,1,1]": "-0.2296"})
    assert repainted == ["pill"]
    assert edge.label_item.boundingRect() == edge.label_rect()  # the pill fits the new text


def test_highlight_marks_current_and_reads_then_clears(scene):
    scene.highlight("z[2,1]", ["W[2,1,1]", "a[1,1]", "b[2,1]", "eta"])
    assert scene.item_for("z[2,1]").mark == "current"
    assert scene.item_for("z[2,1]").current == "z[2,1]"
    assert {scene.item_for(k).mark for k in ("W[2,1,1]", "a[1,1]", "b[2,1]")} == {"read"}
    assert scene.item_for("a[1,1]").reads == {"a[1,1]"}
    assert scene.item_for("W[2,1,2]").mark is None
    scene.highlight("W[2,1,1]", [])
    assert scene.item_for("W[2,1,1]").mark == "current"
    assert scene.item_for("z[2,1]").mark is None and scene.item_for("a[1,1]").mark is None


def test_weight_values_restyle_pens_without_new_items(scene):
    edge = scene.item_for("W[2,1,2]")
    assert edge.pen().color() == QColor(LIGHT.negative)
    thin = edge.pen().widthF()
    scene.set_weight_values({"W[2,1,2]": 2.0})
    assert edge.pen().color() == QColor(LIGHT.positive)
    assert edge.pen().widthF() > thin
    assert scene.item_for("W[1,1,1]").magnitude == pytest.approx(0.2 / 2.0)
    assert scene.item_count() == NOTES_ITEMS


def test_dimming_covers_computed_nodes_only(scene):
    scene.set_dimmed({"z[1,1]", "a[1,1]"})
    assert not scene.item_for("a[1,1]").dimmed
    assert scene.item_for("a[1,2]").dimmed and scene.item_for("L").dimmed
    assert not scene.item_for("a[0,1]").dimmed and not scene.item_for("b[1,2]").dimmed
    scene.set_dimmed(None)
    assert not scene.item_for("L").dimmed


def test_theme_and_scale_restyle_in_place(scene):
    # the layout may grow the type a step more at one scale than at another (font metrics do
    # not scale exactly): the scale itself multiplies the radius, whatever the lettering
    radius = scene.item_for("a[1,1]").radius / scene.style.lettering
    scene.set_scale(1.5)
    scaled = scene.item_for("a[1,1]").radius / scene.style.lettering
    assert scaled == pytest.approx(1.5 * radius)
    assert scene.sceneRect().contains(scene.item_for("L").sceneBoundingRect())
    scene.set_theme(DARK)
    assert scene.backgroundBrush().color() == QColor(DARK.background)
    assert scene.item_for("W[1,1,1]").style.theme is DARK
    assert scene.item_count() == NOTES_ITEMS


def placed(scene: NetworkScene) -> list:
    """Where every item stands and the scene's rectangle."""
    spots = sorted((type(item).__name__, item.pos().x(), item.pos().y()) for item in scene.items())
    return [*spots, scene.sceneRect().getRect()]


def test_a_theme_reuses_the_layout_a_search_would_find(scene):
    """A theme only colours: the other theme's remembered layout is the one a fresh search
    finds, and the item styles take the new theme's colours."""
    from ui.graph import layout_choices

    view, other = QSizeF(1000, 560), QSizeF(700, 700)
    scene.set_view_size(view)  # searched in the light theme
    scene.set_theme(DARK)
    scene.set_view_size(other)
    searched = len(layout_choices.CHOICES)
    scene.set_view_size(view)  # laid out again in the dark one: the light search's choice
    assert len(layout_choices.CHOICES) == searched  # (whatever form the last layout chose)
    remembered, style = placed(scene), scene.style
    layout_choices.CHOICES.clear()
    scene.set_view_size(other)
    scene.set_view_size(view)  # searched afresh in the dark theme
    assert placed(scene) == remembered and scene.style == style
    assert style.theme is DARK and scene.item_for("W[1,1,1]").style.theme is DARK


def test_notes_net_shows_every_edge_label(scene):
    assert not any(scene.item_for(f"W[{k}]").label_hidden for k in ("1,1,1", "1,2,2", "2,1,2"))


# a big net's items: neurons, L, biases and links, targets, links to L, y -> L, the edge mesh
# (which draws the 7 x 32 x 32 weights: an edge has an item only while it stands out)
BIG_ITEMS = 8 * 32 + 1 + 7 * 32 * 2 + 32 + 32 + 1 + 1


def test_big_net_builds_and_hides_edge_labels_until_hovered(qtbot):
    scene = big_scene()
    assert scene.item_count() == BIG_ITEMS
    edge = scene.item_for("W[3,4,5]")
    assert edge.label_hidden and not edge.label_visible
    assert edge.texts["W[3,4,5]"] == "-0.1562" and edge.magnitude == pytest.approx(5 / 32)
    edge.set_hovered(True)
    assert edge.label_visible
    scene.highlight("W[3,4,6]", ["a[2,6]"])
    assert scene.item_for("W[3,4,6]").label_visible


def test_a_big_nets_edge_has_an_item_only_while_it_stands_out(qtbot):
    scene = big_scene()
    scene.highlight("z[2,3]", [f"W[2,3,{i}]" for i in range(1, 33)] + ["b[2,3]"])
    assert scene.item_count() == BIG_ITEMS + 1  # the 32 weights read, drawn by one item
    assert sorted(scene._mesh._reads.edges) == sorted(
        scene._mesh.edge_of[f"W[2,3,{i}]"] for i in range(1, 33)
    )
    read = scene.item_for("W[2,3,7]")
    assert read.mark == "read" and read.scene() is scene
    scene.show_values({"W[2,3,7]": "0.5", "dL/dW[2,3,7]": "0.25"})
    assert read.row_text("W[2,3,7]") == "w = 0.5"
    scene.highlight("dL/dW[2,3,7]")
    assert scene.item_count() == BIG_ITEMS + 1 and scene.item_for("dL/dW[2,3,7]").current
    scene.highlight(None)
    assert scene.item_count() == BIG_ITEMS
    again = scene.item_for("W[2,3,7]")  # the texts stayed with the mesh
    assert again.texts == {"W[2,3,7]": "0.5", "dL/dW[2,3,7]": "0.25", "mean(dL/dW[2,3,7])": None}


def test_hovering_a_big_nets_edge_opens_its_label_and_a_click_names_it(qtbot):
    scene = big_scene(3, 16)
    view = NetworkView(scene)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    line = scene.item_for("W[2,3,5]").line
    scene.highlight(None)  # back into the mesh
    point = view.mapFromScene(line.pointAt(0.3))  # at 0.5 it crosses W[2,5,3]
    qtbot.mouseMove(view.viewport(), point)
    qtbot.mouseMove(view.viewport(), point + QPoint(1, 0))
    assert [i.keys[0] for i in scene.items() if getattr(i, "hovered", False)] == ["W[2,3,5]"]
    assert scene.item_for("W[2,3,5]").label_visible
    with qtbot.waitSignal(scene.sigKeyClicked) as click:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert click.args == ["W[2,3,5]"]


def test_double_click_on_an_edge_requests_an_edit(qtbot, scene):
    view = NetworkView(scene)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    edge = scene.item_for("W[1,1,1]")
    point = view.mapFromScene(edge.line.pointAt(0.7))
    with qtbot.waitSignal(scene.sigEditRequested) as edit:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert edit.args == ["W[1,1,1]"]
    with qtbot.waitSignal(scene.sigKeyClicked) as click:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert click.args == ["W[1,1,1]"]
    pill = view.mapFromScene(edge.label_rect().center())
    with qtbot.waitSignal(scene.sigEditRequested) as edit:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pill)
    assert edit.args == ["W[1,1,1]"]
    neuron = view.mapFromScene(scene.item_for("a[1,2]").scenePos())
    with qtbot.waitSignal(scene.sigKeyClicked) as click:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=neuron)
    assert click.args == ["a[1,2]"]


def test_view_fits_until_the_user_zooms(qtbot, scene):
    view = NetworkView(scene)
    view.resize(800, 500)
    view.show()
    qtbot.waitExposed(view)
    fitted = view.zoom()
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(scene.sceneRect())
    view.zoom_in()
    assert view.zoom() == pytest.approx(fitted * 1.25)
    view.resize(1000, 700)
    assert view.zoom() == pytest.approx(fitted * 1.25)
    view.fit()
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(scene.sceneRect())


def test_notes_screenshot_shows_the_highlight(tmp_path, scene):
    scene.show_values({"z[1,1]": "0.44", "a[1,1]": "0.6083", "dL/dW[2,1,1]": "-0.2296"})
    scene.highlight("dL/dW[2,1,1]", ["a[1,1]"])
    image = render(scene, tmp_path / "notes.png")
    colours = sampled_colours(image, 2)
    assert LIGHT.current in colours and LIGHT.read in colours
    assert LIGHT.negative in colours and LIGHT.positive in colours


def test_big_net_screenshot_uses_the_width_of_the_screen(tmp_path):
    scene = big_scene()
    image = render(scene, tmp_path / "big.png", 1920, 1080)
    background = QColor(LIGHT.background)
    drawn = [x for x in range(1920) if image.pixelColor(x, 540) != background]
    assert drawn[-1] - drawn[0] > 0.8 * 1920


def test_anchor_points_lie_on_the_outline(scene):
    neuron = scene.item_for("a[1,1]")
    point = neuron.anchor(neuron.scenePos() + QPointF(100, 0))
    assert point.x() - neuron.scenePos().x() == pytest.approx(neuron.radius)


def test_a_big_net_is_built_without_a_spatial_index(qtbot):
    """Qt's default BSP index took gigabytes on a 4 x 128 net; the items never move."""
    scene = big_scene(3, 16)
    assert scene.itemIndexMethod() == NetworkScene.ItemIndexMethod.NoIndex
    edge = scene.item_for("W[2,3,5]")
    assert edge in scene.items(edge.line.pointAt(0.5))  # a click still finds its edge


def test_dimming_after_a_step_lifts_no_edge_out_of_a_big_nets_mesh(qtbot):
    """Re-dimming the nodes a step touched looks up nodes only: a step's weight and gradient
    keys (the update's, the backward pass's) leave the mesh as it was."""

    class Computed(frozenset):  # says which keys changed since the set before it
        def changed_since(self, before):
            return None if before is None else ["W[2,3,5]", "dL/dW[2,4,1]", "a[2,1]"]

    scene = big_scene(3, 16)
    scene.set_dimmed(Computed())
    scene.set_dimmed(Computed({"a[2,1]"}))
    assert scene._mesh.lifted == {}
    assert not scene.item_for("a[2,1]").dimmed and scene.item_for("a[2,2]").dimmed

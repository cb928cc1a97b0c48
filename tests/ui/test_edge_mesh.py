"""A compact net's edge mesh: its arrays give what an EdgeItem and a QLineF per edge gave."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem
from test_graph import big_scene

from simulator.notation import format_number
from ui.graph.edge_item import HIT_WIDTH
from ui.graph.edge_lines import meeting, pen_groups
from ui.graph.edge_mesh_item import LOOSE_TEXTS, WIDTH_STEPS
from ui.graph.neuron_item import outline_point
from ui.number_texts import NumberTexts
from ui.theme import DARK, LIGHT


def outline_line(mesh, edge: int) -> tuple:
    """The edge's line as the mesh drew it one QLineF at a time: outline to outline."""
    layer, j, i = mesh.place(edge)
    source, dest = mesh.neurons[layer - 1][i - 1], mesh.neurons[layer][j - 1]
    start, end = source.scenePos().toTuple(), dest.scenePos().toTuple()
    return (*outline_point(start, end, source.radius), *outline_point(end, start, dest.radius))


def test_each_edge_runs_between_its_neurons_outlines_as_a_lifted_edge_does(qtbot):
    scene = big_scene(3, 16)
    mesh = scene._mesh
    for edge, keys in enumerate(mesh.keys_of):
        layer, j, i = mesh.place(edge)
        assert keys[0] == f"W[{layer},{j},{i}]" and mesh.edge_of[keys[2]] == edge
        assert mesh.lines[edge] == pytest.approx(outline_line(mesh, edge), abs=1e-9)
    line = scene.item_for("W[2,7,3]").line
    lifted = (line.x1(), line.y1(), line.x2(), line.y2())
    assert mesh.lines[mesh.edge_of["W[2,7,3]"]] == pytest.approx(lifted, abs=1e-9)


def nearest_by_loop(mesh, point: QPointF):
    """The weight key of the nearest edge within reach, one edge at a time (as it was)."""
    best, reach = None, mesh.style.px(HIT_WIDTH) / 2
    for edge, (x1, y1, x2, y2) in enumerate(mesh.lines.tolist()):
        if not mesh._spans[mesh.place(edge)[0] - 1].contains(point):
            continue
        dx, dy = x2 - x1, y2 - y1
        along = ((point.x() - x1) * dx + (point.y() - y1) * dy) / (dx * dx + dy * dy or 1.0)
        along = min(max(along, 0.0), 1.0)
        distance = math.hypot(point.x() - x1 - along * dx, point.y() - y1 - along * dy)
        if distance <= reach:
            best, reach = edge, distance
    return None if best is None else mesh.keys_of[best][0]


def test_the_edge_under_the_pointer_is_the_nearest_within_reach(qtbot):
    scene = big_scene(3, 16)
    mesh, rng = scene._mesh, np.random.default_rng(3)
    rect = scene.sceneRect()
    points = [
        QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height())
        for x, y in rng.random((150, 2))
    ]
    points += [scene.item_for(f"W[{k}]").line.pointAt(0.3) for k in ("1,1,1", "2,3,5", "2,16,9")]
    found = [mesh.key_at(point) for point in points]
    assert found == [nearest_by_loop(mesh, point) for point in points]
    assert found[-3:] == ["W[1,1,1]", "W[2,3,5]", "W[2,16,9]"]


def test_a_lifted_edge_shows_the_texts_of_every_mapping_in_order(qtbot):
    scene = big_scene(3, 48)  # 13,824 keys: more than a loose mapping's
    mesh = scene._mesh
    keys = [key for keys in mesh.keys_of for key in keys]
    every = {key: n / 7 for n, key in enumerate(keys)}
    scene.show_values(NumberTexts(every))  # all anew, written when read
    expected = {key: format_number(value) for key, value in every.items()}
    big = {key: f"big {n}" for n, key in enumerate(keys[: LOOSE_TEXTS + 1])}
    for texts in (big, {keys[0]: "one", keys[5]: None}, big, {keys[1]: "two"}):
        scene.show_values(texts)
        expected.update(texts)
    for _ in range(8):  # more big mappings than the mesh keeps apart: merged, still in order
        scene.show_values(big)
    expected.update(big)
    assert len(mesh.texts.maps) <= 7
    for key in (keys[0], keys[1], keys[5], keys[LOOSE_TEXTS], keys[LOOSE_TEXTS + 3], keys[-1]):
        assert scene.item_for(key).texts[key] == expected[key]
    scene.show_values({keys[-1]: "last"})  # a lifted edge takes new texts itself
    assert scene.item_for(keys[-1]).texts[keys[-1]] == "last"


def test_each_pen_draws_the_lines_of_its_weights_in_order(qtbot):
    scene = big_scene(3, 16)
    mesh = scene._mesh
    weights = {f"W[{k}]": w for k, w in (("1,1,1", -3.0), ("2,4,4", 0.0), ("1,2,2", 1.3))}
    scene.set_weight_values(weights)
    largest = max(abs(w) for w in scene._weights.values())
    expected: dict = {}
    for edge, keys in enumerate(mesh.keys_of):
        weight = scene._weights[keys[0]]
        pen = (mesh.place(edge)[0] - 1, weight >= 0, round(abs(weight) / largest * WIDTH_STEPS))
        expected.setdefault(pen, []).append(mesh.lines[edge])
    assert list(mesh._groups) == list(expected)
    for pen, lines in expected.items():
        assert np.array_equal(mesh._groups[pen], np.array(lines))
    lifted = scene.item_for("W[1,1,1]")
    assert (lifted.sign, lifted.magnitude) == (-1, 1.0)


def test_pen_groups_come_in_the_order_of_their_first_rows():
    groups = pen_groups(np.array([5, 2, 5, 9, 2, 2]))
    assert [(code, rows.tolist()) for code, rows in groups] == [
        (5, [0, 2]),
        (2, [1, 4, 5]),
        (9, [3]),
    ]


def test_only_lines_meeting_a_rectangle_are_drawn_and_the_pixels_stay_the_same(qtbot):
    lines = np.array([[0, 0, 10, 10], [20, 20, 30, 20], [-5, 5, 40, 5]], dtype=float)
    assert meeting(lines, QRectF(8, 8, 5, 5)).tolist() == [[0, 0, 10, 10]]
    assert meeting(lines, QRectF(-100, -100, 300, 300)) is lines
    mesh = big_scene(3, 16)._mesh
    for zoom in (0.3, 1.0, 2.5):
        for x, y in ((300, 150), (520, 610), (900, 333), (1200, 40)):  # few lines meet each
            part = QRectF(mesh.boundingRect().left() + x, mesh.boundingRect().top() + y, 9, 6)
            assert paint(mesh, part, zoom) == paint(mesh, mesh.boundingRect(), zoom, part)


def paint(mesh, exposed: QRectF, zoom: float, clip: QRectF | None = None) -> QImage:
    """The mesh painted at `zoom` with `exposed` said to need it, clipped to `clip` (or to
    `exposed`), as a view repainting part of itself paints it."""
    image = QImage(mesh.boundingRect().size().toSize() * zoom, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.scale(zoom, zoom)
    painter.translate(-mesh.boundingRect().topLeft())
    painter.setClipRect(clip or exposed)
    option = QStyleOptionGraphicsItem()
    option.exposedRect = exposed
    mesh.paint(painter, option)
    painter.end()
    return image


def rendered(scene, zoom: float, antialiased: bool) -> np.ndarray:
    """The weights into layer 2 drawn at `zoom` (zoomed in: around a[2,3], where the step's
    read edges meet), as RGBA rows."""
    source = scene._mesh._spans[1].adjusted(-40, -40, 40, 40)
    if zoom > 1:
        source = QRectF(0, 0, 240, 160)
        source.moveCenter(scene.item_for("a[2,3]").scenePos())
    image = QImage((source.size() * zoom).toSize(), QImage.Format.Format_ARGB32)
    image.fill(scene.backgroundBrush().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).astype(int)


def test_read_edges_look_as_when_each_was_an_item_of_its_own(qtbot):
    """A step's read weights in a compact net are drawn by one item over the mesh, pixel for
    pixel as when the scene lifted an EdgeItem for each and marked it read. Hovered, one is
    lifted again, marked read, and drawn once: on top of the others now, which changes only
    the rounding of a few blended pixels where the lines (of one colour) meet."""
    reads = [f"W[2,3,{i}]" for i in range(1, 17)] + ["b[2,3]"]
    drawn, lifted = big_scene(3, 16), big_scene(3, 16)
    drawn.highlight("z[2,3]", reads)
    assert drawn._mesh.lifted == {} and len(drawn._mesh._reads.edges) == 16
    lifted.highlight("z[2,3]")
    for key in reads:  # as the scene marked them before
        lifted.item_for(key).set_marks(None, frozenset({key}))
    views = {LIGHT: ((0.5, True), (2.5, True), (2.5, False)), DARK: ((2.5, True),)}
    for theme, scale in ((LIGHT, 1.0), (DARK, 1.5)):  # restyled and laid out again
        drawn.set_style(theme, scale)
        lifted.set_style(theme, scale)
        for zoom, antialiased in views[theme]:
            assert np.array_equal(
                rendered(drawn, zoom, antialiased), rendered(lifted, zoom, antialiased)
            )
    hovered = drawn.item_for("W[2,3,5]")  # lifted, as the mesh lifts an edge under the pointer
    assert hovered.mark == "read" and hovered.reads == {"W[2,3,5]"}
    for zoom, antialiased in views[DARK]:
        apart = np.abs(rendered(drawn, zoom, antialiased) - rendered(lifted, zoom, antialiased))
        assert (apart.max(axis=2) > 0).sum() <= 24 and apart.max() <= 2, (zoom, antialiased)
    drawn.highlight("a[2,3]", ["z[2,3]"])  # the next step reads no weight
    assert drawn._mesh._reads.scene() is None and drawn._mesh.lifted == {}

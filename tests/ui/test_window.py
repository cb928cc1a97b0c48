"""The window driven by real key presses and clicks: at every step the formula panel and the
graph show the engine's numbers, and edits, errors and undo behave as a teacher expects.

The tests that only step and look (and those that change the view, a step's size, the focus, the
theme or the type's size) share one window, brought back to a fresh window's start before each;
a test that edits, plays, resizes, opens another net or breaks something on purpose makes its
own."""

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QInputDialog
from room import at_the_start, shared, shown_window

from simulator.notation import format_number
from ui.app import CrashGuard, run_gui, write_screenshot
from ui.computed_keys import computed_keys

NOTES_PRESET = "notes-2-2-1-sigmoid-bce"

looked_at = shared(shown_window)  # the notes' 2-2-1 at 1280x800, shared by the tests that look


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(window, key, modifier)


def formula_line(window, name):
    """A line of the formula panel as shown, with ASCII minus signs to compare numbers."""
    return window.formula.text(name).replace("−", "-")


def shown(window, key):
    """The text the graph shows for `key` (None while blank)."""
    return window.scene.item_for(key).texts[key]


def test_the_whole_iteration_with_the_right_arrow(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    trace = window.controller.cursor.trace
    items = window.scene.item_count()
    for step in trace.steps:
        assert shown(window, step.key) in (None, format_number(trace.parameters.get(step.key, 0)))
        press(qtbot, window, Qt.Key.Key_Right)
        value = format_number(step.value)
        assert shown(window, step.key) == value
        assert formula_line(window, "substituted").count(value) >= 1
        assert window.scene.item_for(step.key).current == step.key
        assert window.steps_table.model().rowCount() == step.index
        assert window.scene.item_count() == items
    assert shown(window, "L") == "0.3032"
    assert shown(window, "dL/dW[1,1,1]") == "-0.01558"
    assert shown(window, "W[2,1,1]") == "0.5159"
    assert window.phase_strip.phase == "update"


def test_left_undoes_exactly_one_value(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    press(qtbot, window, Qt.Key.Key_Right, times=5)
    assert shown(window, "z[2,1]") == "1.038"
    press(qtbot, window, Qt.Key.Key_Left)
    assert shown(window, "z[2,1]") is None
    assert shown(window, "a[1,2]") == "0.7231"
    assert window.controller.cursor.position == 4
    assert "0.7231" in formula_line(window, "substituted")


def test_space_end_home_and_granularity(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    press(qtbot, window, Qt.Key.Key_Space, times=2)
    assert window.controller.cursor.position == 2
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.granularity.currentText() == "neuron"
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.position == 4
    press(qtbot, window, Qt.Key.Key_End)
    assert window.controller.cursor.at_end and shown(window, "b[1,2]") == "0.2031"
    press(qtbot, window, Qt.Key.Key_Home)
    assert window.controller.cursor.position == 0 and shown(window, "z[1,1]") is None
    assert shown(window, "b[1,2]") == "0.2"


def test_passing_the_end_begins_iteration_two_with_the_new_weights(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    press(qtbot, window, Qt.Key.Key_End)
    press(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.iteration == 2
    assert shown(window, "W[1,1,1]") == "0.2016" and shown(window, "L") is None
    assert "iteration 2" in window.phase_strip.caption.text()


def test_clicking_a_table_row_jumps_there(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    press(qtbot, window, Qt.Key.Key_Right, times=6)
    table = window.steps_table
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.controller.cursor.position == 3
    assert shown(window, "a[1,2]") is None


def edit(monkeypatch, window, key, text):
    """Double-click `key`'s item on the graph and type `text` into the edit box."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (text, True))
    window.scene.sigEditRequested.emit(key)


def test_editing_a_weight_changes_the_next_weighted_sum(qtbot, window, monkeypatch):
    press(qtbot, window, Qt.Key.Key_Right, times=3)
    edit(monkeypatch, window, "W[1,1,1]", "0.25")
    assert window.controller.cursor.position == 0
    assert shown(window, "W[1,1,1]") == "0.25"
    press(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == format_number(0.25 * 0.5 + 0.3 * 0.8 + 0.1)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown(window, "W[1,1,1]") == "0.2"
    press(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == "0.44"
    press(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert shown(window, "W[1,1,1]") == "0.25"


def test_a_bad_entry_is_refused_with_a_message_and_nothing_lost(qtbot, window, monkeypatch):
    press(qtbot, window, Qt.Key.Key_Right, times=3)
    edit(monkeypatch, window, "b[1,1]", "zero point one")
    assert window.message.isVisible()
    assert "'zero point one' is not a number" in window.message.text()
    assert window.controller.cursor.position == 3 and shown(window, "z[1,2]") == "0.96"
    assert shown(window, "b[1,1]") == "0.1" and window.controller.undo_stack.count() == 0
    press(qtbot, window, Qt.Key.Key_Right)
    assert not window.message.isVisible()


def test_an_unexpected_error_shows_a_message_and_the_window_goes_on(qtbot, window, monkeypatch):
    def broken(granularity):
        raise RuntimeError("the engine tripped")

    monkeypatch.setattr(window.controller.cursor, "step_forward", broken)
    press(qtbot, window, Qt.Key.Key_Right)
    assert "the engine tripped." in window.message.text()
    monkeypatch.undo()
    press(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == "0.44"


def test_presentation_scale_and_theme(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())  # where the light theme at scale 1.0 is brought back
    size = window.formula.line_px("substituted")
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.scale > 1 and window.scene.style.scale == window.scale
    assert window.formula.line_px("substituted") > size
    press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.name == "dark" and window.scene.style.theme.name == "dark"


def test_side_panel_layer_sizes_rebuild_the_graph_once(qtbot, window):
    panel = window.network_panel
    panel.sizes.setText("2-3-1")
    panel.sizes.editingFinished.emit()
    assert window.scene.item_for("a[1,3]") is not None
    items = window.scene.item_count()
    press(qtbot, window, Qt.Key.Key_Right, times=4)
    assert window.scene.item_count() == items
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scene.item_for("a[1,3]") is None and panel.sizes.text() == "2-2-1"


def test_the_notes_slip_at_dL_dO_is_marked(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    step = window.controller.cursor.trace.find("dL/da[2,1]")
    press(qtbot, window, Qt.Key.Key_Right, times=step.index)
    assert window.formula.shows("badge") and "✗" in formula_line(window, "badge")
    badge = formula_line(window, "badge")
    assert "-0.262" in badge and "-1.354" in badge
    press(qtbot, window, Qt.Key.Key_Left)
    assert "✓" in formula_line(window, "badge") and "0.303" in formula_line(window, "badge")


def test_play_steps_on_its_own_and_pauses(qtbot, window):
    window.speed.setValue(window.speed.maximum())
    press(qtbot, window, Qt.Key.Key_P)
    assert window.player.playing and "Pause" in window.play.text()
    qtbot.waitUntil(lambda: window.controller.cursor.position >= 3)
    press(qtbot, window, Qt.Key.Key_P)
    position = window.controller.cursor.position
    assert not window.player.playing
    qtbot.wait(250)
    assert window.controller.cursor.position == position


def test_the_preset_picker_and_a_bad_file(qtbot, window, tmp_path, monkeypatch):
    window.network_panel.sigPresetRequested.emit("xor")
    assert window.network_panel.sizes.text() == "2-4-1"
    assert window.scene.item_for("a[1,4]") is not None
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1}')
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *args, **kwargs: (str(broken), "")
    )
    window.network_panel.open_button.click()
    assert window.message.isVisible() and "broken.json" in window.message.text()
    assert window.network_panel.sizes.text() == "2-4-1"


def test_the_crash_guard_reports_and_keeps_the_network(qtbot, window):
    error = RuntimeError("a slot failed")
    CrashGuard(window)(RuntimeError, error, None)
    assert "a slot failed." in window.message.text() and window.message.isVisible()
    press(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == "0.44"


def test_run_gui_writes_a_screenshot(tmp_path):
    path = tmp_path / "window.png"
    assert run_gui(NOTES_PRESET, 8, str(path), (1280, 800)) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 800)


def test_the_screenshot_is_the_window_pixel_for_pixel(qtbot, window, tmp_path):
    """Written at zlib's fastest level, the PNG still holds exactly what the window shows."""
    path = tmp_path / "window.png"
    qtbot.wait(100)  # the window settled (its queued layouts run), as write_screenshot finds it
    shown = window.grab().toImage()
    assert write_screenshot(QApplication.instance(), window, str(path)) == 0
    assert QImage(str(path)).convertToFormat(shown.format()) == shown


def test_run_gui_freezes_what_the_start_built_and_collects_again(tmp_path):
    """Once painted, the window's long-lived objects are frozen (no later collection scans
    them again) and the collector is on."""
    gc.disable()  # as ui.cli starts the window
    try:
        frozen = gc.get_freeze_count()
        assert run_gui(NOTES_PRESET, 0, str(tmp_path / "window.png"), (1280, 800)) == 0
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.enable()


def test_focus_on_the_graph_hides_the_side_panels_and_brings_them_back(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    width = window.graph.width()
    press(qtbot, window, Qt.Key.Key_F9)
    assert window.focus.isChecked()
    assert not window.side.isVisible() and not window.steps_table.isVisible()
    # the side panels' room goes to the graph: the whole window's width
    qtbot.waitUntil(lambda: window.graph.width() > width and window.graph.width() == window.width())
    press(qtbot, window, Qt.Key.Key_F9)
    assert window.side.isVisible() and window.steps_table.isVisible()


def test_presentation_scale_steps_are_exact_and_the_graph_always_refits(qtbot, looked_at):
    window = at_the_start(qtbot, looked_at())
    press(qtbot, window, Qt.Key.Key_Right, times=9)
    labels, size = window.graph.label_px(), window.formula.line_px("substituted")
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier, times=3)
    qtbot.waitUntil(lambda: window.formula.line_px("substituted") > size)
    assert window.scale > 1.3 and not window.formula.clipped()
    visible = window.graph.mapToScene(window.graph.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.sceneRect())  # larger letters, the whole net in view
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier, times=3)
    assert window.scale == 1.0 and window.presentation.step == 0  # exactly, not 0.9999...
    qtbot.waitUntil(lambda: window.graph.label_px() == pytest.approx(labels, rel=0.02))
    window.graph.zoom_in()
    press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.graph.label_px() == pytest.approx(labels, rel=0.02)  # Ctrl+0: fitted again


def test_the_settings_panel_gives_way_at_1024_and_f8_brings_it_back(qtbot, window):
    from ui.window_room import share_width

    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] == 0)  # the graph takes its room
    graph = window.splitter.sizes()[1]
    window.keep_settings.trigger()
    side, centre, table = window.splitter.sizes()
    assert side >= window._side_widths()[1] and table > 0  # both panels, whole
    assert centre < graph and window.network_panel.visibleRegion().boundingRect().width() > 0
    window.keep_settings.trigger()
    assert window.splitter.sizes()[0] == 0
    assert share_width(1024, (300, 230), (400, 254), keep_side=True) == (230, 540, 254)
    assert share_width(1024, (300, 230), (400, 254)) == (0, 770, 254)


@pytest.mark.parametrize("larger", [0, 1])
def test_the_train_tab_fits_1024_wide_the_graph_giving_way(qtbot, larger):
    """At 1024 wide the Train tab's plots keep their readable size within the window; the
    small copy of the graph beside them gives way (it could not be read there anyway)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMessageBox

    from ui.controller import Controller
    from ui.main_window import MainWindow

    window = MainWindow(Controller())
    qtbot.addWidget(window)
    window._ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.controller.open_preset("xor")
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(larger):
        window._rescale(1)
    qtbot.wait(100)
    titles = [window.tabs.tabText(index) for index in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Train"))
    qtbot.wait(200)
    for plot in window.view_tabs.training.plots.values():
        right = plot.mapTo(window, QPoint(plot.width(), 0)).x()
        assert right <= window.width(), f"{plot} ends at {right} of {window.width()}"
    page = window.view_tabs.pages["Train"].layout().itemAt(0).widget()
    view = page.widget(1)  # the Train view beside the graph's copy
    needs = max(view.sizeHint().width(), view.minimumSizeHint().width())
    assert page.sizes()[0] == 0 or view.width() >= needs  # the copy gave way, or was not in it


def graph_state(scene) -> dict:
    """Everything a step may change on the graph, item by item: texts, pens, dimming, marks."""
    return {
        item.keys: (dict(item.texts), getattr(item, "sign", None), getattr(item, "magnitude", None))
        + (item.dimmed, item.current, item.reads)
        for item in scene.items()
        if getattr(item, "keys", ())
    }


def rebuilt_state(window) -> dict:
    """The graph of a scene built from scratch at the cursor, given every key's text."""
    from ui.graph.network_scene import NetworkScene

    controller, fresh = window.controller, NetworkScene()
    network = controller.network_view()
    fresh.build(
        network.settings.sizes, network.parameters, network.inputs, network.targets, network.labels
    )
    view = controller.step_view()  # every key, not only those the last move changed
    fresh.show_values(view.texts)
    fresh.set_weight_values(view.weights)
    fresh.set_dimmed(view.computed)
    fresh.highlight(view.current.key if view.current else None, view.reads)
    return graph_state(fresh)


def test_each_step_leaves_the_graph_as_a_fresh_build_would_show_it(qtbot, looked_at):
    """A step updates only what it touches; what it skips must already be right."""
    window = at_the_start(qtbot, looked_at())
    total = len(window.controller.cursor.trace)
    moves = [Qt.Key.Key_Right] * (total + 2) + [Qt.Key.Key_Left] * 4 + [Qt.Key.Key_End]
    for key in moves:
        press(qtbot, window, key)
        assert graph_state(window.scene) == rebuilt_state(window)


def test_larger_type_at_1024_gives_the_graph_the_width_and_never_recurses(qtbot, window):
    """Ctrl+T and Ctrl+= twice at step 8: sharing the room once overflowed the stack (the
    formula panel, resized, asked for room again inside the sharing); the graph now takes the
    width the larger type needs and the formula stays whole."""
    window.resize(1024, 768)
    press(qtbot, window, Qt.Key.Key_Right, times=8)
    window._toggle_theme()
    graph = window.splitter.sizes()[1]
    for _ in range(2):
        window._rescale(1)
    qtbot.wait(50)
    assert window.splitter.sizes()[1] > graph and not window.formula.clipped()


def test_new_numbers_keep_the_graph_where_the_class_was_looking(qtbot, window, monkeypatch):
    """An edit (or the next iteration) brings numbers of other widths: the layout on show is
    planned again for them (the same form, type and spread; items move only by what the new
    widths take), not searched anew; another preset of the same sizes is searched for."""
    from ui.graph.network_layout import NetworkLayout

    def places():
        return sorted((type(i).__name__, i.pos().x(), i.pos().y()) for i in window.scene.items())

    qtbot.wait(1)
    before, style = places(), window.scene.style
    searches = []
    search = NetworkLayout._best_form
    monkeypatch.setattr(NetworkLayout, "_best_form", lambda *a: searches.append(1) or search(*a))
    window.controller.edit_value("W[1,1,1]", "-0.000123")  # z, a and gradients of other widths
    qtbot.wait(1)
    assert window.scene.item_for("W[1,1,1]").texts["W[1,1,1]"] == "-0.000123"
    assert not searches and window.scene.style == style
    moved = [abs(a[2] - b[2]) + abs(a[1] - b[1]) for a, b in zip(places(), before)]
    assert max(moved) < 5  # laid out again for the new widths, where they were
    from ui.graph.layout_choices import CHOICES

    window.controller.open_preset("notes-3-2-1-sigmoid")
    CHOICES.clear()  # what other tests remembered of it
    window.controller.open_preset("notes-linear-collapse")  # the same sizes, other numbers
    qtbot.wait(1)
    assert searches


def test_a_new_net_is_laid_out_for_its_own_numbers_only(qtbot, window, monkeypatch):
    """Opening a net of other sizes searches its layout once its items know what they will
    show this iteration, never first for placeholder texts (a search thrown away)."""
    from ui.graph.layout_choices import CHOICES
    from ui.graph.network_layout import NetworkLayout

    CHOICES.clear()  # the layouts another test remembered: this one searches
    searched_for = []
    search = NetworkLayout._best_form

    def recorded(layout, *args):
        items = [item for row in layout.neurons for item in row] + [layout.loss]
        searched_for.append(all(item.coming is not None for item in items))
        return search(layout, *args)

    monkeypatch.setattr(NetworkLayout, "_best_form", recorded)
    window.controller.open_preset("notes-3-2-1-sigmoid")
    qtbot.wait(1)
    assert searched_for and all(searched_for)


def test_dimming_only_the_changed_nodes_leaves_every_node_as_a_full_pass_would(qtbot, window):
    """A key press asks again only the nodes holding the keys of the steps it moved over; after
    steps, jumps, a finished iteration and a batch, each node is dimmed exactly as asking every
    node gives."""
    scene = window.scene

    def assert_as_a_full_pass(where):
        cursor = window.controller.cursor
        computed = computed_keys(cursor.trace, cursor.position)
        nodes = scene._computed_nodes()
        assert [node.dimmed for node in nodes] == [
            computed.isdisjoint(node.keys) for node in nodes
        ], where

    keys = [Qt.Key.Key_Right] * 7 + [Qt.Key.Key_Left] * 3 + [Qt.Key.Key_Right] * 5
    keys += [Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Home, Qt.Key.Key_Right]
    for preset in ("notes-2-2-1-sigmoid-bce", "xor"):
        window.controller.open_preset(preset)
        for number, key in enumerate(keys):
            press(qtbot, window, key)
            assert_as_a_full_pass(f"{preset}, key {number}")


def test_a_lit_weight_runs_under_the_nodes_and_their_numbers(window):
    """Updating w2, its lit line ran over the numbers under O (Z0 and O) it runs into and
    over b2's tag it passes: it stands above every other edge and pill, and below every tag
    and every neuron with its card."""
    step = window.controller.cursor.trace.find("W[2,1,2]", None)
    window.controller.go_to(step.index)
    scene = window.scene
    lit = scene.item_for("W[2,1,2]")
    assert lit.mark == "current"
    neurons = [item for row in scene.layout.neurons for item in row]
    edges = [edge for edges in scene.layout.weights for edge in edges if edge is not lit]
    pills = [edge.label_item for edge in edges]
    assert max(item.zValue() for item in edges + pills) < lit.zValue()
    tags = [tag for tag, _ in scene.layout.biases]
    assert lit.zValue() < min(item.zValue() for item in neurons + tags)

"""A seeded random walk through the real window: key presses, clicks and double-clicks on the
graph, typed values good and bad, side-panel changes (impossible ones too), undo and redo, preset
switches, theme and scale, tabs, saving and opening in a folder of its own.

After every action the walk checks what a user could see go wrong: an exception nobody caught,
a Qt warning, a steps table of another length than the trace, a graph drawn for other layer
sizes, a title whose '*' disagrees with the undo stack, work whose preset no longer reads back,
a window that typed text made wider. The test files run it (test_random_walk.py).
"""

import random
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from simulator.presets import Preset, bundled_names
from ui.platform_messages import BENIGN

Key, Mod = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT, NONE = Mod.ControlModifier, Mod.ShiftModifier, Mod.NoModifier
KEYS = [
    (Key.Key_Right, NONE),
    (Key.Key_Left, NONE),
    (Key.Key_Space, NONE),
    (Key.Key_Home, NONE),
    (Key.Key_End, NONE),
    (Key.Key_Z, CTRL),
    (Key.Key_Y, CTRL),
    (Key.Key_1, CTRL),
    (Key.Key_2, CTRL),
    (Key.Key_3, CTRL),
    (Key.Key_4, CTRL),
    (Key.Key_R, CTRL),
    (Key.Key_0, CTRL),
    (Key.Key_Equal, CTRL | SHIFT),
    (Key.Key_Minus, CTRL | SHIFT),
    (Key.Key_F9, NONE),
]
STYLE_KEYS = [(Key.Key_T, CTRL), (Key.Key_Equal, CTRL), (Key.Key_Minus, CTRL)]
VALUES = ["0.5", "-1.25", "3", "1e-3", "0", "abc", "1e999", "nan", "", " 2 ", "0x10", "9x" * 50_000]
SIZES = ["2-2-1", "2-3-1", "2-2-2-1", "2-4-1", "2-1", "4-3-3", "2-0-1", "x", "2-100000000-1",
         "1-1", "2-1000-1000-1", "-".join(["1"] * 70), "2-" + "9x" * 300]  # fmt: skip
RATES = ["0.1", "0.5", "0.01", "-1", "0", "abc", "1e999", "2"]
SMALL_PRESETS = [
    name for name in bundled_names() if name.startswith(("notes", "xor", "softmax", "blobs"))
]
PAINT_EVERY = 20


class Walk:
    """One window, one seed: `step()` takes one random action and checks the window after it."""

    def __init__(self, qtbot, window, folder: Path, seed: int):
        self.qtbot, self.window, self.folder = qtbot, window, folder
        self.rng = random.Random(seed)
        self.history, self.problems = [], []
        self.taken = set()  # the kinds of action taken so far (their method names)
        self.width = window.width()
        self.typed = "0.5"
        self.actions = [
            (30, self.press_key),
            (1, self.press_style_key),
            (10, self.click_graph),
            (10, self.edit_on_graph),
            (6, self.type_sizes),
            (6, self.pick_choice),
            (4, self.type_rate),
            (3, self.pick_batch_size),
            (2, self.switch_preset),
            (3, self.switch_tab),
            (2, self.save),
            (2, self.open),
            (1, self.toggle_practice),
        ]
        self.weights = [weight for weight, _ in self.actions]
        window.setUpdatesEnabled(False)
        self.typing = (self.edit_on_graph, self.type_sizes, self.type_rate)

    # -- actions ---------------------------------------------------------------------------

    def press_key(self) -> str:
        key, modifier = self.rng.choice(KEYS)
        QTest.keyClick(self.window, key, modifier)
        return f"key {key.name} {modifier.name}"

    def press_style_key(self) -> str:
        key, modifier = self.rng.choice(STYLE_KEYS)
        QTest.keyClick(self.window, key, modifier)
        return f"style key {key.name}"

    def _graph_point(self):
        scene, graph = self.window.scene, self.window.graph
        keys = sorted(scene._by_key)
        if not keys:
            return None, None
        key = self.rng.choice(keys)
        return key, graph.mapFromScene(scene.item_for(key).sceneBoundingRect().center())

    def click_graph(self) -> str:
        key, point = self._graph_point()
        if key is not None:
            QTest.mouseClick(self.window.graph.viewport(), Qt.MouseButton.LeftButton, pos=point)
        return f"click {key}"

    def edit_on_graph(self) -> str:
        key, point = self._graph_point()
        self.typed = self.rng.choice(VALUES)
        if key is not None:
            viewport = self.window.graph.viewport()
            QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
            # QTest's double-click ends pressed (press, double-click): the user's finger lifts
            QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point)
        return f"double-click {key}, type {self.typed[:20]!r}"

    def _type_into(self, field, choices) -> str:
        """Type one of `choices` into a field of the settings panel and finish the edit."""
        text = self.rng.choice(choices)
        field.setText(text)
        field.editingFinished.emit()
        return text

    def type_sizes(self) -> str:
        return f"sizes {self._type_into(self.window.network_panel.sizes, SIZES)[:30]!r}"

    def pick_choice(self) -> str:
        panel = self.window.network_panel
        combos = [panel.loss, panel.optimizer, *panel.activations]
        combo = self.rng.choice(combos)
        index = self.rng.randrange(combo.count())
        combo.setCurrentIndex(index)
        text = combo.currentText()
        combo.activated.emit(index)
        return f"choose {text}"

    def type_rate(self) -> str:
        return f"learning rate {self._type_into(self.window.network_panel.learning_rate, RATES)!r}"

    def pick_batch_size(self) -> str:
        spin = self.window.network_panel.batch_size
        spin.setValue(self.rng.randint(1, spin.maximum() + 1))
        spin.editingFinished.emit()
        return f"batch size {spin.value()}"

    def switch_preset(self) -> str:
        name = self.rng.choice(SMALL_PRESETS)
        self.window.network_panel.sigPresetRequested.emit(name)
        return f"preset {name}"

    def switch_tab(self) -> str:
        index = self.rng.randrange(self.window.tabs.count())
        self.window.tabs.setCurrentIndex(index)
        return f"tab {index}"

    def save(self) -> str:
        name = self.rng.choice(["walk-a.json", "walk-b.json", "walk-c"])
        self.save_to = self.folder / name
        QTest.keyClick(self.window, Key.Key_S, CTRL | SHIFT)
        return f"save as {name}"

    def open(self) -> str:
        files = sorted(self.folder.glob("*.json")) + [self.folder / "broken.json", None]
        self.open_from = self.rng.choice(files)
        QTest.keyClick(self.window, Key.Key_O, CTRL)
        return f"open {self.open_from.name if self.open_from else '(cancelled)'}"

    def toggle_practice(self) -> str:
        QTest.keyClick(self.window, Key.Key_P, CTRL)
        return "practice on/off"

    # -- the dialogs, answered by the walk --------------------------------------------------

    def answer_dialogs(self, monkeypatch) -> None:
        (self.folder / "broken.json").write_text('{"format": 1, "layers": [2, "two"]}')
        self.save_to, self.open_from = self.folder / "walk-a.json", None
        monkeypatch.setattr(
            QInputDialog, "getText", lambda *a, **k: (self.typed, self.rng.random() < 0.9)
        )
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(self.save_to), ""))
        monkeypatch.setattr(
            QFileDialog,
            "getOpenFileName",
            lambda *a, **k: (str(self.open_from) if self.open_from else "", ""),
        )
        answers = [QMessageBox.StandardButton.Discard] * 3 + [QMessageBox.StandardButton.Cancel]
        self.window._ask_unsaved = lambda: self.rng.choice(answers)

    # -- running and checking -----------------------------------------------------------------

    def step(self) -> None:
        action = self.rng.choices([a for _, a in self.actions], self.weights)[0]
        QApplication.sendPostedEvents()  # the last action's layout settles before the width
        QApplication.processEvents()
        self.width = self.window.width()
        self.history.append(action())
        self.taken.add(action.__name__)
        QApplication.processEvents()
        if len(self.history) % PAINT_EVERY == 0:
            self.paint()
        self.check(typed=action in self.typing)

    def untaken(self) -> set:
        """The kinds of action the walk has not taken yet."""
        return {action.__name__ for _, action in self.actions} - self.taken

    def paint(self) -> None:
        """Paint the whole window now (the walk runs with updates off: painting every action
        would take most of its time, and painting every few still runs every paint path)."""
        self.window.setUpdatesEnabled(True)
        self.window.repaint()
        self.window.setUpdatesEnabled(False)

    def check(self, typed: bool = False) -> None:
        """Raise AssertionError naming the problem and the last actions, if any."""
        window, controller = self.window, self.window.controller
        cursor, workspace = controller.cursor, controller.workspace
        found = list(self.problems)
        table = window.steps_table.model()
        if len(table.trace.steps) != len(cursor.trace) or table.rowCount() != cursor.position:
            found.append("the steps table shows another iteration or step than the cursor")
        if window.scene.layout.sizes != cursor.network.sizes:
            found.append(f"the graph shows {window.scene.layout.sizes}, the network is other")
        if window.windowTitle().startswith("*") == controller.undo_stack.isClean():
            found.append(f"the title {window.windowTitle()!r} disagrees with the undo stack")
        if typed and window.width() != self.width:
            found.append(f"typing made the window {window.width()} px wide, not {self.width}")
        try:
            preset = workspace.to_preset()
            Preset.from_dict(preset.to_dict(), "the walk's work", preset.path)
        except ValueError as error:
            found.append(f"the work no longer reads back as a preset: {error}")
        if found:
            recent = "\n  ".join(self.history[-15:])
            raise AssertionError(f"{'; '.join(found)}\nafter:\n  {recent}")

    def record(self):
        """Record uncaught exceptions and Qt warnings while the walk runs; returns an undo."""
        old_hook = sys.excepthook

        def hook(kind, error, trace):
            self.problems.append(f"uncaught {kind.__name__}: {error}")

        def messages(kind, context, text):
            if kind != QtMsgType.QtDebugMsg and text not in BENIGN:
                self.problems.append(f"Qt said: {text}")

        sys.excepthook = hook
        old_handler = qInstallMessageHandler(messages)

        def undo():
            sys.excepthook = old_hook
            qInstallMessageHandler(old_handler)

        return undo

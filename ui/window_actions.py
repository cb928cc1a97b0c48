"""The window's menus, toolbar and keys: every action a user can take, with its shortcut.

A mixin of MainWindow (as ui/window_presentation.py is): the actions call the controller, the
player and the window's own slots.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QWidget,
)

from ui.player import MAX_SPEED
from ui.snapshots import CHOICES
from ui.toolbar_style import shared_toolbar_style


class WindowActions:
    """File, Edit, Step, View and Practice menus, the stepping toolbar and their shortcuts."""

    def _build_actions(self) -> None:
        c, menus = self.controller, self.menuBar()
        file, edit = menus.addMenu("&File"), menus.addMenu("&Edit")
        step, view = menus.addMenu("&Step"), menus.addMenu("&View")
        self.toolbar = self.addToolBar("Stepping")
        self.toolbar.setObjectName("stepping")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setStyle(shared_toolbar_style(QApplication.instance()))
        self._action(file, "&Open…", ["Ctrl+O"], self.open_file)
        self._action(file, "&Save", ["Ctrl+S"], self.save)
        self._action(file, "Save &as…", ["Ctrl+Shift+S"], self.save_as)
        self._action(file, "&Export worked solution…", ["Ctrl+E"], self.export_worked)
        self._action(file, "Export to &PyTorch…", [], self.export_pytorch)
        self._build_practice_file(file)
        file.addSeparator()
        self._action(file, "&Quit", ["Ctrl+Q"], self.close)
        undo = c.undo_stack.createUndoAction(self, "&Undo")
        redo = c.undo_stack.createRedoAction(self, "&Redo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, "Use &trained weights in step-through", [], self.view_tabs.use_trained)
        self._action(step, "◀ &Previous", [Qt.Key.Key_Left], c.step_back, True)
        self.next = self._action(
            step, "&Next ▶", [Qt.Key.Key_Right, Qt.Key.Key_Space], c.step_forward, True
        )
        self._action(step, "&Finish iteration", [Qt.Key.Key_End], c.finish, True)
        self._action(step, "&Restart iteration", [Qt.Key.Key_Home], c.restart, True)
        self._action(step, "Reset &training", ["Ctrl+R"], c.reset)
        self.play = self._action(step, "&Play", [Qt.Key.Key_P], self.player.toggle, True)
        self._show_playing(False)
        self._build_granularity(step)
        self._build_speed()
        self._build_view_menu(view)
        self._build_practice(menus.addMenu("&Practice"))

    def _action(self, menu, text, shortcuts, slot, toolbar=False) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def _build_granularity(self, menu) -> None:
        self.granularity = QComboBox()
        self.granularity.addItems(CHOICES["granularities"])
        self.granularity.setToolTip("How far one step moves: a value, a neuron, a layer, a phase")
        self.granularity.currentTextChanged.connect(self.controller.set_granularity)
        self.toolbar.addSeparator()
        self._add_field("Step by", self.granularity)
        by = menu.addMenu("Step &by")
        for number, name in enumerate(CHOICES["granularities"], start=1):
            self._action(
                by,
                name,
                [f"Ctrl+{number}"],
                lambda _=False, n=name: self.granularity.setCurrentText(n),
            )

    def _build_speed(self) -> None:
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, MAX_SPEED)
        self.speed.setValue(4)
        self.speed.setToolTip("Playback speed")
        self.speed.valueChanged.connect(self.player.set_speed)
        self._add_field("Speed", self.speed)

    def _add_field(self, label: str, widget) -> None:
        """`widget` on the toolbar after its `label`, the two as one: where the window is too
        narrow they move into the toolbar's » menu together."""
        field = QWidget(objectName="field")
        row = QHBoxLayout(field)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(f" {label} "))
        row.addWidget(widget)
        field.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)  # no gaps
        self.toolbar.addWidget(field)

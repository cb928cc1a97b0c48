"""View > Notation: write every key by the notes' names or in layer notation, and remember it."""

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from ui.snapshots import CHOICES, NOTATION_TITLES

SETTING = "notation"


class NotationMenu(QObject):
    """The two notations as checkable actions; choosing one tells the controller (which sends
    every view new snapshots), the lessons beside it, and the settings."""

    def __init__(self, menu, controller, settings=None, on_change=None):
        super().__init__(menu)
        self.controller, self.settings, self.on_change = controller, settings, on_change
        self.group = QActionGroup(self)
        submenu = menu.addMenu("&Notation")
        for name in CHOICES["notations"]:
            action = QAction(NOTATION_TITLES[name], self.group)
            action.setCheckable(True)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.choose(n))
            submenu.addAction(action)
        self._check()

    def restore(self) -> None:
        """Take the notation chosen last time (the notes' names the first time)."""
        if self.settings is not None:
            notation = str(self.settings.value(SETTING, "notes"))
            if notation in CHOICES["notations"]:
                self.choose(notation)

    def choose(self, notation: str) -> None:
        self.controller.set_notation(notation)
        self._check()
        if self.on_change is not None:
            self.on_change()
        if self.settings is not None:
            self.settings.setValue(SETTING, self.controller.notation)

    def _check(self) -> None:
        for action in self.group.actions():
            action.setChecked(action.data() == self.controller.notation)

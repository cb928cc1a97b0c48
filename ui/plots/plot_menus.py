"""pyqtgraph's right-click menus: built when first asked for, dressed as their window when they
pop up, and deleted with their plot.

The menus (the view box's 'View All / X axis / Y axis / Mouse Mode' and the plot's 'Plot
Options') hold some forty widgets each: as children of the plot they were restyled with every
widget of the window on each theme or scale change, half of a full window's widgets. Outside
the window's tree they take its stylesheet only when they are about to be seen.
"""

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ViewBox.ViewBoxMenu import ViewBoxMenu
from PySide6.QtWidgets import QMenu, QWidget


class MenuOnDemandViewBox(pg.ViewBox):
    """A ViewBox whose context menu is made at the first right-click (or the first request for
    its actions), not with the plot: most plots are never right-clicked."""

    _dressed = None  # the menu that follows the window (pyqtgraph may make one itself)

    def __init__(self, **kwargs):
        super().__init__(enableMenu=False, **kwargs)
        self.state["enableMenu"] = True  # on, though the menu itself is not made yet

    def getMenu(self, ev):
        if self.menuEnabled() and self.menu is None:
            self.menu = ViewBoxMenu(self)
            self.updateViewLists()  # the link combos list the named views, as a new menu's do
        if self.menu is not None and self.menu is not self._dressed:
            follow_window(self.menu, self.getViewWidget())
            self._dressed = self.menu
        return self.menu

    def getContextMenus(self, event):
        return self.getMenu(event).actions() if self.menuEnabled() else []


def follow_window(menu: QMenu, plot: QWidget) -> None:
    """`menu` takes the stylesheet of `plot`'s window each time it is about to show (a popup
    has no parent in the window, so nothing cascades to it), and is deleted with `plot`."""

    def dress() -> None:
        sheet = plot.window().styleSheet()
        if menu.styleSheet() != sheet:  # restyling costs a polish of every widget it holds
            menu.setStyleSheet(sheet)

    menu.aboutToShow.connect(dress)
    plot.destroyed.connect(menu.deleteLater)

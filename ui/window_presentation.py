"""The window's View half: presentation scale, theme, focus and full screen, and the sharing of
room between the graph, the formula and the side panels whenever any of them changes.

A mixin of MainWindow (it uses the window's views); the sharing rules are ui/window_room.py's.
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from ui.notation_menu import NotationMenu
from ui.panels import batch_table, formula_panel, network_panel, phase_strip, practice_panel
from ui.presentation import Presentation
from ui.theme import apply_palette, font_px, stylesheet
from ui.toolbar_style import style_toolbar
from ui.window_room import CENTRE_SHARE, most_formula_height, share_height, share_width

SIDE_MIN_EMS = 30  # the settings panel scrolls below its content's width, down to this; narrower,
# its fields and labels would be cut, so it collapses and leaves the room to the graph
SCROLL_BAR = 18  # room for the settings panel's scroll bar
PANEL_AIR = 12  # below the practice panel's last line
MAX_CENTRE_SHARE = 0.9  # at a large presentation scale the graph may take this much width
PANELS = (formula_panel, phase_strip, batch_table, network_panel, practice_panel)


def window_stylesheet(theme, scale: float) -> str:
    """The window's one style sheet: the theme's, each panel's rules (by object name) and the
    message line's. One sheet polishes each widget once on a theme or scale change, where a
    sheet of a panel's own would polish its widgets again."""
    message = (
        f"#message {{ color: {theme.mismatch}; background: {theme.surface}; padding: 6px;"
        f" border: 1px solid {theme.mismatch}; font-size: {font_px(scale)}px; }}"
    )
    panels = [panel.style_rules(theme, scale) for panel in PANELS]
    return "\n".join([stylesheet(theme, scale), *panels, message])


class WindowPresentation:
    """Ctrl+= / Ctrl+- / Ctrl+T / F9 / F11, and the room each panel gets."""

    presentation = Presentation()
    _sharing = False  # share_room is running
    _ample = (None, 0)  # (what it was given for, the formula panel's most ample height given)

    @property
    def scale(self) -> float:
        return self.presentation.scale

    @property
    def theme(self):
        return self.presentation.theme

    def _build_view_menu(self, view) -> None:
        self._action(view, "Zoom &in", ["Ctrl+Shift+="], self.graph.zoom_in)
        self._action(view, "Zoom &out", ["Ctrl+Shift+-"], self.graph.zoom_out)
        self._action(view, "&Fit network", ["Ctrl+0"], self.graph.fit)
        self.follow = self._action(view, "Follow the &current value", [], self._follow)
        self.follow.setCheckable(True)
        self.follow.setToolTip("Keep the value being computed in view, zoomed to read (big nets)")
        view.addSeparator()
        self._action(view, "&Larger (presentation)", ["Ctrl+="], lambda: self._rescale(1))
        self._action(view, "&Smaller", ["Ctrl+-"], lambda: self._rescale(-1))
        self._action(view, "&Light / dark theme", ["Ctrl+T"], self._toggle_theme)
        self.notation = NotationMenu(view, self.controller, self.settings, self._names_changed)
        self._action(view, "F&ull screen", ["F11"], self._toggle_full_screen)
        self.focus = self._action(view, "F&ocus on the graph", ["F9"], self._focus)
        self.focus.setCheckable(True)
        self.focus.setToolTip(
            "Hide the settings, the table, the toolbar and the tabs so the graph and formula "
            "fill the window (for a projector); F9 again brings them back"
        )
        self.keep_settings = self._action(view, "Keep the &settings panel", ["F8"], self._keep)
        self.keep_settings.setCheckable(True)
        self.keep_settings.setToolTip(
            "Show the settings panel even where the graph needs its room (on a narrow screen "
            "it gives way to the graph by itself)"
        )

    def _rescale(self, direction: int) -> None:
        self.apply_presentation(self.presentation.larger(direction))

    def _toggle_theme(self) -> None:
        self.apply_presentation(self.presentation.toggled())

    def _follow(self, following: bool) -> None:
        self.graph.set_following(following)

    def _focus(self, focused: bool) -> None:
        """Give the graph and the formula the whole window (the phase strip and menus stay:
        every action keeps its key), or bring the side panels, toolbar and tabs back."""
        for widget in (self.toolbar, self.statusBar(), self.menuBar()):
            widget.setVisible(not focused)
        for panel in (self.side, self.steps_column):  # practice keeps them hidden too
            panel.setVisible(not focused and not self.practice.active)
        self.tabs.tabBar().setVisible(not focused)
        self.share_room()

    def _keep(self, keep: bool) -> None:
        self.share_room()
        if keep and not self.focus.isChecked():
            self.network_panel.setFocus()

    def _toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def apply_presentation(self, presentation: Presentation) -> None:
        """Theme and presentation scale for every font and line of the window, all at once."""
        self.style_window(presentation)
        theme, scale = presentation.theme, presentation.scale
        self.scene.set_style(theme, scale)
        self.formula.set_style(theme, scale)
        if self._practice_panel is not None:  # built once practice first starts
            self._practice_panel.set_style(theme, scale)
        self.view_tabs.apply_theme(theme, scale)
        self.phase_strip.set_style(theme, scale)
        self.steps_table.set_style(theme, scale)
        style_toolbar(self.toolbar)
        self._show_playing(self.player.playing)  # Play's icon in the theme's colour
        if self._batch_table is not None:  # built with the first batch
            self._batch_table.set_style(theme, scale)
        self.share_room()
        self.graph.fit()  # the whole net again, whatever the zoom was
        if self.isVisible():
            QTimer.singleShot(0, self, self.share_room)  # again once the new fonts are laid out

    def style_window(self, presentation: Presentation) -> None:
        """The window's palette and style sheet. Set before the views are built, each widget
        is polished once, when first shown (a hidden menu or popup only when it opens), not
        once unstyled and again when the sheet arrives."""
        self.presentation = presentation
        # The window's own style, not the application's: its dialogs and menus inherit it,
        # and no other window (nor a closed one awaiting deletion) is restyled with it.
        apply_palette(self, presentation.theme)
        sheet = window_stylesheet(presentation.theme, presentation.scale)
        if sheet != self.styleSheet():  # the same again (Ctrl+= at the largest scale) would
            self.setStyleSheet(sheet)  # still polish every widget of the window once more

    # -- room ----------------------------------------------------------------------------

    def share_room(self) -> None:
        """Widths for the settings, the centre and the table; heights for graph and formula.
        A request while sharing (the formula panel, resized, asks for its height) is answered
        by the heights, shared after the widths with the panel's new minimum, or, when the
        new heights themselves made the panel ask for more, by sharing once more."""
        if not self.isVisible() or self._sharing:
            return
        self._sharing = True
        try:
            self._share_room()
            if self.formula_stack.height() < self._panel_heights()[1]:
                self._share_room()
        finally:
            self._sharing = False

    def _share_room(self) -> None:
        side = self._side_widths() if self.side.isVisibleTo(self) else (0, 0)
        table = self._table_widths() if self.steps_column.isVisibleTo(self) else (0, 0)
        keep = self.keep_settings.isChecked()
        # larger presentation type is for the graph first: the panels beside it give way sooner
        centre = min(MAX_CENTRE_SHARE, CENTRE_SHARE * max(1.0, self.scale))
        widths = share_width(_room_of(self.splitter), side, table, centre, keep_side=keep)
        self.splitter.setSizes(list(widths))
        column = _room_of(self.stepping)
        most = most_formula_height(column, self.formula.reserved_height())  # the graph's floor
        self.formula.set_most_height(most)
        self.stepping.setSizes(list(share_height(column, *self._panel_heights())))
        self.place_message()

    def _panel_heights(self) -> tuple[int, int, int]:
        """(comfortable, least, ample) height of the panel under the graph: the formula, or
        the practice question, which takes what its lines need."""
        panel = self.formula_stack.currentWidget()
        if panel is self.formula:
            heights = panel.comfortable_height(), panel.minimumSizeHint().height()
            return *heights, self._ample_height()
        needed = panel.needed_height() + PANEL_AIR
        return needed, needed, needed

    def _ample_height(self) -> int:
        """The formula panel's ample height, never lowered for the same work at the same
        scale: an edit that drops the notes' values (and the line of their verdict) leaves the
        graph where the class was looking."""
        workspace = self.controller.workspace
        work = (workspace.origin, workspace.network.sizes) if workspace is not None else None
        given_for, given = self._ample
        ample = self.formula.ample_height()
        if given_for == (work, self.scale):
            ample = max(ample, given)
        self._ample = ((work, self.scale), ample)
        return ample

    def _side_widths(self) -> tuple[int, int]:
        self.network_panel.ensurePolished()
        metrics = QFontMetrics(self.network_panel.font())
        preferred = self.network_panel.sizeHint().width() + SCROLL_BAR
        return preferred, min(preferred, metrics.averageCharWidth() * SIDE_MIN_EMS + SCROLL_BAR)

    def _table_widths(self) -> tuple[int, int]:
        return self.steps_table.preferred_width(), self.steps_table.minimum_width()

    def place_message(self) -> None:
        """The banner floats over the top of the tab's page: it never pushes the formula."""
        top = self.tabs.tabBar().height()
        width = self.tabs.width()
        self.message.setGeometry(0, top, width, self.message.heightForWidth(width))
        self.message.raise_()

    def setVisible(self, visible: bool) -> None:
        """On showing, the page on show waits until the tabs are laid out, then is laid out
        once, at its own size. Qt shows a tab widget's pages before it gives them their size
        (in its own showEvent, after its children's): shown with the window, the step-through
        was laid out whole at a size it never has (its graph, formula and side panel, the
        description's many lines among them), then again at its own."""
        page = self.tabs.currentWidget()
        if not visible or self.isVisible() or page is None or page.isHidden():
            super().setVisible(visible)
            return
        page.hide()
        super().setVisible(True)
        page.show()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.share_room)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.share_room()


def _room_of(splitter) -> int:
    """The length `splitter` shares out along its orientation: its own less its handles'. Its
    sizes' sum lags behind the window: just after a resize it was 1357 px in a 1280 px window,
    and the settings panel was given room for one round, then taken back in the next."""
    along = QWidget.width if splitter.orientation() == Qt.Orientation.Horizontal else QWidget.height
    handles = (splitter.handle(i) for i in range(1, splitter.count()))
    shown = [along(handle) for handle in handles if handle.isVisibleTo(splitter)]
    return along(splitter) - sum(shown)

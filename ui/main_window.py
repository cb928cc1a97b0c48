"""The main window: builds the views, lays them out and wires them to the controller.

No maths and no numbers live here: the controller sends snapshots, the views show them.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.presets import bundled_names
from ui.file_actions import SavedWorkActions
from ui.graph.network_scene import NetworkScene
from ui.graph.network_view import NetworkView
from ui.panels.batch_table import BatchTable
from ui.panels.formula_panel import FormulaPanel
from ui.panels.network_panel import NetworkPanel
from ui.panels.phase_strip import PhaseStrip
from ui.panels.steps_table import StepsTable
from ui.player import Player
from ui.practice_actions import PracticeActions
from ui.presentation import Presentation
from ui.serial_painting import paint_serially
from ui.snapshots import CHOICES
from ui.view_tabs import ViewTabs
from ui.window_actions import WindowActions
from ui.window_presentation import WindowPresentation

MAX_MESSAGE_CHARS = 400  # the message line's longest sentence


class MainWindow(SavedWorkActions, PracticeActions, WindowActions, WindowPresentation, QMainWindow):
    """Graph in the centre, formula beneath, phase strip on top, settings left, steps right."""

    def __init__(self, controller, settings=None, autosave=None, parent=None):
        super().__init__(parent)
        paint_serially()  # before anything paints: Qt reads it once
        self.controller, self.settings, self.autosave = controller, settings, autosave
        controller.setParent(self)  # the window owns its controller: they live and die together
        self.player = Player(controller, self)
        self.style_window(Presentation.load(settings))  # first: each view is polished once
        self._build_views()
        self._build_layout()
        self.view_tabs = ViewTabs(self, self.scene, self.theme)
        self._build_actions()
        self._wire()
        self._restore()

    # -- building ------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.scene = NetworkScene(parent=self)
        self.graph = NetworkView(self.scene, lays_out=True)
        self.formula = FormulaPanel()
        self.phase_strip = PhaseStrip()
        self.steps_table = StepsTable()
        self.network_panel = NetworkPanel(CHOICES, bundled_names())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.message = QLabel(self.tabs)  # a banner over the page, outside every layout
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # error text is never markup
        # a long unbroken word (typed text quoted back) wraps no further: clip, never widen
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message.hide()

    def _build_layout(self) -> None:
        self.stepping = stepping = QSplitter(Qt.Orientation.Vertical)
        stepping.addWidget(self.graph)
        self.formula_stack = QStackedWidget()  # the practice panel takes the formula's place
        self.formula_stack.addWidget(self.formula)
        stepping.addWidget(self.formula_stack)
        stepping.setStretchFactor(0, 3)
        stepping.setStretchFactor(1, 1)
        stepping.setChildrenCollapsible(False)
        self.side = side = QScrollArea()
        side.setWidget(self.network_panel)
        side.setWidgetResizable(True)
        side.setMinimumWidth(1)  # below its content's width it scrolls; the window decides
        self.steps_column = QSplitter(Qt.Orientation.Vertical)  # the batch above the steps
        self.steps_column.addWidget(self.steps_table)
        self.steps_column.setStretchFactor(0, 1)  # the batch table, when built, takes what it needs
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((side, 0), (stepping, 3), (self.steps_column, 1)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setCollapsible(1, False)  # the side panels give way, never the graph
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.phase_strip)  # the whole width: the step counter always fits
        column.addWidget(self.splitter, 1)
        self.tabs.addTab(page, "Step through")
        self.setCentralWidget(self.tabs)
        hint = QLabel(
            "→ / Space next   ← back   double-click a weight, bias, x or y to edit   "
            "F8 settings panel"
        )
        hint.setObjectName("hint")
        hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(hint, 1)

    def add_view(self, widget, title: str) -> None:
        """Add a view (the training view, a lesson) as a tab beside the step-through."""
        self.tabs.addTab(widget, title)

    # -- wiring --------------------------------------------------------------------------

    def _wire(self) -> None:
        c = self.controller
        c.sigNetworkChanged.connect(self._show_network)
        c.sigTraceChanged.connect(self.steps_table.set_trace)
        c.sigTraceChanged.connect(self._show_trace)
        c.sigTraceChanged.connect(self._show_batch)
        self.formula.sigNeedsHeight.connect(self.share_room)
        c.sigStepChanged.connect(self._show_step)
        c.sigError.connect(self.show_error)
        c.sigStatus.connect(self.show_status)
        c.sigWorkspaceChanged.connect(self.view_tabs.network_changed)
        c.undo_stack.indexChanged.connect(self._show_undo_text)
        c.undo_stack.cleanChanged.connect(self._show_title)
        self.scene.sigEditRequested.connect(self._edit)
        self.scene.sigKeyClicked.connect(c.describe_key)
        self.steps_table.sigPositionRequested.connect(c.go_to)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.network_panel.sigPresetRequested.connect(self.switch_preset)
        self.view_tabs.sigPresetRequested.connect(self.switch_preset)
        self.network_panel.sigOpenRequested.connect(self.open_file)
        self.network_panel.sigSettingsRequested.connect(c.change_settings)
        self.network_panel.sigError.connect(self.show_error)
        self.player.sigPlayingChanged.connect(self._show_playing)
        c.sigHeld.connect(self.player.stop)
        if self.autosave is not None:
            c.sigStepChanged.connect(self.autosave.note_change)
            c.sigNetworkChanged.connect(self.autosave.note_change)
            c.sigTraceChanged.connect(self.autosave.note_trace)
            self.autosave.sigTrouble.connect(self.show_error)

    def _show_network(self, view) -> None:
        """The side panel and title follow every change; the scene is built once per network
        (its numbers follow with the step view that comes next)."""
        self.scene.set_work(view.preset)  # another preset of the same sizes: a new layout
        if self.scene.layout.sizes != view.settings.sizes:
            network = (view.settings.sizes, view.parameters, view.inputs, view.targets)
            self.scene.build(*network, view.labels, texts_coming=True)  # the trace comes next
            self.follow.setChecked(self.scene.style.compact)  # too big to label whole
            self.graph.set_following(self.scene.style.compact)
        else:
            self.scene.set_labels(view.labels)
        self.view_tabs.set_names(view.names)
        self.network_panel.set_network(view)
        self._show_title()

    def _show_trace(self, view) -> None:
        """The graph keeps room for the iteration's numbers; a net with the notes' values
        keeps a line of the formula panel for their badge; the panel reserves the height of the
        iteration's tallest formula."""
        self.scene.reserve_texts(view.shown_texts)
        self.formula.set_trace(view)
        if self.formula.set_has_notes(view.has_notes):
            self.share_room()

    _batch_table = None  # built with the first trace that has a batch (most nets have none)

    @property
    def batch_table(self) -> BatchTable:
        """The batch's samples, above the steps table."""
        if self._batch_table is None:
            self._batch_table = BatchTable()
            self._batch_table.set_style(self.theme, self.scale)
            self.steps_column.insertWidget(0, self._batch_table)
        return self._batch_table

    def _show_batch(self, view) -> None:
        if view.batch or self._batch_table is not None:
            self.batch_table.set_trace(view)

    def _show_title(self) -> None:
        """The example's title and file; a '*' while there are unsaved changes."""
        c = self.controller
        if c.workspace is None:
            return
        unsaved = "" if c.undo_stack.isClean() else "*"
        path = c.workspace.path
        file = f" ({path.name})" if path else ""
        self.setWindowTitle(f"{unsaved}{c.workspace.title}{file} · backprop-sim")

    def _tab_changed(self, index: int) -> None:
        """Back on the step-through: the graph shows the cursor's numbers and marks again
        (training and the chain-rule lesson recolour and mark it while their tabs are on)."""
        if self.controller.cursor is None:
            return
        if index == 0:
            self._show_step(self.controller.step_view())
        else:  # beside training or a lesson the graph is a map of the network: nothing dimmed
            self.scene.set_dimmed(None)

    def _show_step(self, view) -> None:
        self.message.hide()
        self.scene.show_values(view.texts)
        self.scene.set_weight_values(view.weights)
        self.scene.set_dimmed(view.computed)
        self.scene.highlight(view.current.key if view.current else None, view.reads)
        self.graph.follow(view.current.key if view.current else None)
        self.formula.show_view(view)
        self.phase_strip.show_step(view)
        if self._batch_table is not None:
            self._batch_table.set_step(view)
        self.steps_table.set_position(view.position)

    def _names_changed(self) -> None:
        """The chain-rule lesson writes its paths in the notation on show too."""
        self.view_tabs.set_names(self.controller.names)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    def _show_undo_text(self) -> None:
        self.show_status(self.controller.undo_stack.undoText())

    def _show_playing(self, playing: bool) -> None:
        """Play or Pause, with the style's icon in the toolbar's colour (ui/toolbar_style.py): no
        glyph a font may lack."""
        pixmaps = QStyle.StandardPixmap
        icon = pixmaps.SP_MediaPause if playing else pixmaps.SP_MediaPlay
        self.play.setIcon(self.toolbar.style().standardIcon(icon, None, self.toolbar))
        self.play.setText("&Pause" if playing else "&Play")

    def show_error(self, text: str) -> None:
        """One sentence in the window and the status bar; nothing else changes. A sentence
        longer than MAX_MESSAGE_CHARS (it quotes what was typed) is cut short with '…'."""
        if len(text) > MAX_MESSAGE_CHARS:
            text = text[: MAX_MESSAGE_CHARS - 1] + "…"
        self.message.setText(f"⚠ {text}")
        self.message.show()
        self.place_message()
        self.statusBar().showMessage(text, 10000)

    def _edit(self, key: str) -> None:
        name = self.controller.names.of(key)
        what = f"{name} ({key})" if name else key
        text, ok = QInputDialog.getText(
            self, "Edit value", f"New value for {what}:", text=self.controller.edit_text(key)
        )
        if ok:
            self.controller.edit_value(key, text)

    def _restore(self) -> None:
        """The theme and scale (in steps) saved last time, and the notation; the window's
        place is the app's."""
        if self.settings is not None:
            self.notation.restore()
        self.apply_presentation(self.presentation)

    def closeEvent(self, event) -> None:
        """Never lose unsaved work silently; a clean close leaves no autosave behind."""
        if not self.confirm_discard():
            event.ignore()
            return
        self.player.stop()
        self.view_tabs.shutdown()
        if self.autosave is not None:
            self.autosave.discard()
        if self.settings is not None:
            self.presentation.save(self.settings)
            self.settings.setValue("geometry", self.saveGeometry())
        super().closeEvent(event)

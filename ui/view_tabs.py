"""The training view and the lesson views, as tabs beside the step-through.

Each view gets its own copy of the user's network (training must not move the step-through),
and only when its tab is on show: a network change marks every view stale, and a stale view
is fed when its tab is next chosen, so editing a weight costs one view, not six.
"""

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter

from simulator.keys import is_weight
from ui.graph.network_view import NetworkView
from ui.lessons import (
    ActivationExplorer,
    CollapseView,
    LearningRateView,
    PathsView,
    VanishingView,
)
from ui.training.training_view import TrainingView

LESSONS = (
    ("Chain rule", PathsView),
    ("Activations", ActivationExplorer),
    ("Vanishing gradient", VanishingView),
    ("Linear collapse", CollapseView),
    ("Learning rate", LearningRateView),
)

MIN_GRAPH_WIDTH = 200
GRAPH_SHARE = {"Train": 0.4, "Chain rule": 0.4}  # the graph's part of the width of its tab


class ViewTabs(QObject):
    """Creates the views, adds them to the window's tabs and feeds them the user's network."""

    sigPresetRequested = Signal(str)  # a lesson offers to open a bundled preset

    def __init__(self, window, scene, theme):
        super().__init__(window)
        self.window, self.scene = window, scene
        self.training = TrainingView(theme)
        self.lessons = {title: kind(theme) for title, kind in LESSONS}
        self.views = {"Train": self.training, **self.lessons}
        self.pages = {}  # view -> the widget its tab shows (the view, or the graph and it)
        self.stale = set(self.views.values())
        self.keep = None  # a view whose own network is coming back: it keeps its run
        for title, view in self.views.items():
            beside_graph = title in GRAPH_SHARE
            self.pages[view] = self._with_graph(view, title) if beside_graph else view
            window.add_view(self.pages[view], title)
        self._wire()

    def __repr__(self) -> str:
        return f"ViewTabs({', '.join(self.views)}; {len(self.stale)} stale)"

    def _with_graph(self, view, title: str) -> QSplitter:
        """The view with a second window on the step-through's graph, which it colours."""
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(NetworkView(self.scene))
        splitter.addWidget(view)
        splitter.setChildrenCollapsible(False)
        splitter.setProperty("graph_share", GRAPH_SHARE[title])
        return splitter

    def _wire(self) -> None:
        self.training.sigWeightsChanged.connect(self._show_weights)
        self.lessons["Chain rule"].sigHighlight.connect(self._highlight)
        self.lessons["Vanishing gradient"].sigPresetRequested.connect(self.sigPresetRequested)
        self.scene.sigKeyClicked.connect(self.select)
        self.window.tabs.currentChanged.connect(self._feed_current)

    def _show_weights(self, weights: dict) -> None:
        self.scene.set_weight_values({k: w for k, w in weights.items() if is_weight(k)})

    def _highlight(self, keys) -> None:
        keys = tuple(keys)
        self.scene.highlight(keys[-1] if keys else None, keys[:-1])

    def select(self, key: str) -> None:
        """A key clicked on the graph: the lessons that follow a selection show it."""
        for view in (self.lessons["Chain rule"], self.lessons["Activations"]):
            view.set_selected(key)

    def network_changed(self) -> None:
        """The user's network changed (a preset, an edit, an undo): every view is stale."""
        self.stale = set(self.views.values()) - {self.keep}
        self._feed_current()

    def use_trained(self) -> None:
        """Step through with the training view's weights (an undoable edit); its curves stay."""
        if self.training.network is None or self.training.running:
            reason = "still changing" if self.training.running else "not trained yet"
            self.window.show_error(f"The Train tab's weights are {reason}: train, then pause.")
            return
        self.keep = self.training
        try:
            self.window.controller.use_parameters(self.training.network.parameters)
        finally:
            self.keep = None

    def _feed_current(self) -> None:
        page = self.window.tabs.currentWidget()
        share = page.property("graph_share")
        if share:  # shared out once, when first shown at the window's size
            page.setProperty("graph_share", None)
            width = self.window.tabs.width()
            room = width - page.widget(1).sizeHint().width()  # the view keeps its size
            graph = max(MIN_GRAPH_WIDTH, min(round(width * share), room))
            page.setSizes([graph, width - graph])
        for view in list(self.stale):
            if self.pages[view] is page:
                self.stale.discard(view)
                workspace = self.window.controller.workspace
                view.set_network(workspace.network.copy(), workspace.data)

    def apply_theme(self, theme, scale: float) -> None:
        self.training.apply_theme(theme, scale)

    def shutdown(self) -> None:
        """Stop training threads before the window goes."""
        self.training.pause()
        self.training.shutdown()
        self.lessons["Learning rate"].stop()

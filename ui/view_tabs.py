"""The training view and the lesson views, as tabs beside the step-through.

Each view is built the first time its tab is shown (a window that never trains pays nothing
for training: its tab is one empty widget until then, not a scroll area of seven widgets that
every restyle of the window polishes), gets its own copy of the user's network (training must
not move the step-through), and only when its tab is on show: a network change marks every
view stale, and a stale view is fed when its tab is next chosen, so editing a weight costs one
view, not six.
"""

from importlib import import_module

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from simulator.keys import is_weight
from simulator.names import NO_NAMES
from ui.graph.network_view import NetworkView
from ui.theme import LIGHT

# title -> the view's module and class, imported when the tab is first shown: the views
# bring in pyqtgraph, which would otherwise be a good part of the window's start-up
VIEWS = (
    ("Train", "ui.training.training_view", "TrainingView"),
    ("Chain rule", "ui.lessons.paths_view", "PathsView"),
    ("Activations", "ui.lessons.activation_explorer", "ActivationExplorer"),
    ("Vanishing gradient", "ui.lessons.vanishing_view", "VanishingView"),
    ("Linear collapse", "ui.lessons.collapse_view", "CollapseView"),
    ("Learning rate", "ui.lessons.learning_rate_view", "LearningRateView"),
)
FOLLOW_SELECTION = ("Chain rule", "Activations")  # lessons that show the key clicked on the graph
TRAINS = ("Train", "Learning rate")  # views with training threads to stop before closing

MIN_GRAPH_WIDTH = 200  # a graph copy narrower than this (times the scale) is not worth showing
GRAPH_SHARE = {"Train": 0.4, "Chain rule": 0.4}  # the graph's part of the width of its tab


def view_class(title: str) -> type:
    """The class of the view of tab `title` (importing its module the first time)."""
    module, name = next((module, name) for t, module, name in VIEWS if t == title)
    return getattr(import_module(module), name)


def column() -> QWidget:
    """An empty widget whose one item will fill it, edge to edge."""
    widget = QWidget()
    QVBoxLayout(widget).setContentsMargins(0, 0, 0, 0)
    return widget


def scrolled(page: QWidget) -> QScrollArea:
    """`page` in a frameless scroll area: on a small screen, or in large type, a view scrolls
    instead of making the window larger than the screen."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class ViewTabs(QObject):
    """Adds a tab per view, builds each view when its tab is first shown and feeds it."""

    sigPresetRequested = Signal(str)  # a lesson offers to open a bundled preset

    def __init__(self, window, scene, theme=LIGHT, scale: float = 1.0):
        super().__init__(window)
        self.window, self.scene = window, scene
        self.theme, self.scale = theme, scale
        self.views = {}  # title -> view, for the tabs shown so far
        self.holders = {}  # title -> the tab's own widget: it holds the view's scroll area
        self.pages = {}  # title -> the page in the tab's scroll area, holding the built view
        self.stale = set()  # titles of built views whose network is out of date
        self.has_network = False  # True once the window has a network to give the views
        self.selected = None  # the key last clicked on the graph
        self.keep = None  # a view whose own network is coming back: it keeps its run
        self.names = NO_NAMES  # the keys' names in the notation on show
        for title, *_ in VIEWS:
            self.holders[title] = column()
            window.add_view(self.holders[title], title)
        scene.sigKeyClicked.connect(self.select)
        window.tabs.currentChanged.connect(self._feed_current)

    def __repr__(self) -> str:
        return f"ViewTabs({', '.join(self.views) or 'none built'}; {len(self.stale)} stale)"

    @property
    def training(self):
        """The Train tab's TrainingView, or None while that tab has never been shown."""
        return self.views.get("Train")

    @property
    def lessons(self) -> dict:
        """The lesson views built so far, by title."""
        return {title: view for title, view in self.views.items() if title != "Train"}

    def _build(self, title: str) -> None:
        """Make the view of tab `title`, in the window's theme, and wire it."""
        view = view_class(title)(self.theme, self.scale)
        self.views[title] = view
        if title == "Train":
            view.sigWeightsChanged.connect(self._show_weights)
            view.sigDataRequested.connect(self._use_data)
        elif title == "Chain rule":
            view.sigHighlight.connect(self._highlight)
            view.set_names(self.names)
        elif title == "Vanishing gradient":
            view.sigPresetRequested.connect(self.sigPresetRequested)
        if title in FOLLOW_SELECTION and self.selected is not None:
            view.set_selected(self.selected)
        self.pages[title] = page = column()
        page.layout().addWidget(self._with_graph(view, title) if title in GRAPH_SHARE else view)
        self.holders[title].layout().addWidget(scrolled(page))
        if self.has_network:
            self.stale.add(title)

    def _with_graph(self, view, title: str) -> QSplitter:
        """The view with a second window on the step-through's graph, which it colours."""
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(NetworkView(self.scene))
        splitter.addWidget(view)
        splitter.setChildrenCollapsible(False)
        splitter.setCollapsible(0, True)  # on a narrow screen the view comes first
        splitter.setProperty("graph_share", GRAPH_SHARE[title])
        return splitter

    def _show_weights(self, weights: dict) -> None:
        self.scene.set_weight_values({k: w for k, w in weights.items() if is_weight(k)})

    def _use_data(self, data, spec, fit: bool) -> None:
        """The Train tab's data choice as an undoable edit of the user's work."""
        controller = self.window.controller
        if fit:
            controller.use_data_fitted(data, spec)
        else:
            controller.use_data(data, spec, f"Use the data {data.name}")

    def _highlight(self, keys) -> None:
        keys = tuple(keys)
        self.scene.highlight(keys[-1] if keys else None, keys[:-1])

    def select(self, key: str) -> None:
        """A key clicked on the graph: the lessons that follow a selection show it."""
        self.selected = key
        for title in FOLLOW_SELECTION:
            if title in self.views:
                self.views[title].set_selected(key)

    def set_names(self, names) -> None:
        """Write keys by `names` (the notation on show) where a lesson names them."""
        self.names = names
        if "Chain rule" in self.views:
            self.views["Chain rule"].set_names(names)

    def network_changed(self) -> None:
        """The user's network changed (a preset, an edit, an undo): every view is stale."""
        self.has_network = True
        self.stale = set(self.views) - {self.keep}
        self._feed_current()

    def use_trained(self) -> None:
        """Step through with the training view's weights (an undoable edit); its curves stay."""
        training = self.training
        if training is None or training.network is None or training.running:
            reason = "still changing" if training and training.running else "not trained yet"
            self.window.show_error(f"The Train tab's weights are {reason}: train, then pause.")
            return
        self.keep = "Train"
        try:
            self.window.controller.use_parameters(training.network.parameters)
        finally:
            self.keep = None

    def _feed_current(self) -> None:
        tabs = self.window.tabs
        title = tabs.tabText(tabs.currentIndex())
        if title not in self.holders:  # the step-through
            return
        if title not in self.views:
            self._build(title)
        self._share_room(self.pages[title].layout().itemAt(0).widget())
        if title in self.stale:
            self.stale.discard(title)
            self.views[title].set_workspace(self.window.controller.workspace)

    def _share_room(self, page) -> None:
        """Give the graph beside a view its share of the width, once for each window width and
        presentation scale; where the view would be cut (1024 wide, or large type) the graph,
        too small to read there anyway, gives way to it."""
        share, width = page.property("graph_share"), self.window.tabs.width()
        if not share or page.property("shared_for") == f"{width} {self.scale}":
            return
        page.setProperty("shared_for", f"{width} {self.scale}")
        view = page.widget(1)
        needs = max(view.sizeHint().width(), view.minimumSizeHint().width())
        graph = min(round(width * share), width - needs - page.handleWidth())
        graph = graph if graph >= MIN_GRAPH_WIDTH * max(1.0, self.scale) else 0  # larger type
        page.widget(0).setVisible(graph > 0)  # given way: its least width no longer counts
        page.setSizes([graph, width - graph])

    def apply_theme(self, theme, scale: float) -> None:
        """Every view built so far takes the theme and scale; the others take it when built."""
        self.theme, self.scale = theme, scale
        for view in self.views.values():
            view.apply_theme(theme, scale)
        tabs = self.window.tabs
        title = tabs.tabText(tabs.currentIndex())
        if title in self.views:  # the tab on show shares its room again at the new scale
            self._share_room(self.pages[title].layout().itemAt(0).widget())

    def shutdown(self) -> None:
        """Stop training threads before the window goes."""
        for title in TRAINS:
            if title in self.views:
                self.views[title].shutdown()

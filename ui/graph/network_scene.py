"""The network as a node graph: built once per network, then restyled item by item, by key."""

from collections.abc import Mapping, Sequence, Set
from itertools import chain, repeat

import numpy as np
from PySide6.QtCore import QSizeF, Qt, Signal
from PySide6.QtWidgets import QGraphicsScene

from simulator.keys import (
    Key,
    is_weight,
    neuron_key,
    target_key,
)
from ui.graph.edge_mesh_item import EdgeMeshItem
from ui.graph.graph_style import GraphStyle
from ui.graph.keyed_item import KeyedItem
from ui.graph.network_layout import NetworkLayout
from ui.graph.scene_items import SceneItems
from ui.graph.scene_marks import SceneMarks
from ui.number_texts import NumberTexts
from ui.theme import LIGHT, Theme

COMPACT_NEURONS = 5  # a layer wider than this packs neurons closely and hides edge labels


class NetworkScene(SceneItems, SceneMarks, QGraphicsScene):
    """Neurons, weights, biases, targets and the loss of one network, laid out left to right.

    Every value on the graph is found by its DESIGN.md key ('z[1,1]', 'W[2,1,2]', 'L'), so a
    micro-step touches only the items whose keys it names; `build` is the only call that
    creates items. Texts arrive already formatted by the engine.
    """

    sigEditRequested = Signal(str)
    """A given value was double-clicked: 'W[l,j,i]', 'b[l,j]', 'a[0,i]' (input) or 'y[j]'."""
    sigKeyClicked = Signal(str)
    """A neuron ('a[l,j]', 'a[0,i]') or a weight ('W[l,j,i]') was clicked."""

    def __init__(self, theme: Theme = LIGHT, parent=None):
        super().__init__(parent)
        # the items never move between builds: Qt's BSP index only costs time and memory
        # (gigabytes on a 4 x 128 net); a paint or a click scans the items instead
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.style = GraphStyle(theme)
        self.layout = NetworkLayout()
        self._by_key: dict[str, KeyedItem] = {}
        self._work = None  # the preset on show (set_work)
        self._labels: dict[str, str] = {}  # the names the items were given last
        self._marked: set[KeyedItem] = set()
        self._weights: dict[str, float] = {}
        self._largest: float | None = None  # the largest |w| shown
        self._dimmed_by = None  # what set_dimmed last dimmed by
        self._mesh: EdgeMeshItem | None = None
        self.view_size = QSizeF()  # the view the layout fills (set by the step-through's view)
        # a view that lays this scene out is coming (the window's, not yet shown): a labelled
        # net waits for its size instead of being laid out twice, once for no view at all
        self.awaits_view = False
        self._layout_due = False
        self.setBackgroundBrush(self.style.colour("background"))

    def __repr__(self) -> str:
        return f"NetworkScene({self.layout.sizes}, {self.item_count()} items)"

    def build(
        self,
        sizes: Sequence[int],
        parameters: Mapping[str, float],
        inputs: Sequence[float],
        targets: Sequence[float],
        labels: Mapping[str, str] | None = None,
        texts_coming: bool = False,
    ) -> None:
        """Create every item for a network of layer `sizes` (inputs first), once per network.
        With `texts_coming`, a labelled net is laid out once `reserve_texts` says what its
        items will show (the window sends them next), not first for placeholders.

        parameters: 'W[l,j,i]' / 'b[l,j]' -> value; inputs: x1..; targets: y1..; labels: key ->
        display name, e.g. {'a[1,1]': 'H1', 'a[2,1]': 'O', 'W[1,1,1]': 'w1'} (defaults x1,
        a[l,j], w, b). Values are shown with the engine's `format_number`.
        """
        self.clear()
        self._by_key, self._marked, self._weights, self._mesh = {}, set(), {}, None
        self._largest = self._dimmed_by = None
        compact = max(sizes) > COMPACT_NEURONS
        self.style = self.style.with_changes(
            compact=compact, card="side" if compact else self.style.card
        )
        self.layout = NetworkLayout(tuple(sizes))
        labels = self._labels = dict(labels or {})
        self._add_neurons()
        self._add_weights()
        self._add_biases()
        self._add_loss()
        self._name_items(labels)
        given = _among(parameters, self._shown(parameters.keys()))
        given |= {neuron_key("a", 0, i): x for i, x in enumerate(inputs, 1)}
        given |= {target_key(j): y for j, y in enumerate(targets, 1)}
        self.show_values(NumberTexts(given))
        self.set_weight_values(parameters)
        if texts_coming and not compact:
            self._layout_due = True
        else:
            self._relayout()

    def set_work(self, work: str) -> None:
        """The work on show (a preset's name or path): another one on the same sizes is laid
        out by a search of its own, not kept in the layout of the one before."""
        if work != self._work:
            self._work = work
            self.layout.forget()

    def set_labels(self, labels: Mapping[str, str]) -> None:
        """Name the values anew (another notation or the notes of another preset): rows and
        neuron titles are renamed in place; nothing is rebuilt. The same names again (every
        edit of the work sends them) change nothing, and cost no new layout."""
        if dict(labels) == self._labels:
            return
        self._labels = dict(labels)
        self._name_items(self._labels)
        self._relayout()

    def reserve_texts(self, shown_texts) -> None:
        """Keep room on every item for each text it shows this iteration (`shown_texts()`:
        key -> texts, asked of a labelled net only) and lay the net out again if that room
        changed, or for the first time after a build that waited for these texts: nothing
        grows over its neighbours as you step."""
        if self.style.compact or not self.layout.sizes:
            return
        coming = shown_texts()
        changed = [item.reserve(coming) for item in set(self._by_key.values())]
        if any(changed) or self._layout_due:
            self._relayout()

    def show_values(self, values: Mapping[str, str | None]) -> None:
        """Set the text of each key's row (None blanks it); unknown keys are ignored."""
        for key in values.keys() & self._by_key.keys():  # the smaller one's keys are looked up
            self._by_key[key].set_text(key, values[key])
        if self._mesh is not None:  # a compact net's weights: 262,144 keys at once on a 4 x 128
            self._mesh.set_texts(values)

    def set_weight_values(self, weights: Mapping[str, float]) -> None:
        """Colour weight edges by sign and thicken them by |w| relative to the net's largest |w|.

        Cheap enough to call on every frame of live training: pens change, nothing is rebuilt.
        Only the given edges restyle, unless the largest |w| changed (then every edge does).
        """
        shown = self._shown(weights.keys(), weights_only=True)
        given = weights if len(shown) == len(weights) else _among(weights, shown)
        if given.items() <= self._weights.items():  # none new (a new trace sends them all)
            return
        before, get = self._largest, self._weights.get  # (maps: 65,536 weights on a 4 x 128)
        shrunk = before is None or before in map(abs, map(get, given, repeat(0.0)))
        self._weights.update(given)
        if shrunk:  # the largest |w| may be one that just changed: look at them all
            self._largest = max(map(abs, self._weights.values()))
        else:
            self._largest = max(chain((before,), map(abs, given.values())))
        restyled = self._weights if self._largest != before else given
        values = np.fromiter(restyled.values(), dtype=float, count=len(restyled))
        signs, magnitudes = np.where(values >= 0, 1, -1), np.abs(values) / (self._largest or 1.0)
        if self._mesh is not None:  # then every weight is the mesh's
            self._mesh.set_weights(list(restyled), signs, magnitudes)
            return
        for key, sign, magnitude in zip(restyled, signs.tolist(), magnitudes.tolist()):
            self._by_key[key].set_weight(sign, magnitude)

    def set_theme(self, theme: Theme) -> None:
        """Repaint every item in `theme`'s colours."""
        self._restyle(self.style.with_changes(theme=theme))
        self.setBackgroundBrush(self.style.colour("background"))

    def set_scale(self, factor: float) -> None:
        """Presentation mode: scale every font, circle and line by `factor` (1 = normal)."""
        self._restyle(self.style.with_changes(scale=factor))
        self._lay_out_again()

    def set_style(self, theme: Theme, scale: float) -> None:
        """A theme and a presentation scale at once: one repaint, a new layout if need be."""
        scaled = scale != self.style.scale
        self._restyle(self.style.with_changes(theme=theme, scale=scale))
        self.setBackgroundBrush(self.style.colour("background"))
        if scaled and self.layout.sizes:
            self._lay_out_again()

    def item_count(self) -> int:
        """How many graphics items the scene holds (constant between builds)."""
        return len(self.items())

    def item_for(self, key: str) -> KeyedItem | None:
        """The item showing `key`, or None. A compact net's edge gets an item of its own while
        it is asked for, marked or hovered (the mesh draws it otherwise)."""
        item = self._by_key.get(key)
        if item is None and self._mesh is not None:
            return self._mesh.lift(key)
        return item

    def _shown(self, keys: Set[str], weights_only: bool = False) -> set:
        """Those of `keys` (of the weights' `keys`) that an item or the mesh shows, by set
        operations: a 4 x 128 net's mesh shows 196,608 keys."""
        shown = keys & self._by_key.keys()
        shown = {key for key in shown if is_weight(key)} if weights_only else shown
        return shown | (keys & self._mesh.edge_of.keys()) if self._mesh is not None else shown

    def _shows(self, key: str) -> bool:
        """True when an item or the mesh shows `key`."""
        return key in self._by_key or (self._mesh is not None and key in self._mesh.edge_of)

    def _item_of(self, key: str | None) -> KeyedItem | None:
        """The item showing `key`, or else its home (an optimizer state lights its weight)."""
        home = self._home_of(key)
        return None if home is None else self.item_for(home)

    def _home_of(self, key: str | None) -> str | None:
        """`key` if an item or the mesh shows it, else the key of its home; None for neither."""
        if key is None or self._shows(key):
            return key
        try:
            return str(Key.parse(key).home)
        except ValueError:
            return None  # a setting such as 'eta', or a per-sample read of a batch mean

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        key = self._key_at(event.scenePos(), "click_key")
        if key and event.button() == Qt.MouseButton.LeftButton:
            self.sigKeyClicked.emit(key)

    def mouseDoubleClickEvent(self, event) -> None:
        super().mouseDoubleClickEvent(event)
        key = self._key_at(event.scenePos(), "edit_key")
        if key and event.button() == Qt.MouseButton.LeftButton:
            self.sigEditRequested.emit(key)

    def _key_at(self, position, role: str) -> str | None:
        under = (getattr(item, "edge", item) for item in self.items(position))
        keyed = [item for item in under if isinstance(item, KeyedItem)]
        if keyed:
            return getattr(keyed[0], role)
        return self._mesh.key_at(position) if self._mesh is not None else None  # a weight

    def _restyle(self, style: GraphStyle) -> None:
        if style == self.style:
            return
        self.style = style
        for item in self.items():
            item.set_style(style)

    def set_view_size(self, size: QSizeF) -> None:
        """The size of the view that shows this net: a labelled net is laid out again to fill
        it (a compact one keeps its layout; the view just fits it)."""
        if (size == self.view_size and not self._layout_due) or size.isEmpty():
            return
        self.view_size = QSizeF(size)
        if self.layout.sizes and not self.style.compact:
            self._relayout()

    def _lay_out_again(self) -> None:
        """A new layout for a new scale: at once, or, where a view lays this scene out, at the
        next paint of a view on it (Ctrl+= five times in a row searches once, for the scale it
        ends at, and for the room the window then gives the view)."""
        if not self.awaits_view:
            self._relayout()
            return
        self._layout_due = True
        self.update()

    def lay_out_if_due(self) -> None:
        """The layout a new scale asked for, before a view paints the scene."""
        if self._layout_due and not self.view_size.isEmpty():
            self._relayout()

    def _relayout(self) -> None:
        """Lay the net out for its view (a labelled net waits for an awaited view's size)."""
        self._layout_due = self.awaits_view and self.view_size.isEmpty() and not self.style.compact
        if self._layout_due:
            return
        view = None if self.style.compact else self.view_size
        _, rect = self.layout.arrange(self.style, view, self._restyle)
        self.setSceneRect(rect)
        if self._mesh is not None:
            self._mesh.adjust()


def _among(values: Mapping, keys: Set) -> dict:
    """`values` of `keys` only, in their order (twice as fast as looking each key up)."""
    return {key: value for key, value in values.items() if key in keys}

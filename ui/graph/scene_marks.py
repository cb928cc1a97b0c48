"""NetworkScene's marking: the step's current and read values lit, the nodes not yet computed
dimmed, each found by key (a compact net's read weights drawn by its mesh)."""

from collections.abc import Iterable, Set

from ui.graph.keyed_item import KeyedItem


class SceneMarks:
    """NetworkScene's highlighting and dimming (it holds `layout`, `_mesh`, the items by key,
    `_marked` and `_dimmed_by`, and finds an item by key with `_item_of`, a key's home with
    `_home_of`)."""

    def highlight(self, current: str | None, reads: Iterable[str] = ()) -> None:
        """Mark the item holding `current` strongly and the items holding `reads` in a second
        colour; every item marked by the previous call and not now returns to normal."""
        marks: dict[KeyedItem, tuple] = {}
        held_by = self._item_of(current)
        if held_by is not None:
            marks[held_by] = (current, frozenset())
        read_edges: dict[int, frozenset] = {}  # a compact net's: its mesh draws them read
        for key in reads:
            edge = self._mesh_edge(key)
            if edge is not None and (held_by is None or self._mesh.lifted.get(edge) is not held_by):
                read_edges[edge] = read_edges.get(edge, frozenset()) | {key}
                continue
            item = self._item_of(key)
            if item is not None:
                held, read = marks.get(item, (None, frozenset()))
                marks[item] = (held, read | {key})
        lifted = self._mesh.lifted if self._mesh is not None else {}
        for edge, read in read_edges.items():  # lifted (hovered): it draws itself, read
            if edge in lifted:
                marks[lifted[edge]] = (None, read)
        for item in (self._marked | set(lifted.values())) - marks.keys():
            item.set_marks(None, frozenset())
        for item, (held, read) in marks.items():
            item.set_marks(held, read)
        self._marked = set(marks)
        if self._mesh is not None:
            self._mesh.mark_read(read_edges)
            self._mesh.settle()  # the edges no longer marked go back into the mesh

    def set_dimmed(self, computed: Set[str] | None) -> None:
        """Dim each computed node (hidden and output neurons, the loss) none of whose keys is in
        `computed`; None undims all. Givens (inputs, weights, biases, targets) never dim. Where
        `computed` can say which keys changed since the last call (`changed_since`), only the
        nodes holding them are asked again (a 16 x 64 net's 1,024 took 13 ms a key press)."""
        since = getattr(computed, "changed_since", None)
        changed = since(self._dimmed_by) if since is not None else None
        nodes = self._computed_nodes()
        if changed is not None:  # (nodes are items of their own: no mesh edge is lifted)
            nodes = {self._by_key.get(key) for key in changed}.intersection(nodes)
        self._dimmed_by = computed
        for item in nodes:
            item.set_dimmed(computed is not None and computed.isdisjoint(item.keys))

    def _mesh_edge(self, key: str) -> int | None:
        """The mesh's edge showing `key` or its home (None: no mesh, or an item's key)."""
        home = self._home_of(key) if self._mesh is not None else None
        return self._mesh.edge_of.get(home) if home is not None else None

    def _computed_nodes(self) -> list:
        hidden_and_output = [n for row in self.layout.neurons[1:] for n in row]
        return [*hidden_and_output, self.layout.loss]

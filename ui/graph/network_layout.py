"""Where each graph item goes, chosen for the view the net is shown in.

Layers run left to right, neurons evenly spaced and centred on one axis. Every distance comes
from what the items hold (cards, tags, edge pills; ui/graph/placement.py), never from fixed
lengths, so a fitted view shows the labels as large as it can. For the view's size the layout
tries a few forms (a neuron's values stacked below it or in a 2 x 2 grid; a deep chain in one
band or wrapped into two) and keeps the one whose labels come out largest on screen; then it
spreads the gaps to the view's proportions, so the net fills its view instead of half of it.

Where labels still come out smaller than READ_PX, the type grows while circles, lines and gaps
keep their size (the style's lettering): the text takes a larger share of the drawing, so the
fitted view shows it larger, up to READ_PX whenever the view has the room.
"""

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QPointF, QRectF, QSizeF

from ui.graph.graph_style import GraphStyle
from ui.graph.label_spots import pill_spots
from ui.graph.layout_choices import CHOICES, choice_key
from ui.graph.placement import (
    BIAS_LINK,
    MARGIN,
    TARGET_GAP,
    Column,
    fill,
    gap,
    measure,
    pill_size,
)

WRAP_DEPTH = 4  # a chain of more weight layers than this may wrap into two bands
MAX_FILL = 2.5  # a labelled net's gaps grow at most this much to fill the view's proportions
MAX_COMPACT_FILL = 8.0  # a compact net's (its edges are a mesh: long ones look fine)
# ways to make room for the pills of crowded layers: (gap growth, pitch growth) per unit
DIRECTIONS = ((1.0, 0.0), (1.0, 0.5), (1.0, 1.0), (0.0, 1.0))
MAX_GROWTH = 3.0  # the most a crowded gap (or the pitch) grows before hidden pills will do
BISECTIONS = 5  # halvings between the last growth too small and the first large enough
MAX_LABELLED = 36  # a layer pair with more weights than this never shows edge labels
MAX_FIT_ZOOM = 2.5  # a fitted view never magnifies more than this (network_view.py)
READ_PX = 18.0  # a value label's type on screen that reads from the back of a classroom
LETTERING = (1.1, 1.2, 1.3, 1.45, 1.6)  # the type's growths tried in turn until labels read
DEFAULT_VIEW = QSizeF(1280, 720)
FAN = 1.3  # a narrower hidden layer's spread in the form that fans it out (measured best)


@dataclass(frozen=True)
class Form:
    """How the net is drawn: each neuron's card ('stack', 'grid', 'side'), bands of layers, and
    how much further apart than the layer before it a narrower hidden layer spreads its
    neurons (`fan`: their edges then part sooner, leaving room for pills between them)."""

    card: str
    bands: int = 1
    fan: float = 1.0


@dataclass(frozen=True)
class Spread:
    """How much more than the least room each labelled gap (by the layer it leads into) and
    the pitch between neurons get, to make room for edge pills."""

    gaps: dict
    pitch: float = 1.0
    bands: float = 1.0  # the gap between bands, where the edge that wraps a chain runs

    @classmethod
    def grown(cls, layers: int, crowded: set, wraps: set, direction: tuple, t: float):
        """`t` - 1 more room in `direction` (gap, pitch) for the `crowded` layers' pills: their
        gaps, or between bands for a wrap, and the pitch."""
        gap = 1 + (t - 1) * direction[0]
        gaps = {layer: gap if layer in crowded else 1.0 for layer in range(1, layers)}
        return cls(gaps, 1 + (t - 1) * direction[1], gap if crowded & wraps else 1.0)


@dataclass
class Plan:
    """One placement of the items for a view, computed without moving any of them."""

    form: Form
    style: GraphStyle
    spread: Spread
    positions: dict  # item -> QPointF: neurons, the loss, bias tags and targets
    spots: dict  # weight edge -> (fraction along it, its pill's rectangle), or None
    rect: QRectF  # what the items need
    score: float  # a value label's size on screen once the view fits `rect`
    hidden: set  # the layers whose weights have a pill without a spot


@dataclass
class Shapes:
    """Each item's outline for one style, measured once for all the plans of a form."""

    occupied: dict  # node -> its body and card, in item coordinates
    outline: dict  # node or tag -> the area it may need, in item coordinates
    pills: dict  # weight edge -> the size of its full pill


def _merit(plan: Plan) -> tuple:
    """Fewest layers with hidden pills first, then the largest labels."""
    return (-len(plan.hidden), plan.score)


class NetworkLayout:
    """The scene's items by role, and `arrange`, which positions them for a style and a view.

    neurons[l][j-1] are NeuronItems (layer 0 = inputs); weights[l-1] the EdgeItems into layer
    l; biases (TagItem, NeuronItem) pairs; targets the y TagItems; loss the L node; links the
    keyless EdgeItems.
    """

    def __init__(self, sizes: tuple = ()):
        self.sizes = sizes
        self.neurons, self.weights, self.biases = [], [], []
        self.targets, self.links, self.loss = [], [], None
        self.form = None

    def __repr__(self) -> str:
        return f"NetworkLayout({self.sizes}, {self.form})"

    def forms(self, style: GraphStyle) -> list[Form]:
        """The forms worth trying for this net."""
        if style.compact:
            return [Form("side")]
        forms = [Form("stack"), Form("grid")]
        if any(1 < after < before for before, after in zip(self.sizes, self.sizes[1:-1])):
            forms.append(Form("stack", fan=FAN))
        if len(self.sizes) - 1 > WRAP_DEPTH and max(self.sizes) <= 2:
            forms += [Form("stack", 2), Form("grid", 2)]
        return forms

    def arrange(self, style: GraphStyle, view: QSizeF | None, restyle) -> tuple:
        """Position every item for a view of `view` pixels; `restyle(style)` restyles the items.

        Returns (the style chosen, with its card form and lettering; the rectangle the items
        need)."""
        view = view if view is not None and not view.isEmpty() else DEFAULT_VIEW
        style = style.with_changes(lettering=1.0)
        restyle(style)
        key = choice_key(self.sizes, style, view, self._shapes(style))
        chosen = CHOICES.get(key)
        if chosen is None:  # the search: tens of trial plans
            best = self._best_form(style, view, restyle)
            CHOICES.remember(key, (best.form, best.style, best.spread))
        else:  # the same net, texts, style and view as before: its choice, planned once
            form, chosen_style, spread = chosen
            restyle(chosen_style)
            measured = (self._bands(form, chosen_style), self._shapes(chosen_style))
            best = self._plan(form, chosen_style, measured, spread, view)
        self.form = best.form
        restyle(best.style)
        self._apply(best)
        return best.style, best.rect

    def _best_form(self, style: GraphStyle, view: QSizeF, restyle) -> Plan:
        """The plan, of every form worth trying with its type grown as labels need, with the
        best merit: a form that loses at the plain type may win once its type grows."""
        best = plain = None
        for form in self.forms(style):
            styled = style.with_changes(card=form.card)
            restyle(styled)
            plan = self._search(form, styled, view, plain)
            if plain is None or _merit(plan) > _merit(plain):
                plain = plan
            plan = plan if style.compact else self._lettered(plan, view, restyle)
            if best is None or _merit(plan) > _merit(best):
                best = plan
        return best

    def _lettered(self, plan: Plan, view: QSizeF, restyle) -> Plan:
        """`plan`'s form with its type grown by the first of LETTERING at which value labels
        read at READ_PX on screen; if none does, by the one showing them largest. A growth
        that hides a pill is never taken."""
        best = plan
        for lettering in LETTERING:
            if best.score >= READ_PX and not best.hidden:
                break
            styled = plan.style.with_changes(lettering=lettering)
            restyle(styled)
            trial = self._search(plan.form, styled, view, best)
            if _merit(trial) > _merit(best):
                best = trial
        return best

    def _search(self, form: Form, style: GraphStyle, view: QSizeF, rival: Plan | None) -> Plan:
        """The least room first; if some pills find no spot, in each of DIRECTIONS the least
        growth under which they all do (grown until it works, then halved back), keeping the
        plan with the largest labels. More room only shrinks the labels, so a direction is
        dropped once they are smaller than a `rival` plan's with every pill placed."""
        measured = (self._bands(form, style), self._shapes(style))
        plan = lambda spread: self._plan(form, style, measured, spread, view)  # noqa: E731
        best = plan(Spread({layer: 1.0 for layer in range(1, len(self.sizes))}))
        if style.compact or not best.hidden:
            return best
        wraps = {band[0].layer for band in measured[0][1:]}
        floor = rival.score if rival is not None and not rival.hidden else 0.0
        crowded = set(best.hidden)
        for direction in DIRECTIONS:
            spread = partial(Spread.grown, len(self.sizes), crowded, wraps, direction)
            found = self._least_growth(plan, spread, floor)
            if found is not None:
                found = self._narrowed(plan, found, crowded)
            if found is not None and _merit(found) > _merit(best):
                best, floor = found, max(floor, found.score)
        return best

    @staticmethod
    def _narrowed(plan, found: Plan, crowded: set) -> Plan:
        """`found` with each crowded gap taken back, on its own, as far as every pill still
        finds a spot (the layers rarely need the same room)."""
        for layer in sorted(crowded):
            low, high = 1.0, found.spread.gaps[layer]
            for _ in range(BISECTIONS - 1):
                middle = (low + high) / 2
                gaps = found.spread.gaps | {layer: middle}
                trial = plan(Spread(gaps, found.spread.pitch, found.spread.bands))
                if trial.hidden:
                    low = middle
                else:
                    high, found = middle, trial
        return found

    @staticmethod
    def _least_growth(plan, spread, floor: float) -> Plan | None:
        """The plan at the least growth t (of `spread(t)`) placing every pill, or None if none
        up to MAX_GROWTH keeps labels larger than `floor`."""
        low, high, t = 1.0, None, 1.25
        while high is None and t <= MAX_GROWTH:
            trial = plan(spread(t))
            if trial.score <= floor:
                return None
            low, high = (low, trial) if not trial.hidden else (t, None)
            t *= 1.25
        if high is None:
            return None
        top = t / 1.25
        for _ in range(BISECTIONS):
            middle = plan(spread((low + top) / 2))
            if middle.hidden:
                low = (low + top) / 2
            else:
                top, high = (low + top) / 2, middle
        return high

    def _shapes(self, style: GraphStyle) -> Shapes:
        nodes = [*(item for row in self.neurons for item in row), self.loss]
        tags = [*(bias for bias, _ in self.biases), *self.targets]
        edges = [edge for edges in self.weights for edge in edges]
        occupied = {node: node.local_occupied() for node in nodes}
        outline = {node: node.boundingRect() for node in nodes}
        outline |= {tag: tag.reserved_local() for tag in tags}
        pills = {} if style.compact else {edge: pill_size(edge, style) for edge in edges}
        return Shapes(occupied, outline, pills)

    def _plan(self, form, style: GraphStyle, measured, spread: Spread, view: QSizeF) -> Plan:
        """Place `form` at `spread` (on paper) and score it; `measured` is (bands, shapes)."""
        bands, shapes = measured
        positions = self._positions(bands, style, spread, view)
        spots = self._spots(positions, shapes, style)
        rect = self._rect(positions, spots, shapes, style)
        zoom = min(view.width() / rect.width(), view.height() / rect.height(), MAX_FIT_ZOOM)
        layer_of = {edge: layer for layer, edges in enumerate(self.weights, 1) for edge in edges}
        hidden = {layer_of[edge] for edge, spot in spots.items() if spot is None}
        return Plan(form, style, spread, positions, spots, rect, style.value_px() * zoom, hidden)

    def _apply(self, plan: Plan) -> None:
        """Move the items to the plan's places and show the pills that found a spot."""
        for item, position in plan.positions.items():
            item.setPos(position)
        for edge in [*self.links, *(edge for edges in self.weights for edge in edges)]:
            edge.adjust()
        for edge, spot in plan.spots.items():
            if spot is not None:
                edge.label_at = spot[0]
            edge.set_label_hidden(spot is None)

    # -- on paper ------------------------------------------------------------------------

    def _bands(self, form: Form, style: GraphStyle) -> list[list[Column]]:
        """The columns, measured, cut into the form's bands; the loss joins the last band."""
        biases = {neuron: bias for bias, neuron in self.biases}
        columns = [
            measure(Column(list(row), layer), biases, style)
            for layer, row in enumerate(self.neurons)
        ]
        per_band = -(-len(columns) // form.bands)
        bands = [columns[start : start + per_band] for start in range(0, len(columns), per_band)]
        bands[-1].append(measure(Column([self.loss]), {}, style, self.targets))
        for band in bands:  # layers share one height, as the notes draw them
            span = max(column.pitch * (len(column.nodes) - 1) for column in band)
            for column in band:
                if len(column.nodes) > 1:
                    column.pitch = max(column.pitch, span / (len(column.nodes) - 1))
                if column.layer not in (0, None, len(self.sizes) - 1):
                    column.pitch *= form.fan
        return bands

    def _gaps(self, band: list[Column], style: GraphStyle, spread: Spread) -> list[float]:
        """Distances between the band's neighbouring columns: room for pills where labelled,
        grown by the spread there."""
        gaps = []
        for before, after in zip(band, band[1:]):
            labelled = self._labelled(after.layer, style)
            grown = spread.gaps[after.layer] if labelled else 1.0
            gaps.append(gap(before, after, labelled, style) * grown)
        return gaps

    def _labelled(self, layer: int | None, style: GraphStyle) -> bool:
        """True when the weights into `layer` show their pills (None: the loss, no weights)."""
        if layer is None or style.compact:
            return False
        return len(self.weights[layer - 1]) <= MAX_LABELLED

    def _positions(self, bands, style: GraphStyle, spread: Spread, view: QSizeF) -> dict:
        """Where every node and tag goes at `spread`, filled to the view's shape."""
        gaps = [self._gaps(band, style, spread) for band in bands]
        band_gap = style.px(3 * MARGIN) * spread.bands
        limit = MAX_COMPACT_FILL if style.compact else MAX_FILL
        sx, sy = fill(bands, gaps, (spread.pitch, band_gap, limit), view)
        positions, top = {}, 0.0
        for band, band_gaps in zip(bands, gaps):
            reach_up = max(c.pitch * sy * (len(c.nodes) - 1) / 2 + c.above for c in band)
            reach_down = max(c.pitch * sy * (len(c.nodes) - 1) / 2 + c.below for c in band)
            axis, x = top + reach_up, 0.0
            for index, column in enumerate(band):
                x += band_gaps[index - 1] * sx if index else 0.0
                for j, node in enumerate(column.nodes):
                    offset = (j - (len(column.nodes) - 1) / 2) * column.pitch * sy
                    positions[node] = QPointF(x, axis + offset)
            top = axis + reach_down + band_gap * sy
        for bias, neuron in self.biases:
            centre = positions[neuron]
            positions[bias] = QPointF(centre.x(), centre.y() - neuron.radius - style.px(BIAS_LINK))
        bottom = positions[self.loss].y() - self.loss.radius - style.px(TARGET_GAP)
        for target in reversed(self.targets):
            positions[target] = QPointF(positions[self.loss].x(), bottom)
            bottom -= target.frame_rect().height() + style.px(8)
        return positions

    @staticmethod
    def _taken(positions: dict, shapes: Shapes) -> list[QRectF]:
        """The rectangles of every node, card and (open) tag at `positions`."""
        taken = [
            rect.translated(positions[node])
            for node, rects in shapes.occupied.items()
            for rect in rects
        ]
        nodes = shapes.occupied.keys()
        tags = [item for item in shapes.outline if item not in nodes]
        return taken + [shapes.outline[tag].translated(positions[tag]) for tag in tags]

    def _spots(self, positions: dict, shapes: Shapes, style: GraphStyle) -> dict:
        """Each weight edge's pill spot, clear of nodes, tags, earlier pills and crossings;
        None where there is none (or the layer pair is too crowded to label)."""
        taken, spots = self._taken(positions, shapes), {}
        for edges in self.weights:
            if style.compact or len(edges) > MAX_LABELLED:
                spots.update(dict.fromkeys(edges, None))
                continue
            found = pill_spots(edges, positions, taken, shapes.pills, style)
            spots.update(found)
            taken += [spot[1] for spot in found.values() if spot is not None]
        return spots

    @staticmethod
    def _rect(positions: dict, spots: dict, shapes: Shapes, style: GraphStyle) -> QRectF:
        """The rectangle every item needs (tags as open as they can be), with a margin: the
        nodes, tags and pills (edges run between nodes)."""
        rect = QRectF()
        for item, position in positions.items():
            rect = rect.united(shapes.outline[item].translated(position))
        for spot in spots.values():
            if spot is not None:
                rect = rect.united(spot[1])
        margin = style.px(MARGIN / 2)
        return rect.adjusted(-margin, -margin, margin, margin)

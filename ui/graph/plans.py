"""What a plan of the graph is made of: its form, its spread, the items' measured shapes and
the plan itself (NetworkPlanner makes them, network_plan.py; NetworkLayout searches them)."""

from dataclasses import dataclass

from PySide6.QtCore import QRectF

from ui.graph.graph_style import GraphStyle


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
    positions: dict  # item -> (x, y): neurons, the loss, bias tags and targets
    spots: dict  # weight edge -> (fraction along it, its pill's (x, y, width, height)), or None
    rect: QRectF  # what the items need
    score: float  # a value label's size on screen once the view fits `rect`
    hidden: set  # the layers whose weights have a pill without a spot


@dataclass
class Shapes:
    """Each item's outline for one style, measured once for all the plans of a form, in plain
    numbers (a search compares them thousands of times): rectangles as (x, y, width, height)
    in item coordinates, as QRectF holds them."""

    occupied: dict  # node -> its body and card
    outline: dict  # node or tag -> the area it may need
    pills: dict  # weight edge -> (width, height) of its full pill
    attached: dict  # node -> [(its bias tag or a target, (x, y) where it stands from the node)]
    radius: dict  # node -> its circle's radius, where edges attach


@dataclass
class Measured:
    """What every plan of one form and style reads: the bands of measured columns, the items'
    shapes and each band's room between neighbouring columns."""

    bands: list
    shapes: Shapes
    rooms: list  # a BandRoom per band

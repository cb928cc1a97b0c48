"""Where each graph item goes, chosen for the view the net is shown in.

A plan places the items on paper for one form and spread (network_plan.py); this module
searches over them. For the view's size it tries a few forms (a neuron's values stacked below
it or in a 2 x 2 grid; a deep chain in one band or wrapped into two), and where some edge
pills find no spot, the least growth of the crowded gaps (or the pitch) that places them all;
it keeps the plan whose labels come out largest on screen.

Where labels still come out smaller than READ_PX, the type grows while circles, lines and gaps
keep their size (the style's lettering): the text takes a larger share of the drawing, so the
fitted view shows it larger, up to READ_PX whenever the view has the room.
"""

from functools import partial

from PySide6.QtCore import QSizeF

from ui.graph.graph_style import GraphStyle
from ui.graph.layout_choices import CHOICES, choice_key
from ui.graph.network_plan import NetworkPlanner
from ui.graph.plans import Form, Plan, Spread

WRAP_DEPTH = 4  # a chain of more weight layers than this may wrap into two bands
# ways to make room for the pills of crowded layers: (gap growth, pitch growth) per unit
DIRECTIONS = ((1.0, 0.0), (1.0, 0.5), (1.0, 1.0), (0.0, 1.0))
MAX_GROWTH = 3.0  # the most a crowded gap (or the pitch) grows before hidden pills will do
BISECTIONS = 5  # halvings between the last growth too small and the first large enough
READ_PX = 18.0  # a value label's type on screen that reads from the back of a classroom
LETTERING = (1.1, 1.2, 1.3, 1.45, 1.6)  # the type's growths tried in turn until labels read
DEFAULT_VIEW = QSizeF(1280, 720)
KEEP_SHARE = 0.95  # new texts keep the layout on show if its labels change by at most 5%
FAN = 1.3  # a narrower hidden layer's spread in the form that fans it out (measured best)


def _merit(plan: Plan) -> tuple:
    """Fewest layers with hidden pills first, then the largest labels."""
    return (-len(plan.hidden), plan.score)


class NetworkLayout(NetworkPlanner):
    """`arrange` positions the items (held by role, NetworkPlanner) for a style and a view: of
    the forms worth trying and the type's growths, the plan whose labels read largest."""

    def __init__(self, sizes: tuple = ()):
        super().__init__(sizes)
        self.form = None
        self._shown = None  # (scale, view, plan) of the layout on show

    def __repr__(self) -> str:
        return f"NetworkLayout({self.sizes}, {self.form})"

    def forget(self) -> None:
        """Keep nothing of the layout on show: the next is searched for (other work)."""
        self._shown = None

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
        # measured and remembered from the same start whatever form the last layout chose
        style = style.with_changes(lettering=1.0, card=style.card if style.compact else "stack")
        restyle(style)
        key = choice_key(self.sizes, style, view, self._shapes(style))
        chosen = CHOICES.get(key)
        if chosen is None:  # new texts keep the layout on show, or the search: tens of plans
            best = self._kept(style, view, restyle) or self._best_form(style, view, restyle)
            CHOICES.remember(key, (best.form, best.style, best.spread))
        else:  # the same net, texts, style and view as before: its choice, planned once
            best = self._replanned(*chosen, style, view, restyle)
        self.form, self._shown = best.form, (style.scale, QSizeF(view), best)
        restyle(best.style)
        self._apply(best)
        return best.style, best.rect

    def _replanned(self, form, chosen, spread, style, view, restyle) -> Plan:
        """The plan of a chosen form, style and spread for the items as they are now (in the
        theme on show: a choice remembered in the other one is the same layout)."""
        chosen = chosen.with_changes(theme=style.theme)
        restyle(chosen)
        return self.plan(form, chosen, self.measured(form, chosen), spread, view)

    def _kept(self, style: GraphStyle, view: QSizeF, restyle) -> Plan | None:
        """The layout on show, planned again for its items' new texts (an edit, the next
        iteration's numbers) at the same scale and view, while every pill still finds a spot
        and labels read within KEEP_SHARE of their size: the graph stays where the class has
        been looking. None when there is none to keep (texts much wider or narrower, as the
        first numbers after a build's placeholders, or another preset)."""
        if self._shown is None or self._shown[:2] != (style.scale, view) or style.compact:
            return None
        shown = self._shown[2]
        if shown.hidden:
            return None
        plan = self._replanned(shown.form, shown.style, shown.spread, style, view, restyle)
        near = KEEP_SHARE * shown.score <= plan.score <= shown.score / KEEP_SHARE
        return plan if near and not plan.hidden else None

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
        measured = self.measured(form, style)
        plan = partial(self.plan, form, style, measured, view=view)
        judged = partial(self.judged, form, style, measured, view=view)
        best = plan(Spread({layer: 1.0 for layer in range(1, len(self.sizes))}))
        if style.compact or not best.hidden:
            return best
        wraps = {band[0].layer for band in measured.bands[1:]}
        floor = rival.score if rival is not None and not rival.hidden else 0.0
        crowded = set(best.hidden)
        for direction in DIRECTIONS:
            spread = partial(Spread.grown, len(self.sizes), crowded, wraps, direction)
            found = self._least_growth(plan, judged, spread, floor)
            if found is not None:
                found = self._narrowed(plan, found, crowded)
            if found is not None and _merit(found) > _merit(best):
                best, floor = found, max(floor, found.score)
        return best

    @staticmethod
    def _narrowed(plan, found: Plan, crowded: set) -> Plan:
        """`found` with each crowded gap taken back, on its own, as far as every pill still
        finds a spot (the layers rarely need the same room; a trial that hides a pill is
        given up at the first: `whole`)."""
        for layer in sorted(crowded):
            low, high = 1.0, found.spread.gaps[layer]
            for _ in range(BISECTIONS - 1):
                middle = (low + high) / 2
                gaps = found.spread.gaps | {layer: middle}
                trial = plan(Spread(gaps, found.spread.pitch, found.spread.bands), whole=True)
                if trial is None:
                    low = middle
                else:
                    high, found = middle, trial
        return found

    @staticmethod
    def _least_growth(plan, judged, spread, floor: float) -> Plan | None:
        """The plan at the least growth t (of `spread(t)`) placing every pill, or None if none
        up to MAX_GROWTH keeps labels larger than `floor`. Growing, a trial is only `judged`
        against the floor; halving back, a trial that hides a pill is given up at the first
        (`whole`)."""
        low, high, t = 1.0, None, 1.25
        while high is None and t <= MAX_GROWTH:
            high, above = judged(spread(t), floor=floor)
            if not above:
                return None
            low = low if high is not None else t
            t *= 1.25
        if high is None:
            return None
        top = t / 1.25
        for _ in range(BISECTIONS):
            middle = plan(spread((low + top) / 2), whole=True)
            if middle is None:
                low = (low + top) / 2
            else:
                top, high = (low + top) / 2, middle
        return high

    def _apply(self, plan: Plan) -> None:
        """Move the items to the plan's places and show the pills that found a spot."""
        for item, position in plan.positions.items():
            item.setPos(*position)
        for edge in [*self.links, *(edge for edges in self.weights for edge in edges)]:
            edge.adjust()
        for edge, spot in plan.spots.items():
            if spot is not None:
                edge.label_at = spot[0]
            edge.set_label_hidden(spot is None)

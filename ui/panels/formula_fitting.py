"""How the formula panel fits its lines: the least shrinking of the type that shows every line
whole, and the height the panel asks of the window.

A fit is remembered by everything it depends on (the lines, the result, the notes' status,
the room, the scale, the theme and the font), laid-out document and all, so a state shown again
(a step back, a step forward again) costs no layout. The panel's minimum height is reserved per
iteration: the tallest formula of the iteration (every step of a small net, a sample of a big
one) at every line's floor, at this width and scale. Stepping then never changes the panel's
height, and the graph above it is not laid out again; a step the sample missed that needs more
raises the reserve for the rest of the iteration. The panel is never clipped: a step that does
not fit even at the floor asks for the height it needs.

A hidden panel is not fitted (a window being built passes through sizes it is never seen at,
and another tab may be on show): it is fitted when it shows. The likely tallest steps are typeset
once per iteration and only wrapped again at each width the window passes through.

What a fresh computation would give again is remembered process-wide (fitting_memory.py): the
step a state fits at, an iteration's reserve at a width and its floor documents, so a second
window on the same example lays out only the documents it paints.
"""

from collections import OrderedDict

from PySide6.QtCore import QSize
from PySide6.QtGui import QTextDocument, QTextOption

from ui.panels import fitting_memory as memory
from ui.panels.shrink_search import STEPS, bisect, search_from
from ui.snapshots import row_of
from ui.step_texts import verdict

MOST_SHRINK = 2.0  # every line at its floor
GRID = MOST_SHRINK / STEPS  # the shrink of one step of the search
SIZE_CLASS = 10  # lines' lengths are compared in this many characters: a step's search
# starts where the nearest length of the last (fitting_memory.GUIDES) ended
MAX_FITS = 48  # fits remembered: an iteration of the notes' nets (each a laid-out document)
ALL_STEPS = 200  # an iteration this long reserves room for every step; longer, for a sample
SAMPLE = 32  # a long iteration's first steps, and as many more spread over the rest
LONGEST = 4  # the steps longest in all whose height is measured (with each line's longest)
MAX_RESERVES = 16  # reserves remembered (the widths a window passes through as it settles)


def _distance(one: tuple, other: tuple) -> int:
    """How far apart two steps' size classes are: their lines' lengths, in SIZE_CLASS."""
    return sum(abs(a - b) for a, b in zip(one, other, strict=True))


def sampled(count: int) -> list:
    """The indices of the steps whose formulas reserve the panel's height."""
    if count <= ALL_STEPS:
        return list(range(count))
    spread = range(SAMPLE, count, max(1, (count - SAMPLE) // SAMPLE))
    return sorted({*range(SAMPLE), *spread, count - 1})


class FormulaFitting:
    """The fitting half of FormulaPanel (a mixin): `_fit` after any change of what it shows,
    its style or its size."""

    def _init_fitting(self) -> None:
        self._fitted_for = None  # the state the panel is fitted to now
        self._fits = OrderedDict()  # state -> (shrink, document, height needed or 0)
        self._minimum = 0  # the height the panel asks for (the reserve, or what a step needs)
        self._reserves = {}  # (iteration, width, scale, ...) -> its tallest floor height
        self._candidates = (None, [])  # (iteration, contents of its likely tallest steps)
        self._trace = None  # the iteration on show (a TraceView), whose steps reserve room
        # The laid-out documents (no Qt parent: most are thrown away as the fit is searched)
        # go with the panel, not when Python's garbage collector next frees the panel's
        # cycle: a document freed by a collection that ran inside a Qt call holding the
        # signal lock (a pyqtgraph disconnect) waited on that lock for ever.
        attributes = self.__dict__  # not the panel: the slot must not keep it alive
        self.destroyed.connect(lambda: _let_go_of_documents(attributes))

    # -- fitting -------------------------------------------------------------------------

    def _state(self, room: QSize) -> tuple:
        """Everything a fit depends on."""
        lines = (tuple(self.lines.values()), self.result, self.status)
        return lines, room.width(), room.height(), self.scale, self.theme, self.font().key()

    def _fit(self) -> bool:
        """The least shrinking, between none and every line at its floor, that fits the room
        (laid out once per state); then the panel's minimum height. True if anything changed;
        nothing is, while the panel is hidden."""
        if not self.isVisible():
            return False
        room = self._whole_room()
        state = self._state(room)
        if state == self._fitted_for:
            return False
        self._fitted_for = state
        fitted = self._fits.get(state)
        if fitted is None:
            fitted = self._fits[state] = self._fitted(room, state)
            if len(self._fits) > MAX_FITS:
                self._fits.popitem(last=False)
        else:
            self._fits.move_to_end(state)
        self.shrink, self.document, needed = fitted
        self._scroll_for(needed)  # formula_scrolling.py: if it needs more than the window gives
        self._set_minimum(self._reserved(room, needed))  # last: the window may resize the panel
        return True

    def _fitted(self, room: QSize, state: tuple) -> tuple:
        """(shrink, its laid-out document, the height needed when not even the floor fits)."""
        laid = {}

        def fits(step: int) -> bool:
            document = laid[step] = self._layout(step * GRID, room.width())
            return _within(document, room)

        known = memory.STEPS.get(state)
        if known is None:  # a state no panel has fitted yet: searched for
            known = memory.STEPS.put(state, (self._search(fits),))
        step = known[0]
        if step is None:  # not even the floor fits: it, broken anywhere if need be (the
            # floor the search just laid out, if it tried it: a 128-term sum lays out once)
            document = self._floor_document(room.width(), laid.get(STEPS))
            return MOST_SHRINK, document, self._panel_height(document)
        if step not in laid:  # known from another panel: laid out for this one to paint
            laid[step] = self._layout(step * GRID, room.width())
        return step * GRID, laid[step], 0

    def _search(self, fits) -> int | None:
        """The least step that `fits`, searched from the step the nearest length took."""
        size_class = tuple(len(text) // SIZE_CLASS for text in self.lines.values())
        guides = memory.GUIDES
        nearest = min(guides, key=lambda seen: _distance(seen, size_class), default=None)
        if nearest is None:
            step = bisect(fits)
        else:  # a formula about as long fitted at about the same step
            step = search_from(fits, guides.get(nearest))
        # kept even when not the floor fits (a weighted sum of 128 terms): the next formula of
        # that length starts at the floor, one layout, not a gallop of nine from full size
        guides.put(size_class, step)
        return step

    def _layout(self, shrink: float, width: float) -> QTextDocument:
        """The lines laid out, shrunk by `shrink`, in `width` pixels (wrapped between words)."""
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setHtml(self.html(shrink))
        document.setDefaultTextOption(_wrapping(anywhere=False))
        document.setTextWidth(width)
        return document

    def _floor_document(self, width: int, laid: QTextDocument | None = None) -> QTextDocument:
        """Every line at its floor in `width`, broken anywhere if need be (`laid`: the floor
        already laid out in `width`, between words)."""
        document = laid if laid is not None else self._layout(MOST_SHRINK, width)
        return rewrapped(document, width)

    def _panel_height(self, document: QTextDocument) -> int:
        """The panel's height around `document`: its margins and frame."""
        return int(document.size().height()) + 1 + 2 * self.margin() + self._frame()

    # -- the height it asks for ----------------------------------------------------------

    def set_trace(self, trace_view) -> None:
        """The iteration on show: the panel reserves the height its tallest formula needs."""
        self._trace = trace_view

    def _reserved(self, room: QSize, needed: int) -> int:
        """The iteration's reserve at this width and scale, raised to `needed` if more."""
        key = (id(self._trace), room.width(), self.scale, self.font().key())  # a theme is colours
        if key not in self._reserves:
            if len(self._reserves) >= MAX_RESERVES:
                self._reserves.clear()
            self._reserves[key] = self._tallest(room.width())
        self._reserves[key] = max(self._reserves[key], needed)
        return self._reserves[key]

    def _tallest(self, width: int) -> int:
        """The height the iteration's tallest formula needs at its floor in `width`."""
        contents = self._longest()
        look = (tuple(map(memory.content_key, contents)), self.scale, self.font().key())
        tallest = memory.RESERVES.get((look, width))
        if tallest is None:
            floors = self._floor_documents(contents, look)
            heights = (self._panel_height(rewrapped(floor, width)) for floor in floors)
            tallest = memory.RESERVES.put((look, width), max(heights, default=0))
        return tallest

    def _floor_documents(self, contents: list, look: tuple) -> list:
        """The likely tallest steps at their floor, typeset once per `look` (their contents,
        the scale and the font: typesetting is the costly part; wrapping them at a new width is
        not; a theme changes their colours, never their height). Only ever wrapped and
        measured, never painted."""
        documents = memory.FLOORS.get(look)
        if documents is not None:
            return documents
        shown = (self.lines, self.result, self.status)
        try:
            documents = []
            for content in contents:
                self.set_content(*content)
                documents.append(self._layout(MOST_SHRINK, -1))
        finally:
            self.lines, self.result, self.status = shown
        return memory.FLOORS.put(look, documents)

    def _longest(self) -> list:
        """The contents of the iteration's likely tallest steps (once per iteration): the
        longest of each line and the longest in all, of every step or a long one's sample."""
        trace = self._trace
        if trace is None:
            return []
        if self._candidates[0] is not trace:
            indices = sampled(len(trace))
            # what the contents are written from: the same in another window on the same net
            key = (tuple(trace.steps[i] for i in indices), tuple(trace.notes.items()), trace.names)
            chosen = memory.CANDIDATES.get(key)
            if chosen is None:
                chosen = memory.CANDIDATES.put(key, self._tallest_contents(trace, indices))
            self._candidates = (trace, chosen)
        return self._candidates[1]

    def _tallest_contents(self, trace, indices: list) -> list:
        """Of the steps at `indices`, the contents of the longest of each line and the
        LONGEST longest in all."""
        contents = [self.step_content(*_step_texts(trace, index)) for index in indices]
        lengths = [[len(text) for text in lines.values()] for lines, *_ in contents]
        steps, lines = range(len(contents)), range(len(lengths[0]) if lengths else 0)
        chosen = {max(steps, key=lambda i: lengths[i][n]) for n in lines}
        by_total = sorted(steps, key=lambda i: -sum(lengths[i]))
        chosen |= set(by_total[:LONGEST])
        return [contents[index] for index in sorted(chosen)]

    def _set_minimum(self, minimum: int) -> None:
        if minimum != self._minimum:
            self._minimum = minimum
            self.updateGeometry()
            self.sigNeedsHeight.emit()  # the window shares its height out again

    def _frame(self) -> int:
        return self.height() - self.contentsRect().height()

    def clipped(self) -> bool:
        """True when some text can not be seen: outside the panel, and beyond its scroll range
        if it scrolls (what the tests hold to be never)."""
        room = self._room()
        room.setHeight(room.height() + self.scroll_bar.maximum())
        return not _within(self.document, room)


def _let_go_of_documents(attributes: dict) -> None:
    """A destroyed panel's documents, freed now (its attributes, as the panel is gone)."""
    attributes["_fits"].clear()
    attributes["document"] = None


def _step_texts(trace, index: int) -> tuple:
    """What the panel shows at step `index` of `trace` (a TraceView): the Step, its notes' Row
    (None without notes), the names on show and the notes' verdict."""
    step = trace.steps[index]
    comparison = trace.notes.get((step.key, step.sample))
    if comparison is None:
        return step, None, trace.names, ""
    return (
        step,
        row_of(step, comparison, trace.names),
        trace.names,
        verdict(comparison, trace.notes, trace.names),
    )


def _wrapping(anywhere: bool) -> QTextOption:
    """Lines wrapped between words, or (`anywhere`) inside a word wider than the room too."""
    option = QTextOption()
    modes = QTextOption.WrapMode
    option.setWrapMode(modes.WrapAtWordBoundaryOrAnywhere if anywhere else modes.WordWrap)
    return option


def rewrapped(document: QTextDocument, width: int) -> QTextDocument:
    """`document` laid out again in `width`, between words, or anywhere if a word is wider."""
    if document.defaultTextOption().wrapMode() != QTextOption.WrapMode.WordWrap:
        document.setDefaultTextOption(_wrapping(anywhere=False))  # each change lays it out
    document.setTextWidth(width)
    if document.idealWidth() > width + 0.5:
        document.setDefaultTextOption(_wrapping(anywhere=True))
    return document


def _within(document: QTextDocument, room: QSize) -> bool:
    """True when the laid-out `document` fits `room` whole."""
    height, widest = document.size().height(), document.idealWidth()
    return height <= room.height() + 0.5 and widest <= room.width() + 0.5

"""Judging a training run from its curve: converging, or diverged, rising, oscillating, stalled.

Seed 000 warns that a large learning rate "may never converge". A NaN is only the loudest way:
the loss can also climb, jump up and down without settling, or freeze at a high value once the
sigmoid outputs saturate (0 or 1 to 15 digits, where the clipped cross-entropy is 34.5 per wrong
sample and every gradient is 0). `Judge` watches the records epoch by epoch and names the first
trouble it sees, when it began, and the likely cause from what it observed: weights that grew
in big steps (the learning rate), weights that were huge from the start, inputs far from unit
scale, or classes that overlap (noisy data).

Every rule compares the loss with the loss of an uninformed guess (the best constant output:
the class shares for bce and cce, the mean target for mse), so a run that has learned something
is never called stalled, and a healthy plateau (spiral's, at 0.65 < log 2) is left alone.
"""

import math
from dataclasses import asdict, dataclass
from statistics import median

import numpy as np

from simulator.notation import format_number

TROUBLES = ("diverged", "rising", "oscillating", "stalled")
CAUSES = ("learning_rate", "initial_weights", "input_scale", "noisy_data", "saturation")

# Stalled: the loss moved less than FLAT_TOLERANCE (relative) for FLAT_EPOCHS epochs, is no
# better than a guess, and every layer's mean |dL/dW| fell below VANISHED of its first epoch's
# (or below GONE: weights huge from the start leave no gradient even in the first epoch).
FLAT_EPOCHS = 10
FLAT_TOLERANCE = 1e-6
VANISHED = 1e-4
GONE = 1e-8
# Stalled too: for STUCK_EPOCHS epochs the loss stayed above STUCK_SHARE of a guess's and its
# median is no lower than the stretch before's (PROGRESS, below).
STUCK_EPOCHS = 40
STUCK_SHARE = 1.5
# Rising: the loss went up in each of the last RISE_EPOCHS epochs, to RISE_FACTOR times the
# lowest loss of the run and above the guess.
RISE_EPOCHS = 5
RISE_FACTOR = 2.0
# Oscillating: over OSCILLATION_EPOCHS epochs the loss changed direction in at least
# TURN_SHARE of them, by typical jumps of SWING of its level, its median fell below PROGRESS of
# the window before's, and it stayed above OSCILLATION_LEVEL of a guess (below it the run has
# learned; the jitter is mini-batch noise). Medians, not single lows: a lucky epoch is no progress.
OSCILLATION_EPOCHS = 20
PROGRESS = 0.9
TURN_SHARE = 0.6
SWING = 0.25
OSCILLATION_LEVEL = 0.2
# Slow: a run that ends with the loss above this share of a guess's has learned little.
SLOW_SHARE = 0.9
# Causes: weights this large at the start; weights that grew this many times; inputs this large;
# this share of samples whose nearest neighbour has another class.
HUGE_WEIGHT = 100.0
GROWTH = 10.0
LARGE_INPUT = 100.0
OVERLAP = 0.2
OVERLAP_SAMPLE = 1000  # the nearest-neighbour check looks at most at this many samples


@dataclass(frozen=True)
class Verdict:
    """How a run went: `kind` is 'converging' or 'slow', or a trouble (TROUBLES) that began at
    `epoch` with a likely `cause` (CAUSES); `sentence` says it all for people."""

    kind: str
    epoch: int
    cause: str
    sentence: str

    @property
    def trouble(self) -> bool:
        """True when the run diverged, rose, oscillated or stalled."""
        return self.kind in TROUBLES

    def to_dict(self) -> dict:
        """The verdict as JSON-ready data."""
        return asdict(self)


def guess_loss(loss: str, targets: np.ndarray) -> float:
    """What a network that learned nothing scores: the loss of the best constant output (the
    class shares for bce and cce, the mean for mse). When the targets never change (one sample)
    a constant is already perfect, so the guess is an output that knows nothing: 0.5 for bce,
    1/k for each of k classes for cce, 0 for mse."""
    if np.all(targets == targets[0]):
        if loss == "mse":
            return float(np.mean(targets[0] ** 2))
        return math.log(2) if loss == "bce" else math.log(targets.shape[1])
    share = targets.mean(axis=0)
    if loss == "mse":
        return float(targets.var(axis=0).mean())
    with np.errstate(divide="ignore", invalid="ignore"):
        if loss == "cce":
            return float(-np.sum(np.where(share > 0, share * np.log(share), 0.0)))
        entropy = -(share * np.log(share) + (1 - share) * np.log(1 - share))
    return float(np.nan_to_num(entropy).mean())


def parameter_size(network) -> float:
    """The largest finite |parameter| of the network (a diverged one keeps some finite)."""
    sizes = [np.abs(value[np.isfinite(value)]) for value in network.parameters.values()]
    return max(float(size.max(initial=0.0)) for size in sizes)


class Judge:
    """Watches one run epoch by epoch; `observe` returns a trouble Verdict when it finds one."""

    def __init__(self, network, dataset):
        self.network, self.dataset = network, dataset
        self.guess = guess_loss(network.loss, dataset.targets)
        self.start_size = self.size = parameter_size(network)  # size: updated at a verdict
        self.losses, self.epochs, self.first_gradients = [], [], None

    def __repr__(self) -> str:
        return f"Judge({len(self.losses)} epochs seen, guess {format_number(self.guess)})"

    def observe(self, record) -> Verdict | None:
        """Take one finished epoch's EpochRecord; a Verdict when the run is in trouble."""
        self.losses.append(record.loss)
        self.epochs.append(record.epoch)
        gradients = max(record.gradient_means, default=0.0)
        if self.first_gradients is None:
            self.first_gradients = gradients
        for kind, began in (
            ("stalled", self._stalled(gradients)),
            ("rising", self._rising()),
            ("oscillating", self._oscillating()),
        ):
            if began is not None:
                return self._verdict(kind, began)
        return None

    def non_finite(self, epoch: int, what: str, value: float) -> Verdict:
        """The verdict on a loss or parameter that became NaN or inf at `epoch`."""
        cause, reason = self._cause("diverged")
        sentence = (
            f"Training stopped at epoch {epoch}: {what} became {format_number(value)}. {reason}"
        )
        return Verdict("diverged", epoch, cause, sentence)

    def final(self) -> Verdict:
        """The verdict on a run without trouble: 'converging', or 'slow' while the loss is still
        within SLOW_SHARE of what a guess scores."""
        if not self.losses:
            return Verdict("converging", 0, "", "No epoch has run yet.")
        first, last, epoch = self.losses[0], self.losses[-1], self.epochs[-1]
        count = len(self.losses)
        span = f"from {format_number(first)} to {format_number(last)} in {count} "
        span += "epoch" if count == 1 else "epochs"
        if last < SLOW_SHARE * self.guess:
            return Verdict("converging", epoch, "", f"The loss went {span}: converging.")
        advice = ("", "More epochs or a larger learning rate may help.")
        cause, reason = self._scale_cause() or advice
        relation = "about" if last < 1.1 * self.guess else "worse than"
        sentence = (
            f"The loss went {span}, still {relation} what a guess scores "
            f"({format_number(self.guess)}): training is slow. {reason}"
        )
        return Verdict("slow", epoch, cause, sentence)

    def _stalled(self, gradients: float) -> int | None:
        """The epoch the loss froze (flat above a guess, no gradient left), or the first of a
        long stretch far worse than a guess that never got lower."""
        recent = self.losses[-FLAT_EPOCHS:]
        if len(recent) < FLAT_EPOCHS or recent[-1] < self.guess:
            return None
        level = abs(recent[-1])
        frozen = max(recent) - min(recent) <= FLAT_TOLERANCE * level
        if frozen and gradients <= max(VANISHED * self.first_gradients, GONE):
            start = len(self.losses) - 1
            while start > 0 and abs(self.losses[start - 1] - recent[-1]) <= FLAT_TOLERANCE * level:
                start -= 1
            return self.epochs[start]
        window = STUCK_EPOCHS
        if len(self.losses) < 2 * window or min(self.losses[-window:]) < STUCK_SHARE * self.guess:
            return None
        now, before = median(self.losses[-window:]), median(self.losses[-2 * window : -window])
        return self.epochs[-window] if now >= PROGRESS * before else None

    def _rising(self) -> int | None:
        """The epoch the climb began, when the loss rose every epoch lately, far above its low."""
        recent = self.losses[-RISE_EPOCHS - 1 :]
        if len(recent) <= RISE_EPOCHS or any(b <= a for a, b in zip(recent, recent[1:])):
            return None
        if recent[-1] < RISE_FACTOR * min(self.losses) or recent[-1] < self.guess:
            return None
        start = len(self.losses) - RISE_EPOCHS - 1
        while start > 0 and self.losses[start - 1] < self.losses[start]:
            start -= 1
        return self.epochs[start]

    def _oscillating(self) -> int | None:
        """The window's first epoch, when the loss keeps turning with big jumps, stays well
        above what the run has learned to, and its median is no lower than the window before."""
        window = OSCILLATION_EPOCHS
        recent = self.losses[-window - 1 :]
        floor = max(OSCILLATION_LEVEL * self.guess, 1e-300)
        if len(self.losses) < 2 * window + 1 or max(recent) < floor:
            return None  # the usual case, decided without sorting anything
        level = median(recent)
        if level < floor or level < PROGRESS * median(self.losses[-2 * window - 1 : -window]):
            return None
        steps = [b - a for a, b in zip(recent, recent[1:])]
        turns = sum((a > 0) != (b > 0) for a, b in zip(steps, steps[1:])) / (len(steps) - 1)
        if turns < TURN_SHARE or median([abs(step) for step in steps]) < SWING * level:
            return None
        return self.epochs[-window - 1]

    def _verdict(self, kind: str, epoch: int) -> Verdict:
        cause, reason = self._cause(kind)
        last = self.losses[-1]
        what = {
            "stalled": f"the loss has stayed at about {format_number(last)} since epoch {epoch}, "
            f"no better than a guess ({format_number(self.guess)}), and does not get lower",
            "rising": f"the loss has risen since epoch {epoch}, to {format_number(last)}",
            "oscillating": f"the loss has jumped up and down since epoch {epoch} without "
            f"getting lower (now {format_number(last)})",
        }[kind]
        return Verdict(kind, epoch, cause, f"Training is not converging: {what}. {reason}")

    def _cause(self, kind: str) -> tuple[str, str]:
        """The likely cause of a trouble, from what was observed, and advice in a sentence."""
        self.size = parameter_size(self.network)
        scale = self._scale_cause(kind)
        if scale:
            return scale
        grew = self.size >= GROWTH * max(self.start_size, 1.0)
        noise = self._noise_cause() if kind == "oscillating" and not grew else None
        if noise:
            return noise
        eta = format_number(self.network.optimizer.learning_rate)
        growth = f"from {format_number(self.start_size)} to {format_number(self.size)}"
        if kind == "stalled" and not grew:
            return "saturation", (
                "The units sit where their activation is flat (saturated, or ReLUs that output "
                "0), so no gradient flows back; try another initialisation or activation."
            )
        if kind == "stalled":
            return "learning_rate", (
                f"A learning rate of {eta} is too large for this network: its big steps threw the "
                f"weights {growth}, so far that the units saturated (a large eta may never "
                "converge); try a smaller one."
            )
        grown = f" (the weights grew {growth})" if grew else ""
        return "learning_rate", (
            f"A learning rate of {eta} is too large for this network{grown}: each step "
            "overshoots the minimum (a large eta may never converge); try a smaller one."
        )

    def _noise_cause(self) -> tuple[str, str] | None:
        """Classes that overlap, when a classifier's loss jumps about with calm weights."""
        overlap = neighbour_disagreement(self.dataset) if self.network.loss != "mse" else 0.0
        if overlap < OVERLAP:
            return None
        return "noisy_data", (
            f"The classes overlap ({overlap:.0%} of the samples have a nearest neighbour of "
            "another class), so each batch pulls the weights another way; a larger batch or a "
            "smaller learning rate smooths the steps."
        )

    def _scale_cause(self, kind: str = "") -> tuple[str, str] | None:
        """Weights huge from the start, or huge inputs: causes no learning rate can fix."""
        inputs = float(np.abs(self.dataset.inputs).max())
        effect = "overflow" if kind == "diverged" else "saturate the units"
        if self.start_size >= HUGE_WEIGHT:
            return "initial_weights", (
                f"The weights were already as large as {format_number(self.start_size)} at the "
                f"start, so the weighted sums {effect}; start from small random weights (an init "
                "scheme such as xavier)."
            )
        if inputs >= LARGE_INPUT:
            return "input_scale", (
                f"The inputs reach {format_number(inputs)} (unscaled or very noisy data), so the "
                f"weighted sums {effect}; standardise the data."
            )
        return None


def neighbour_disagreement(dataset, limit: int = OVERLAP_SAMPLE) -> float:
    """The share of samples (the first `limit`) whose nearest other sample has another class."""
    inputs, targets = dataset.inputs[:limit], dataset.targets[:limit]
    if len(inputs) < 2:
        return 0.0
    distances = ((inputs[:, None, :] - inputs[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(distances, np.inf)
    nearest = distances.argmin(axis=1)
    classes = targets.argmax(axis=1) if targets.shape[1] > 1 else targets[:, 0] > 0.5
    return float(np.mean(classes != classes[nearest]))

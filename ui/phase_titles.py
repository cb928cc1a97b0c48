"""What the window and the handouts call the engine's phases (simulator.step.PHASES).

The engine owns the phase names; this is the one table of their titles for people: a short one
for the phase strip's pills and the formula panel's heading, a longer one for a handout's
sections.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseTitle:
    """The titles of one phase."""

    short: str  # 'Forward': a pill of the phase strip, the formula panel's heading
    heading: str  # 'Forward propagation': a section of the worked-solution handout


PHASE_TITLES = {  # one entry per simulator.step.PHASES, in the engine's order
    "forward": PhaseTitle("Forward", "Forward propagation"),
    "loss": PhaseTitle("Loss", "Loss"),
    "backward": PhaseTitle("Backward", "Backward propagation"),
    "update": PhaseTitle("Update", "Weight update"),
}

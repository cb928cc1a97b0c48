"""The formula of the step just computed, in large type: symbols, numbers, result, explanation.

The text comes from the engine's Step (symbolic, substituted, value rounded by format_number);
this module only typesets it: keys such as 'dL/dW[2,1,2]' become rich text with real
subscripts and superscripts (the notes' w, x, y, eta and partial-derivative signs).
"""

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout

from simulator.keys import KEY_TOKEN, Key
from ui.phase_titles import PHASE_TITLES
from ui.theme import LIGHT, font_px

_TOKEN = re.compile(rf"{KEY_TOKEN.pattern}|\beta\b")  # a key with indices, or eta
_POWER = re.compile(rf"e\^\(([^()]*)\)|\^({KEY_TOKEN.pattern}|[\w.]+)")  # e^(...), a^2, e^z[2,1]
_GREEK = re.compile(r"\b(beta|eps)(\d?)\b")
_LETTERS = {"beta": "β", "eps": "ε"}
RESULT_INK = "#111418"  # dark text on the amber result mark reads in both themes


def rich_formula(text: str) -> str:
    """A formula line as rich text: keys typeset, '*' as a centred dot, powers raised."""
    escaped = html.escape(text).replace("*", " · ").replace("  ", " ")
    raised = _POWER.sub(
        lambda m: (
            f"e<sup>{m.group(1)}</sup>" if m.group(1) is not None else f"<sup>{m.group(2)}</sup>"
        ),
        escaped,
    )
    greek = _GREEK.sub(
        lambda m: _LETTERS[m.group(1)] + (f"<sub>{m.group(2)}</sub>" if m.group(2) else ""), raised
    )
    return _TOKEN.sub(_typeset, greek)


def _typeset(match: re.Match) -> str:
    if match.group(0) == "eta":
        return "η"
    key = Key.parse(match.group(0))
    prefix = "∂L/∂" if key.wrt else ""
    key = key.wrt or key
    if key.kind == "a" and key.layer == 0:
        return f"{prefix}<i>x</i><sub>{key.neuron}</sub>"
    if key.kind == "y":
        return f"{prefix}<i>y</i><sub>{key.neuron}</sub>"
    if key.kind == "alpha":
        return f"{prefix}α<sup>[{key.layer}]</sup>"
    symbol = "w" if key.kind == "W" else key.kind
    lower = "".join(map(str, key.index[1:]))
    return f"{prefix}<i>{symbol}</i><sup>[{key.layer}]</sup><sub>{lower}</sub>"


class FormulaPanel(QFrame):
    """Four lines in large type plus a badge comparing with the notes' hand-worked value."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaPanel")
        self.heading = self._label()
        self.symbolic = self._label()
        self.substituted = self._label()
        self.badge = self._label()
        self.explanation = self._label()
        layout = QVBoxLayout(self)
        for label in (self.heading, self.symbolic, self.substituted, self.badge, self.explanation):
            layout.addWidget(label)
        layout.addStretch(1)
        # the window decides the height (a third at most); wrapped lines do not push the graph
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.theme, self.scale = LIGHT, 1.0
        self.show_step(None, None)

    def needed_height(self) -> int:
        """The height its lines take at the panel's current width and font sizes."""
        return self.layout().totalHeightForWidth(max(self.width(), 1))

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)  # a long formula (adam, a wide layer) breaks between terms
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_step(self, step, comparison) -> None:
        """Show `step` (the engine's Step, or None) and its Row from the notes, if any."""
        if step is None:
            self.heading.setText("Nothing computed yet")
            self.symbolic.setText("Press <b>→</b> or <b>Space</b> to compute the first value.")
            self.substituted.clear()
            self.explanation.clear()
            self.badge.hide()
            return
        sample = f" · sample {step.sample}" if step.sample else ""
        self.heading.setText(f"Step {step.index} · {PHASE_TITLES[step.phase].short}{sample}")
        self.symbolic.setText(rich_formula(step.symbolic))
        result = step.formula().rsplit(" = ", 1)[1]
        self.substituted.setText(
            f"= {rich_formula(step.substituted())} =&nbsp;"
            f"<span style='background:{self.theme.current}; color:{RESULT_INK}'>"
            f"<b>&nbsp;{result}&nbsp;</b></span>"
        )
        self.explanation.setText(html.escape(step.explanation))
        self._show_badge(comparison)

    def _show_badge(self, comparison) -> None:
        if comparison is None:
            self.badge.hide()
            return
        colour = self.theme.match if comparison.match else self.theme.mismatch
        mark = "✓ matches" if comparison.match else "✗ computed"
        self.badge.setText(
            f"<span style='color:{colour}'><b>notes: {comparison.notes}"
            f"&nbsp;&nbsp;{mark} {comparison.value}</b></span>"
        )
        self.badge.show()

    def set_style(self, theme, scale: float) -> None:
        """Grow every line with the presentation scale; the formula lines are the largest."""
        self.theme, self.scale = theme, scale
        sizes = {
            self.heading: 0.95,
            self.symbolic: 1.6,
            self.substituted: 1.75,
            self.badge: 1.25,
            self.explanation: 1.1,
        }
        for label, factor in sizes.items():
            colour = theme.muted if label in (self.heading, self.explanation) else theme.text
            label.setStyleSheet(
                f"font-size: {font_px(scale, factor)}px; color: {colour}; background: transparent;"
            )
        self.setStyleSheet(
            f"#formulaPanel {{ background: {theme.surface}; border-top: 1px solid {theme.grid}; }}"
        )

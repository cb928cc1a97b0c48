"""Forward, Loss, Backward, Update across the top, the current phase lit, and where we are."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from ui.theme import LIGHT, font_px

PHASE_TITLES = {"forward": "Forward", "loss": "Loss", "backward": "Backward", "update": "Update"}


class PhaseStrip(QFrame):
    """Four phase pills and a 'iteration k · step p of n' caption."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("phaseStrip")
        layout = QHBoxLayout(self)
        self.pills = {}
        for phase, title in PHASE_TITLES.items():
            pill = QLabel(title, self)
            pill.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(pill)
            self.pills[phase] = pill
            if phase != "update":
                arrow = QLabel("→", self)
                arrow.setObjectName("arrow")
                layout.addWidget(arrow)
        layout.addStretch(1)
        self.caption = QLabel(self)
        layout.addWidget(self.caption)
        self.theme, self.scale, self.phase = LIGHT, 1.0, None

    def show_step(self, step_view) -> None:
        """Light the phase of the step just computed and say where the cursor is."""
        self.phase = step_view.phase
        sample = (
            f" · sample {step_view.sample} of {step_view.batch_size}"
            if step_view.batch_size > 1
            else ""
        )
        self.caption.setText(
            f"iteration {step_view.iteration} · step {step_view.position} "
            f"of {step_view.total}{sample}"
        )
        self._paint()

    def set_style(self, theme, scale: float) -> None:
        self.theme, self.scale = theme, scale
        self._paint()

    def _paint(self) -> None:
        theme, size = self.theme, font_px(self.scale, 1.1)
        pad = round(5 * self.scale)
        for phase, pill in self.pills.items():
            lit = phase == self.phase
            background = theme.current if lit else theme.surface
            colour = "#111418" if lit else theme.muted
            pill.setStyleSheet(
                f"background: {background}; color: {colour}; font-size: {size}px; "
                f"font-weight: {'bold' if lit else 'normal'}; border-radius: {pad}px; "
                f"padding: {pad}px {3 * pad}px; border: 1px solid {theme.grid};"
            )
        self.caption.setStyleSheet(f"color: {theme.muted}; font-size: {size}px;")
        self.setStyleSheet(
            f"#phaseStrip {{ background: {theme.background}; }} "
            f"#arrow {{ color: {theme.muted}; font-size: {size}px; }}"
        )

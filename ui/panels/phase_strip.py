"""Forward, Loss, Backward, Update across the top, the current phase lit, and where we are."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy

from ui.phase_titles import PHASE_TITLES
from ui.theme import LIGHT, font_px


class PhaseStrip(QFrame):
    """Four phase pills and a two-line caption: 'step p of n' over 'iteration k'."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("phaseStrip")
        layout = QHBoxLayout(self)
        layout.setSpacing(4)
        layout.setContentsMargins(6, 4, 6, 4)
        self.pills = {}
        for number, (phase, title) in enumerate(PHASE_TITLES.items(), start=1):
            pill = QLabel(title.short, self)
            pill.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(pill)
            self.pills[phase] = pill
            if number < len(PHASE_TITLES):  # an arrow to the next phase
                arrow = QLabel("→", self)
                arrow.setObjectName("arrow")
                layout.addWidget(arrow)
        self.caption = QLabel(self)
        self.caption.setMinimumWidth(1)  # on a narrow window the caption gives way, not the graph
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.caption, 1)
        self.theme, self.scale, self.phase = LIGHT, 1.0, None

    def show_step(self, step_view) -> None:
        """Light the phase of the step just computed and say where the cursor is."""
        phase_changed = step_view.phase != self.phase
        self.phase = step_view.phase
        sample = (
            f" · sample {step_view.sample} of {step_view.batch_size}"
            if step_view.batch_size > 1
            else ""
        )
        self.caption.setText(
            f"<b>step {step_view.position} of {step_view.total}</b><br>"
            f"iteration {step_view.iteration}{sample}"
        )
        if phase_changed:  # restyling is costly: only when another phase lights up
            self._paint()

    def set_style(self, theme, scale: float) -> None:
        self.theme, self.scale = theme, scale
        self._paint()

    def _paint(self) -> None:
        theme, size = self.theme, font_px(self.scale, 1.1)
        pad = round(3 * self.scale)
        for phase, pill in self.pills.items():
            lit = phase == self.phase
            background = theme.current if lit else theme.surface
            colour = "#111418" if lit else theme.muted
            pill.setStyleSheet(
                f"background: {background}; color: {colour}; font-size: {size}px; "
                f"font-weight: {'bold' if lit else 'normal'}; border-radius: {pad}px; "
                f"padding: {pad}px {2 * pad}px; border: 1px solid {theme.grid};"
            )
        self.caption.setStyleSheet(f"color: {theme.muted}; font-size: {font_px(self.scale)}px;")
        self.setStyleSheet(
            f"#phaseStrip {{ background: {theme.background}; }} "
            f"#arrow {{ color: {theme.muted}; font-size: {size}px; }}"
        )

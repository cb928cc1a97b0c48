"""File > Worksheets for a class: how many variants, the seed, what is asked and the folder.

The dialog only gathers the choice; simulator/worksheet.py draws the variants and
ui/worksheet_export.py writes them, exactly as the `worksheet` command does.
"""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from simulator.practice import KINDS, parse_kinds
from simulator.worksheet import MAX_VARIANTS, make_sheets

DEFAULT_VARIANTS = 30
KIND_TITLES = {
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass",
    "update": "Weight updates",
    "hand_worked": "The steps the notes work by hand",
}


@dataclass(frozen=True)
class WorksheetRequest:
    """What the teacher asked for: the `worksheet` command's options."""

    variants: int
    seed: int
    kinds: tuple
    fading: bool
    folder: Path


def write_class_worksheets(workspace, request: WorksheetRequest, progress=None) -> list[Path]:
    """Variants of the work on show, written to the request's folder; the paths written.
    `progress(done, total)` is called after each variant."""
    from ui.worksheet_export import write_worksheets  # the handout code, not needed at start

    folder = Path(request.folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"the worksheets need a folder, but {folder} is a file.")
    sheets = make_sheets(
        workspace.to_preset(), request.variants, request.seed, request.kinds, request.fading
    )
    return write_worksheets(sheets, folder, progress=progress)


class WorksheetDialog(QDialog):
    """Variants, seed, kinds asked, fading and the folder, with the practice choice as default."""

    def __init__(self, choice, folder: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Worksheets for a class")
        self.variants = QSpinBox()
        self.variants.setRange(1, MAX_VARIANTS)
        self.variants.setValue(DEFAULT_VARIANTS)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.kinds = {kind: QCheckBox(KIND_TITLES[kind]) for kind in KINDS}
        for kind, box in self.kinds.items():
            box.setChecked(kind in choice.kinds)
        self.fading = QCheckBox("Work the first neuron of each phase, ask the rest")
        self.fading.setChecked(choice.fading)
        self.folder = QLineEdit(folder)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self._lay_out()

    def _lay_out(self) -> None:
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Variants", self.variants)
        form.addRow("Seed (the same seed, the same sheets)", self.seed)
        asked = QVBoxLayout()
        for box in (*self.kinds.values(), self.fading):
            asked.addWidget(box)
        form.addRow("Ask", asked)
        form.addRow("Folder", where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the worksheets", "")
        if folder:
            self.folder.setText(folder)

    def request(self) -> WorksheetRequest:
        """The choice as a request; ValueError (one sentence) when it is not complete."""
        ticked = [kind for kind, box in self.kinds.items() if box.isChecked()]
        if not ticked:
            raise ValueError("Tick at least one kind of step to ask.")
        kinds = parse_kinds(",".join(ticked))
        if not self.folder.text().strip():
            raise ValueError("Choose a folder for the worksheets.")
        return WorksheetRequest(
            self.variants.value(),
            self.seed.value(),
            kinds,
            self.fading.isChecked(),
            Path(self.folder.text().strip()),
        )

    def _accept(self) -> None:
        try:
            self.request()
        except ValueError as error:
            self.error.setText(str(error))
            return
        self.accept()

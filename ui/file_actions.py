"""The window's File menu half: open, save, export the handout, and the unsaved-changes prompt.

A mixin of MainWindow (it uses the window's controller, message and side panel); the saving
itself is done by ui.session.
"""

from importlib import import_module
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.output_files import check_writable
from ui.validation import sentence

WORKED_FILTERS = {"Markdown (*.md)": ".md", "HTML (*.html)": ".html", "PDF (*.pdf)": ".pdf"}


def session():
    """ui.session (the writers), imported at the first save or export: it brings in the
    handout and PDF code, which a window's start-up has no need of."""
    return import_module("ui.session")


class SavedWorkActions:
    """File > Open / Save / Save as / Export worked solution / Export to PyTorch, never losing
    unsaved work."""

    def open_file(self) -> None:
        """Open a preset or a saved network (after saving or discarding unsaved changes)."""
        if not self.confirm_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open", "", "Presets (*.json)")
        if path:
            self.controller.open_preset(path)

    def switch_preset(self, name: str) -> None:
        """Open a bundled preset; on Cancel the side panel shows the current one again."""
        if self.confirm_discard():
            self.controller.open_preset(name)
        else:
            self.network_panel.set_network(self.controller.network_view())

    def save(self) -> bool:
        """Save to the file it came from or was last saved to; ask for a name otherwise."""
        path = self.controller.workspace.path
        return self._write(session().save_network, str(path)) if path else self.save_as()

    def save_as(self) -> bool:
        name = Path(self.controller.workspace.path or "network.json").name
        path, _ = QFileDialog.getSaveFileName(self, "Save as", name, "Presets (*.json)")
        if not path:
            return False
        return self._write(session().save_network, path if Path(path).suffix else f"{path}.json")

    def export_worked(self) -> bool:
        """The iteration on show as a handout: Markdown, HTML or PDF, by the name's ending."""
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export worked solution", "worked.md", ";;".join(WORKED_FILTERS)
        )
        if not path:
            return False
        suffix = Path(path).suffix or WORKED_FILTERS.get(chosen, ".md")
        return self._write(session().export_worked, str(Path(path).with_suffix(suffix)))

    def export_pytorch(self) -> bool:
        """The iteration on show as a PyTorch script a student runs in their own code."""
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to PyTorch", "backprop.py", "Python script (*.py)"
        )
        if not path:
            return False
        return self._write(session().export_pytorch, str(Path(path).with_suffix(".py")))

    def _write(self, writer, path: str) -> bool:
        try:
            check_writable(path)  # a missing folder is named, before anything is written
            writer(self.controller, path)
        except Exception as error:  # noqa: BLE001 - a failed write is reported, not fatal
            self.show_error(f"{Path(path).name} was not written: {sentence(error)}")
            return False
        self._show_title()
        return True

    def confirm_discard(self) -> bool:
        """True when nothing is unsaved, or the user saved it or chose to discard it."""
        if self.controller.cursor is None or self.controller.undo_stack.isClean():
            return True
        answer = self._ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save / Discard / Cancel (tests replace this method with an answer). The title is
        the user's or a preset's text: shown as it is, never as markup."""
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Unsaved changes",
            f"Save your changes to {self.controller.workspace.title}?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(buttons.Save)
        return buttons(box.exec())

"""The window's practice half: the Practice menu and toggle, the practice panel in place of the
formula panel, the score summary and worksheets for a class in the File menu.

A mixin of MainWindow (it uses the window's controller, settings, actions and message line);
the session itself is ui/practice.py's and every rule the engine's.
"""

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog

from simulator.files import replace_text
from simulator.practice import KINDS, summary_csv, summary_markdown
from ui.panels.practice_panel import KEYS, PracticePanel
from ui.practice import Practice, PracticeChoice
from ui.validation import sentence
from ui.worksheet_dialog import KIND_TITLES, WorksheetDialog, write_class_worksheets

SUMMARY_FILTERS = {"CSV (*.csv)": ".csv", "Markdown (*.md)": ".md"}


class WorksheetsStopped(Exception):
    """The teacher stopped writing worksheets part way."""


class PracticeActions:
    """Practice mode on and off, hints and reveal, what is asked, and the files for a class."""

    _practice_panel = None  # built the first time practice needs it (most sessions never do)

    @property
    def practice_panel(self) -> PracticePanel:
        """The panel that takes the formula's place in practice mode."""
        if self._practice_panel is None:
            self._practice_panel = self._build_practice_panel()
        return self._practice_panel

    def _build_practice_panel(self) -> PracticePanel:
        """The panel in the formula's stack, wired, styled and showing practice as it stands:
        a window that never practises builds none of its widgets nor restyles them."""
        panel = PracticePanel()
        self.formula_stack.addWidget(panel)
        self.practice.sigChanged.connect(panel.show_state)
        panel.sigSubmitted.connect(self.practice.submit)
        panel.sigNeedsRoom.connect(self.share_room)
        panel.set_style(self.theme, self.scale)
        panel.show_state(self.practice.state())
        return panel

    def _build_practice_file(self, file) -> None:
        """File > Export practice summary and Worksheets for a class."""
        self._action(file, "Export practice s&ummary…", [], self.export_practice_summary)
        self._action(file, "&Worksheets for a class…", [], self.worksheets_for_class)

    def _build_practice(self, menu) -> None:
        self.practice = Practice(self.controller, PracticeChoice.read(self.settings), self)
        self.practising = self._action(
            menu, "&Practice mode", [KEYS["practice"]], self.set_practising, True
        )
        self.practising.setText("✎ &Practice")
        self.practising.setCheckable(True)
        self.practising.setToolTip(
            "Ask each value before it is shown: type it, Enter checks it "
            f"({KEYS['hint']} hint, {KEYS['reveal']} reveal)"
        )
        self._action(menu, "Next &hint", [KEYS["hint"]], self._practice_hint)
        self._action(menu, "&Reveal the value", [KEYS["reveal"]], self._practice_reveal)
        menu.addSeparator()
        self.asking = {}
        for kind in KINDS:
            action = self._action(menu, f"Ask: {KIND_TITLES[kind]}", [], self._ask_choice)
            action.setCheckable(True)
            self.asking[kind] = action
        self.fading = self._action(
            menu, "&Fading: work the first neuron, ask the rest", [], self._ask_choice
        )
        self.fading.setCheckable(True)
        self._show_choice(self.practice.choice)

    def _show_choice(self, choice: PracticeChoice) -> None:
        for kind, action in self.asking.items():
            action.setChecked(kind in choice.kinds)
        self.fading.setChecked(choice.fading)

    def set_practising(self, on: bool) -> None:
        """Turn practice on (from the iteration's first step) or off (every value shows)."""
        self.practising.setChecked(on)
        for index in range(1, self.tabs.count()):  # a lesson or training would show answers
            self.tabs.setTabEnabled(index, not on)
        if on:
            self.tabs.setCurrentIndex(0)
        self.formula_stack.setCurrentWidget(self.practice_panel if on else self.formula)
        for panel in (self.side, self.steps_column):  # the room goes to the graph and the question
            panel.setVisible(not on and not self.focus.isChecked())
        if on:
            self.practice.start()
        elif self.practice.active:
            self.practice.stop()
            self.graph.setFocus()
        QTimer.singleShot(0, self, self.share_room)  # once the panel on show has its width

    def _practice_hint(self) -> None:
        if self._check_practising():
            self.practice.take_hint()

    def _practice_reveal(self) -> None:
        if self._check_practising():
            self.practice.reveal()

    def _check_practising(self) -> bool:
        if not self.practice.active:
            self.show_status(f"Practice mode is off: {KEYS['practice']} turns it on.")
        return self.practice.active

    def _ask_choice(self, _checked=False) -> None:
        """A kind ticked or fading changed: remembered, and practice starts again with it."""
        kinds = tuple(kind for kind in KINDS if self.asking[kind].isChecked())
        choice = PracticeChoice(kinds, self.fading.isChecked())
        choice.write(self.settings)
        if self.practice.active:
            self.practice.start(choice)
        else:
            self.practice.choice = choice

    # -- files ------------------------------------------------------------------------------

    def export_practice_summary(self) -> bool:
        """The score of this iteration's practice as CSV or Markdown, by the name's ending."""
        if not self.practice.active:
            self.show_error(f"There is no practice score yet: {KEYS['practice']} starts practice.")
            return False
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export practice summary", "practice.csv", ";;".join(SUMMARY_FILTERS)
        )
        if not path:
            return False
        suffix = Path(path).suffix or SUMMARY_FILTERS.get(chosen, ".csv")
        return self._write(self._write_summary, str(Path(path).with_suffix(suffix)))

    def _write_summary(self, controller, path: str) -> None:
        scores = self.practice.session.score()
        text = summary_markdown(scores) if path.endswith(".md") else summary_csv(scores)
        replace_text(path, text)
        controller.sigStatus.emit(f"Practice summary written to {Path(path).name}")

    def worksheets_for_class(self) -> list:
        """Variant worksheets of the network on show, with answer keys; the paths written."""
        request = self._ask_worksheets()
        if request is None:
            return []
        bar = QProgressDialog("Writing worksheets…", "Stop", 0, request.variants, self)
        bar.setMinimumDuration(0)

        def progress(done: int, total: int) -> None:
            bar.setValue(done)
            if bar.wasCanceled():
                raise WorksheetsStopped(f"stopped after {done} of {total} variants")

        try:
            written = write_class_worksheets(self.controller.workspace, request, progress)
        except Exception as error:  # noqa: BLE001 - a failed write is reported, not fatal
            self.show_error(f"The worksheets were not all written: {sentence(error)}")
            return []
        finally:
            bar.close()
        self._tell_written(request, written)
        return written

    def _tell_written(self, request, written) -> None:
        """Say what was written where, in a box that stays until read (it does not block)."""
        variants = f"{request.variants} variant{'' if request.variants == 1 else 's'}"
        text = (
            f"Wrote {variants} ({len(written)} files) to {request.folder}.\n\n"
            "Each variant has its preset (.json), a worksheet and an answer key (HTML and PDF) "
            "and a blank answer file (-answers.csv) that `backprop-sim grade` marks. "
            "answer-keys.html, .pdf and .csv hold every answer for the teacher."
        )
        self.show_status(text.split("\n")[0])
        box = QMessageBox(QMessageBox.Icon.Information, "Worksheets written", text, parent=self)
        box.setObjectName("worksheetsWritten")
        box.open()

    def _ask_worksheets(self):
        """The teacher's WorksheetRequest, or None on Cancel (tests replace this method)."""
        dialog = WorksheetDialog(self.practice.choice, parent=self)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

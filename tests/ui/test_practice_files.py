"""Practice's choices and files in the window: what is asked (remembered), the score summary as
CSV and Markdown, and File > Worksheets for a class."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from simulator.practice import summary_csv, summary_markdown
from ui.controller import Controller
from ui.main_window import MainWindow
from ui.practice import PracticeChoice
from ui.worksheet_dialog import WorksheetDialog, WorksheetRequest

SUMMARIES = {".csv": summary_csv, ".md": summary_markdown}


def open_window(qtbot, settings):
    """The window on the notes' example, remembering its choices in `settings`."""
    controller = Controller()
    window = MainWindow(controller, settings)
    qtbot.addWidget(window)
    controller.open_preset("notes-2-2-1-sigmoid-bce")
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_action(window, text):
    return next(a for a in window.findChildren(QAction) if a.text().replace("&", "") == text)


def asked_keys(window):
    trace = window.practice.session.trace
    return [trace.steps[i - 1].key for i in window.practice.session.asked]


def work_two_steps(qtbot, window):
    window.set_practising(True)
    for typed in ("0.44", "0.7"):  # right, then too coarse (still open)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        qtbot.keyClicks(QApplication.focusWidget(), typed)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


@pytest.mark.parametrize("suffix", SUMMARIES)
def test_the_summary_is_exported_from_the_file_menu(qtbot, window, tmp_path, monkeypatch, suffix):
    work_two_steps(qtbot, window)
    path = tmp_path / f"class{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    menu_action(window, "Export practice summary…").trigger()
    assert path.read_text() == SUMMARIES[suffix](window.practice.session.score())
    assert "forward,6,1,0,0,0,5" in summary_csv(window.practice.session.score())


def test_no_summary_before_practice(window):
    assert window.export_practice_summary() is False
    assert "no practice score yet" in window.message.text()


def test_kinds_and_fading_are_remembered(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, settings)
    window.asking["loss"].trigger()
    window.asking["update"].trigger()
    window.fading.trigger()
    window.set_practising(True)
    assert asked_keys(window)[:4] == ["z[1,2]", "a[1,2]", "z[2,1]", "a[2,1]"]  # H1 shown
    assert "L" not in asked_keys(window) and "W[2,1,1]" not in asked_keys(window)
    settings.sync()
    again = open_window(
        qtbot, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    )
    assert again.practice.choice == PracticeChoice(("forward", "backward"), True)
    assert not again.asking["loss"].isChecked() and again.fading.isChecked()


def test_changing_what_is_asked_starts_practice_again(qtbot, window):
    work_two_steps(qtbot, window)
    for phase in ("forward", "loss", "backward", "update"):
        window.asking[phase].trigger()
    window.asking["hand_worked"].trigger()  # only the steps the notes work by hand
    assert window.controller.cursor.position == 0
    assert window.practice.session.records == ()
    worked = [entry.key for entry in window.controller.workspace.hand_worked]
    assert asked_keys(window) == worked and len(worked) == 24


def test_a_bad_settings_value_falls_back_to_every_phase(tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("practice/kinds", "sideways")
    assert PracticeChoice.read(settings) == PracticeChoice()


def test_kinds_written_by_hand_in_the_settings_file_are_read(tmp_path):
    (tmp_path / "settings.ini").write_text("[practice]\nkinds=loss,update\nfading=true\n")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert PracticeChoice.read(settings) == PracticeChoice(("loss", "update"), True)


def test_worksheets_for_a_class_from_the_file_menu(qtbot, window, tmp_path):
    folder = tmp_path / "class"
    request = WorksheetRequest(2, 7, ("forward",), False, folder)
    window._ask_worksheets = lambda: request
    menu_action(window, "Worksheets for a class…").trigger()
    names = sorted(path.name for path in folder.iterdir())
    assert len(names) == 15 and "variant-02-worksheet.pdf" in names
    assert "answer-keys.csv" in names
    told = window.findChild(QMessageBox, "worksheetsWritten")
    assert told.isVisible() and f"Wrote 2 variants (15 files) to {folder}." in told.text()


def test_worksheets_into_a_file_say_why_in_one_sentence(qtbot, window, tmp_path):
    taken = tmp_path / "taken.txt"
    taken.write_text("not a folder")
    window._ask_worksheets = lambda: WorksheetRequest(1, 0, ("forward",), False, taken)
    assert window.worksheets_for_class() == []
    assert window.message.isVisible()
    assert "is a file" in window.message.text() and "Traceback" not in window.message.text()


def test_the_worksheet_dialog_asks_for_kinds_and_a_folder(qtbot, tmp_path):
    dialog = WorksheetDialog(PracticeChoice(("forward", "loss"), True))
    qtbot.addWidget(dialog)
    assert dialog.kinds["loss"].isChecked() and not dialog.kinds["update"].isChecked()
    with pytest.raises(ValueError, match="Choose a folder"):
        dialog.request()
    dialog.folder.setText(str(tmp_path))
    dialog.variants.setValue(12)
    dialog.seed.setValue(3)
    assert dialog.request() == WorksheetRequest(12, 3, ("forward", "loss"), True, tmp_path)
    for box in dialog.kinds.values():
        box.setChecked(False)
    with pytest.raises(ValueError, match="at least one kind"):
        dialog.request()


def test_nothing_asked_says_where_to_choose(window):
    for phase in ("forward", "loss", "backward", "update"):
        window.asking[phase].trigger()
    window.set_practising(True)
    assert window.practice.session.asked == ()
    assert "choose what to ask in the Practice menu" in window.practice_panel.question.text()
    window.controller.step_forward()
    assert window.controller.cursor.position == 1  # every value is shown: nothing holds

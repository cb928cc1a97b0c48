"""Practice mode in the real window, driven by keys alone: every asked value stays hidden on the
graph until the student answers it or gives up, the verdicts and hints are the engine's, the
score adds up, stepping back un-answers and an edit starts practice again."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from simulator.notation import format_number
from ui.practice import NOT_ANSWERED

CTRL = Qt.KeyboardModifier.ControlModifier


def key(qtbot, window, name, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the keyboard is: the focused widget, as a real key press goes."""
    qtbot.keyClick(QApplication.focusWidget() or window, name, modifier)


def answer(qtbot, window, text):
    """Type `text` and press Enter."""
    qtbot.keyClicks(QApplication.focusWidget() or window, text)
    key(qtbot, window, Qt.Key.Key_Return)


def shown(window, key_text):
    return window.scene.item_for(key_text).texts[key_text]


def verdict(window):
    return window.practice_panel.verdict.text()


def plain(rich: str) -> str:
    """Rich text as a reader sees it."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def practise(qtbot, window):
    key(qtbot, window, Qt.Key.Key_P, CTRL)
    assert window.practice.active and window.practising.isChecked()


def test_a_student_works_the_whole_iteration_with_the_keyboard(qtbot, window):
    practise(qtbot, window)
    trace = window.controller.cursor.trace
    assert window.formula_stack.currentWidget() is window.practice_panel
    assert not window.steps_table.isVisible()  # its value column would give answers away
    assert isinstance(QApplication.focusWidget(), type(window.practice_panel.field))
    for step in trace.steps:
        key(qtbot, window, Qt.Key.Key_Right)
        assert window.controller.cursor.position == step.index
        assert shown(window, step.key) != format_number(step.value)  # a blank, not the value
        assert format_number(step.value) not in window.practice_panel.question.text()
        if step.key == "z[1,1]":
            answer(qtbot, window, "0.54")  # wrong: 0.2*0.5 + 0.3*0.8 + 0.2
            assert "✗" in verdict(window) and shown(window, "z[1,1]") == "✗0.54"
        elif step.key == "a[1,1]":
            answer(qtbot, window, "0.632")  # sigmoid(0.54): right from their own mistake
            assert "carries on" in verdict(window)
        elif step.key == "z[1,2]":
            key(qtbot, window, Qt.Key.Key_H, CTRL)
            assert "0.2 · 0.5" not in window.practice_panel.hint.text()
            assert "0.4 · 0.5 + 0.7 · 0.8 + 0.2" in window.practice_panel.hint.text()
            answer(qtbot, window, "0.96")
        elif step.key == "a[1,2]":
            answer(qtbot, window, "0.7")  # too coarse: asked again, not marked
            assert "two significant digits" in verdict(window)
            key(qtbot, window, Qt.Key.Key_Right)
            assert window.controller.cursor.position == step.index  # held
            answer(qtbot, window, "0.723")
        elif step.key == "z[2,1]":
            answer(qtbot, window, "one")
            assert "Expected a number such as 0.44" in plain(verdict(window))
            answer(qtbot, window, "1.038")
        else:
            answer(qtbot, window, format_number(step.value))
        if step.key not in ("z[1,1]", "a[1,1]"):
            assert "✓" in verdict(window) or step.index == len(trace)
            assert shown(window, step.key) == format_number(step.value)
    assert "Iteration done: 31 asked, 28 right first time, 1 with hints, 2 wrong" in verdict(window)
    board = window.practice_panel.score
    assert board.counts("forward") == {
        "asked": "6", "first_time": "3", "with_hints": "1", "wrong": "2", "open": "0",
    }  # fmt: skip
    assert board.counts("total")["first_time"] == "28"
    assert "1 of the wrong carried" in board.footnote.text()


def test_right_and_space_wait_for_an_answer_or_a_reveal(qtbot, window):
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Space)
    for name in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_End):
        key(qtbot, window, name)
        assert window.controller.cursor.position == 1
    assert "z[1]1 is asked" in plain(verdict(window))  # the key typeset as in the formula
    assert shown(window, "z[1,1]") == NOT_ANSWERED
    key(qtbot, window, Qt.Key.Key_G, CTRL)  # give up: the value is shown, counted wrong
    assert shown(window, "z[1,1]") == "0.44"
    assert "revealed" in verdict(window)
    assert window.practice_panel.score.counts("forward")["wrong"] == "1"
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.position == 2


def test_three_hints_then_the_value(qtbot, window):
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Right)
    hints = []
    for _ in range(3):
        key(qtbot, window, Qt.Key.Key_H, CTRL)
        hints.append(window.practice_panel.hint.text())
    assert "0.2 · 0.5 + 0.3 · 0.8 + 0.1" in hints[0] and "0.44" not in hints[0]
    assert hints[1].endswith("0.44")
    assert "last hint" in verdict(window)
    assert shown(window, "z[1,1]") == NOT_ANSWERED  # the graph still waits for the answer
    answer(qtbot, window, "0.44")
    assert window.practice_panel.score.counts("forward")["with_hints"] == "1"


def test_stepping_back_un_answers(qtbot, window):
    practise(qtbot, window)
    for typed in ("0.44", "0.608", "0.96"):
        key(qtbot, window, Qt.Key.Key_Right)
        answer(qtbot, window, typed)
    assert window.practice_panel.score.counts("forward")["first_time"] == "3"
    key(qtbot, window, Qt.Key.Key_Left)
    assert window.controller.cursor.position == 2
    assert shown(window, "z[1,2]") is None
    assert window.practice_panel.field.text() == "0.608"  # the answer given to step 2
    assert window.practice_panel.score.counts("forward")["first_time"] == "2"
    key(qtbot, window, Qt.Key.Key_Right)  # asked again, and hidden again
    assert shown(window, "z[1,2]") == NOT_ANSWERED
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.position == 3


def test_an_update_keeps_the_old_weight_until_answered(qtbot, window):
    window.asking["forward"].trigger()  # untick: forward, loss and backward are shown
    window.asking["loss"].trigger()
    window.asking["backward"].trigger()
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_End)  # Finish stops at the first question
    assert window.controller.cursor.current.key == "W[2,1,1]"
    assert shown(window, "dL/dW[2,1,1]") == "-0.1591"  # shown steps show their values
    assert shown(window, "W[2,1,1]") == f"0.5 → {NOT_ANSWERED}"
    answer(qtbot, window, "0.5159")
    assert shown(window, "W[2,1,1]") == "0.5159"


def test_clicking_an_asked_value_does_not_tell_it(qtbot, window):
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Right)
    said = []
    window.controller.sigStatus.connect(said.append)
    window.controller.describe_key("z[1,1]")
    assert said == ["Z1 is asked: type your answer"]  # z[1,1] by the notes' name


def test_an_edit_or_an_undo_starts_practice_again(qtbot, window):
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Right)
    answer(qtbot, window, "0.44")
    window.controller.edit_value("W[1,1,1]", "0.25")
    assert window.controller.cursor.position == 0
    assert window.practice.session.records == ()
    assert window.practice.session.trace is window.controller.cursor.trace
    key(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == NOT_ANSWERED
    answer(qtbot, window, "0.465")  # 0.25*0.5 + 0.3*0.8 + 0.1
    assert "✓" in verdict(window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.practice.session.records == () and window.controller.cursor.position == 0


def test_turning_practice_off_shows_every_value_again(qtbot, window):
    for _ in range(3):
        key(qtbot, window, Qt.Key.Key_Right)
    practise(qtbot, window)  # practice starts at the iteration's first step
    assert window.controller.cursor.position == 0
    key(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == NOT_ANSWERED
    assert not window.tabs.isTabEnabled(1)  # training and lessons would give answers away
    key(qtbot, window, Qt.Key.Key_P, CTRL)
    assert not window.practice.active
    assert shown(window, "z[1,1]") == "0.44"
    assert window.formula_stack.currentWidget() is window.formula
    assert window.steps_table.isVisible() and window.tabs.isTabEnabled(1)


def test_a_mini_batch_names_the_sample(qtbot, window):
    window.controller.open_preset("blobs")
    window.asking["forward"].trigger()
    window.asking["backward"].trigger()
    window.asking["update"].trigger()  # only the loss of each sample is asked
    practise(qtbot, window)
    trace = window.controller.cursor.trace
    losses = [step for step in trace.steps if step.key == "L"]
    assert window.practice.session.asked == tuple(step.index for step in losses)
    key(qtbot, window, Qt.Key.Key_End)
    key(qtbot, window, Qt.Key.Key_End)
    assert "L (sample 1) is asked" in plain(verdict(window))
    assert shown(window, "L") == NOT_ANSWERED
    answer(qtbot, window, format_number(losses[0].value))
    key(qtbot, window, Qt.Key.Key_End)
    assert window.controller.cursor.position == losses[1].index
    assert shown(window, "L") == NOT_ANSWERED  # sample 2's loss, hidden in its turn
    assert "sample 2" in window.practice_panel.heading.text()


def test_play_stops_at_a_question(qtbot, window):
    practise(qtbot, window)
    window.player.play()
    window.player._tick()  # the timer's tick: step 1 is computed, and asked
    window.player._tick()  # held at the question
    assert not window.player.playing and window.controller.cursor.position == 1
    assert shown(window, "z[1,1]") == NOT_ANSWERED


def test_a_coarser_step_stops_at_the_first_question(qtbot, window):
    window.asking["forward"].trigger()  # the loss is the first question
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_4, CTRL)  # step by phase
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.current.key == "a[2,1]"  # the forward phase, all shown
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.current.key == "L"
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.controller.cursor.current.key == "L"  # held: the loss is asked


def test_back_into_the_last_iteration_practises_it_from_its_start(qtbot, window):
    key(qtbot, window, Qt.Key.Key_End)
    key(qtbot, window, Qt.Key.Key_Right)  # iteration 2, nothing computed
    practise(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Left)  # back into iteration 1
    cursor = window.controller.cursor
    assert (cursor.iteration, cursor.position) == (1, 0)
    assert window.practice.session.trace is cursor.trace
    key(qtbot, window, Qt.Key.Key_Right)
    assert shown(window, "z[1,1]") == NOT_ANSWERED

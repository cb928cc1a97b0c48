"""Practice sessions: which steps are asked (kinds, fading), answers, hints, undo and the score."""

import numpy as np
import pytest
from networks import notes_network

from simulator.grading import AnswerError
from simulator.practice import (
    Session,
    asked_steps,
    parse_kinds,
    summary_csv,
    summary_markdown,
)
from simulator.presets import load_preset
from simulator.trace import build_trace

NOTES = build_trace(notes_network(), np.array([[0.5, 0.8]]), np.array([[1.0]]))
INDEX = {step.key: step.index for step in NOTES.steps}


def keys(indices):
    return [NOTES.steps[i - 1].key for i in indices]


@pytest.mark.parametrize(
    "kinds, expected",
    [
        (("forward",), ["z[1,1]", "a[1,1]", "z[1,2]", "a[1,2]", "z[2,1]", "a[2,1]"]),
        (("loss",), ["L"]),
        (("loss", "update"), ["L", "W[2,1,1]", "W[2,1,2]", "b[2,1]", "W[1,1,1]", "W[1,1,2]",
                              "b[1,1]", "W[1,2,1]", "W[1,2,2]", "b[1,2]"]),
    ],
)  # fmt: skip
def test_kinds_pick_whole_phases(kinds, expected):
    assert keys(asked_steps(NOTES, kinds)) == expected


def test_every_phase_by_default():
    assert asked_steps(NOTES) == tuple(range(1, len(NOTES) + 1))


def test_hand_worked_asks_only_the_notes_own_steps():
    preset = load_preset("notes-2-2-1-sigmoid-bce")
    worked = [entry.key for entry in preset.hand_worked]
    asked = keys(asked_steps(NOTES, ("hand_worked",), worked))
    assert set(asked) == set(worked) and len(asked) == len(set(worked))
    assert keys(asked_steps(NOTES, ("forward",), worked)) == keys(asked_steps(NOTES, ("forward",)))


def test_fading_shows_the_first_neuron_of_each_phase():
    forward = keys(asked_steps(NOTES, ("forward",), fading=True))
    assert forward == ["z[1,2]", "a[1,2]", "z[2,1]", "a[2,1]"]
    backward = keys(asked_steps(NOTES, ("backward",), fading=True))
    assert backward == [
        "dL/da[1,1]", "dL/da[1,2]", "dL/dz[1,1]", "dL/dz[1,2]",
        "dL/dW[1,1,1]", "dL/dW[1,1,2]", "dL/db[1,1]", "dL/dW[1,2,1]", "dL/dW[1,2,2]", "dL/db[1,2]",
    ]  # fmt: skip
    assert keys(asked_steps(NOTES, ("loss",), fading=True)) == ["L"]  # no neuron: asked whole
    update = keys(asked_steps(NOTES, ("update",), fading=True))
    assert update == ["W[1,1,1]", "W[1,1,2]", "b[1,1]", "W[1,2,1]", "W[1,2,2]", "b[1,2]"]


def test_fading_in_a_mini_batch_shows_only_the_first_samples_first_neuron():
    network = notes_network()
    network.batch_size = 2
    trace = build_trace(network, np.array([[0.5, 0.8], [0.1, 0.2]]), np.array([[1.0], [0.0]]))
    shown = set(range(1, len(trace) + 1)) - set(asked_steps(trace, ("forward",), fading=True))
    shown = {(s.key, s.sample) for s in trace.steps if s.index in shown and s.phase == "forward"}
    assert shown == {("z[1,1]", 1), ("a[1,1]", 1)}


@pytest.mark.parametrize("text", ["", "forward,sideways", " , "])
def test_unknown_kinds_name_the_choices(text):
    with pytest.raises(ValueError, match="forward, loss, backward, update, hand_worked"):
        parse_kinds(text)


def test_kinds_are_read_from_comma_separated_text():
    assert parse_kinds("forward, backward") == ("forward", "backward")


def test_a_session_is_a_value_answering_returns_a_new_one():
    start = Session.start(NOTES, ("forward",))
    answered = start.answer(INDEX["z[1,1]"], "0.44")
    assert start.records == () and start.record(1).outcome == "open"
    assert answered.record(1).outcome == "first_time"
    assert answered != start and hash(answered) != hash(start)
    with pytest.raises(AnswerError):
        start.answer(1, "zero point four")
    with pytest.raises(ValueError, match="not asked"):
        start.answer(INDEX["L"], "0.3")


def test_hints_climb_three_levels_and_count_against_first_time():
    session = Session.start(NOTES, ("forward",)).take_hint(1)
    assert session.hint_text(1) == "z[1,1] = W[1,1,1]*a[0,1] + W[1,1,2]*a[0,2] + b[1,1]"
    session = session.take_hint(1).take_hint(1).take_hint(1)
    assert session.record(1).hints == 3
    assert session.hint_text(1) == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert session.answer(1, "0.44").record(1).outcome == "with_hints"


def test_a_coarse_answer_is_asked_again_not_marked():
    session = Session.start(NOTES, ("forward",)).answer(1, "0.4")
    assert session.record(1).outcome == "open"
    assert session.answer(1, "0.44").record(1).outcome == "first_time"


def test_stepping_back_un_answers():
    session = Session.start(NOTES, ("forward",))
    for index, typed in ((1, "0.44"), (2, "0.608"), (3, "0.96")):
        session = session.answer(index, typed)
    back = session.rewound(1)
    assert [r.index for r in back.records] == [1]
    assert back.rewound(1) is back
    assert [r.index for r in session.records] == [1, 2, 3]  # the old session is untouched


def test_the_carried_answer_feeds_inheritance_until_the_value_is_shown():
    session = Session.start(NOTES, ("forward",)).answer(1, "0.54")
    assert session.verdict(1).kind == "wrong" and session.verdict(2) is None
    assert session.answer(2, "0.632").verdict(2).kind == "inherited"
    revealed = session.reveal(1)  # the student now sees the true z[1,1]
    assert revealed.earlier_answers(2) == {}
    assert revealed.answer(2, "0.632").record(2).graded[-1].verdict.kind == "wrong"
    assert revealed.record(1).outcome == "wrong"


def test_score_per_phase_and_total():
    session = Session.start(NOTES, ("forward", "loss"))
    session = session.answer(1, "0.44")  # right first time
    session = session.answer(2, "0.700").answer(2, "0.608")  # right on the second try
    session = session.answer(3, "0.86")  # wrong (x + 0.1)
    session = session.take_hint(4).answer(4, "0.702")  # wrong, inheriting z[1,2] = 0.86
    session = session.answer(INDEX["L"], "0.303")
    rows = {row.phase: row for row in session.score()}
    forward, loss, total = rows["forward"], rows["loss"], rows["total"]
    assert (forward.asked, forward.first_time, forward.with_hints, forward.wrong) == (6, 1, 1, 2)
    assert (forward.inherited, forward.open) == (1, 2)
    assert (loss.asked, loss.first_time) == (1, 1)
    assert (total.asked, total.first_time, total.with_hints, total.wrong, total.open) == (
        7, 2, 1, 2, 2,
    )  # fmt: skip
    assert list(rows) == ["forward", "loss", "total"]


def test_summaries_as_csv_and_markdown():
    session = Session.start(NOTES, ("loss",)).answer(INDEX["L"], "0.303")
    assert summary_csv(session.score()) == (
        "phase,asked,first_time,with_hints,wrong,inherited,open\n"
        "loss,1,1,0,0,0,0\n"
        "total,1,1,0,0,0,0\n"
    )
    markdown = summary_markdown(session.score()).splitlines()
    assert markdown[0] == (
        "| phase | asked | right first time | with hints | wrong | of which inherited | open |"
    )
    assert markdown[2] == "| loss | 1 | 1 | 0 | 0 | 0 | 0 |"


def test_the_first_hint_passes_over_what_the_question_shows():
    session = Session.start(NOTES, ("forward",), prompt=1)  # the window shows the formula
    hinted = session.take_hint(1)
    assert hinted.record(1).hints == 2
    assert hinted.hint_text(1) == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1"
    assert hinted.take_hint(1).hint_text(1) == "z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert hinted.answer(1, "0.44").record(1).outcome == "with_hints"
    assert session.answer(1, "0.44").record(1).outcome == "first_time"


def test_a_step_is_shown_once_answered_right_or_revealed():
    session = Session.start(NOTES, ("forward",)).answer(1, "0.54")
    assert not session.record(1).shown  # their own wrong answer, not the value
    assert session.answer(1, "0.44").record(1).shown
    assert session.reveal(1).record(1).shown
    assert not session.answer(1, "0.4").record(1).shown  # too coarse: asked again


def test_the_next_open_step_is_the_first_not_answered():
    session = Session.start(NOTES, ("forward", "loss"), fading=True)
    assert session.next_open() == INDEX["z[1,2]"]
    session = session.answer(INDEX["z[1,2]"], "0.50")  # wrong, but answered: the student moves on
    assert session.next_open() == INDEX["a[1,2]"]
    session = session.answer(INDEX["a[1,2]"], "0.7")  # too coarse: still open
    assert session.next_open() == INDEX["a[1,2]"]
    for key in ("a[1,2]", "z[2,1]", "a[2,1]", "L"):
        session = session.reveal(INDEX[key])
    assert session.next_open() is None

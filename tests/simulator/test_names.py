"""The notes' names: what each key is called, formulas written with them, the index-order note."""

import re

import pytest

from simulator.names import NOTATIONS, Names, in_notation
from simulator.presets import bundled_names, load_preset
from simulator.workspace import Workspace

NOTES = "notes-2-2-1-sigmoid-bce"
# Seed 003's own names for every number it works out, as the notes write them.
SEED_003 = {
    "z[1,1]": "Z1",
    "a[1,1]": "H1",
    "z[1,2]": "Z2",
    "a[1,2]": "H2",
    "z[2,1]": "Z0",
    "a[2,1]": "O",
    "L": "L",
    "dL/da[2,1]": "dL/dO",
    "dL/dz[2,1]": "dL/dz0",
    "dL/dW[2,1,1]": "dL/dw1",
    "dL/dW[2,1,2]": "dL/dw2",
    "dL/db[2,1]": "dL/db0",
    "dL/da[1,1]": "dL/dH1",
    "dL/da[1,2]": "dL/dH2",
    "dL/dz[1,1]": "dL/dz1",
    "dL/dz[1,2]": "dL/dz2",
    "dL/dW[1,1,1]": "dL/dw11",
    "dL/dW[1,1,2]": "dL/dw21",  # from x2 to neuron 1: the notes index from-to
    "dL/db[1,1]": "dL/db1",
    "dL/dW[1,2,1]": "dL/dw12",
    "dL/dW[1,2,2]": "dL/dw22",
    "dL/db[1,2]": "dL/db2",
    "W[2,1,1]": "w1",
    "W[2,1,2]": "w2",
}


@pytest.fixture
def notes():
    return Workspace.open(NOTES)


def test_every_number_of_the_2_2_1_page_has_the_notes_own_name(notes):
    named = {entry.key: notes.names.of(entry.key) for entry in notes.hand_worked}
    assert named == SEED_003 and len(named) == 24


def test_the_notes_formulas_read_as_the_notes_write_them(notes):
    trace, names = notes.first_trace(), notes.names
    assert names.symbolic(trace.find("z[1,1]")) == "Z1 = w11*x1 + w21*x2 + b1"
    assert names.formula(trace.find("z[1,1]")) == "Z1 = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44"
    assert names.symbolic(trace.find("dL/dW[1,1,2]")) == "dL/dw21 = dL/dz1*x2"
    assert names.symbolic(trace.find("W[2,1,1]")) == "w1 = w1 - eta*dL/dw1"
    assert names.symbolic(trace.find("dL/da[1,1]")) == "dL/dH1 = dL/dz0*w1"


def test_a_quantity_of_a_named_key_follows_its_name():
    names = Names({"W[1,1,2]": "w21", "dL/dz[2,1]": "dL/dz0", "z[2,1]": "Z0", "b[1,1]": "b1"})
    assert names.of("dL/dW[1,1,2]") == "dL/dw21"
    assert names.of("mean(dL/dW[1,1,2])") == "mean(dL/dw21)"
    assert names.of("v(W[1,1,2])") == "v(w21)"
    assert names.of("dL/dz[2,1]") == "dL/dz0"  # the notes' own, not 'dL/dZ0'
    assert names.of("mean(dL/db[1,1])") == "mean(dL/db1)"
    assert names.of("W[1,1,1]") is None and names.label("W[1,1,1]") == "W[1,1,1]"
    assert names.of("eta") is None and names.label("eta") == "eta"
    assert names.text("(dL/dW[1,1,2] (sample 1) + dL/dW[1,1,2] (sample 2))/2") == (
        "(dL/dw21 (sample 1) + dL/dw21 (sample 2))/2"
    )


def test_layer_notation_writes_the_keys(notes):
    step = notes.first_trace().find("z[1,1]")
    layer = in_notation(notes.names, "layer")
    assert layer.symbolic(step) == step.symbolic and layer.formula(step) == step.formula()
    assert in_notation(notes.names, "notes") is notes.names
    with pytest.raises(ValueError, match="notes, layer"):
        in_notation(notes.names, "greek")
    assert NOTATIONS == ("notes", "layer")


def test_the_index_order_is_told_once_where_the_notes_differ(notes):
    note = notes.names.index_order_note()
    assert note.startswith("The notes number a weight from-to: w21 is the weight from x2 to H1")
    assert "W[1,1,2] (layer 1, to neuron 1, from neuron 2)" in note and note.endswith(".")
    # seed 002 writes w_12^(1) for the weight from x2 to neuron 1, the engine's order
    assert Workspace.open("notes-3-2-1-sigmoid").names.index_order_note() is None
    assert Names().index_order_note() is None


@pytest.mark.parametrize("name", [n for n in bundled_names() if n.startswith("notes-")])
def test_every_notes_preset_names_its_numbers(name):
    preset = load_preset(name)
    names = Names(preset.names)
    assert names, f"{name} names nothing"
    for entry in preset.hand_worked:
        assert names.of(entry.key), f"{name}: {entry.key} ({entry.label}) has no name"
    for key in names:
        assert not re.search(r"\[\d", names[key]), f"{name}: {names[key]} looks like a key"

"""The cursor: moving by value, neuron, layer and phase, and back again bit for bit."""

import numpy as np
import pytest

from simulator.cursor import GRANULARITIES, Cursor
from simulator.datasets import Dataset
from simulator.keys import Key
from simulator.network import LayerActivation, Network, with_prelu_alphas
from simulator.optimizers import Optimizer
from simulator.trace import build_trace


def make_network(optimizer=None, batch_size=1, names=("prelu", "sigmoid"), sizes=(2, 3, 1)):
    """A seeded network with random weights and biases and a learned prelu alpha."""
    rng = np.random.default_rng(0)
    layers = [LayerActivation.of(name) for name in names]
    parameters = {}
    for layer in range(1, len(sizes)):
        parameters[f"W{layer}"] = rng.normal(0.0, 0.8, (sizes[layer], sizes[layer - 1]))
        parameters[f"b{layer}"] = rng.normal(0.0, 0.3, sizes[layer])
    optimizer = optimizer or Optimizer("adam", 0.05)
    return Network(
        sizes, layers, "bce", optimizer, with_prelu_alphas(parameters, layers), batch_size, seed=4
    )


DATA = Dataset(np.random.default_rng(1).normal(size=(5, 2)), [[1.0], [0.0], [1.0], [1.0], [0.0]])


def snapshot(cursor):
    """Everything that must come back bit for bit: where we are, the trace, the network."""
    network = cursor.network
    return (
        cursor.iteration,
        cursor.position,
        cursor.trace.rows,
        tuple((s.key, s.sample, s.value, s.operands) for s in cursor.trace.steps),
        {name: value.tobytes() for name, value in network.parameters.items()},
        {
            name: {k: v.tobytes() for k, v in state.items()}
            for name, state in network.optimizer_state.items()
        },
        (network.step_count, network.epoch, network.batch_in_epoch),
    )


def test_starts_before_the_first_step():
    cursor = Cursor(make_network(), DATA)
    assert (cursor.iteration, cursor.position, cursor.current, cursor.at_end) == (1, 0, None, False)


def test_the_cursor_works_on_a_copy():
    network = make_network()
    cursor = Cursor(network, DATA)
    cursor.finish()
    cursor.step_forward()
    assert network.step_count == 0 and cursor.network.step_count == 1


def test_value_steps_go_one_at_a_time():
    cursor = Cursor(make_network(), DATA)
    for position in range(1, 4):
        cursor.step_forward("value")
        assert cursor.position == position
        assert cursor.current is cursor.trace.steps[position - 1]
    cursor.step_back("value")
    assert cursor.position == 2


def test_neuron_layer_and_phase_steps_skip_their_group():
    cursor = Cursor(make_network(), DATA)
    cursor.step_forward("neuron")
    assert [s.key for s in cursor.trace.steps[: cursor.position]] == ["z[1,1]", "a[1,1]"]
    cursor.step_forward("layer")
    assert cursor.current.key == "a[1,3]"
    cursor.step_forward("layer")
    assert cursor.current.key == "a[2,1]"
    cursor.step_forward("phase")
    assert cursor.current.kind == "loss"
    cursor.step_forward("phase")
    assert cursor.current.key == "dL/db[1,3]"
    assert cursor.trace.steps[cursor.position].phase == "update"
    cursor.step_forward("phase")
    assert cursor.at_end
    cursor.step_back("phase")
    assert cursor.current.key == "dL/db[1,3]"
    cursor.step_back("layer")
    assert cursor.current.key == "dL/db[2,1]"


def test_a_neuron_move_covers_one_neuron_in_every_layer_the_output_included():
    cursor = Cursor(make_network(), DATA)
    cursor.step_forward("phase")  # the forward pass
    cursor.step_forward("phase")  # the loss
    moves = []
    while cursor.trace.steps[cursor.position].phase == "backward":
        start = cursor.position
        cursor.step_forward("neuron")
        moves.append([step.key for step in cursor.trace.steps[start : cursor.position]])
    neuron = lambda key: Key.parse(key).wrt.index[:2]  # noqa: E731 - (layer, j)
    for keys in moves:  # each move: one neuron
        assert len({neuron(key) for key in keys}) == 1
    output = [keys for keys in moves if neuron(keys[0]) == (2, 1)]
    assert output[0] == ["dL/da[2,1]", "dL/dz[2,1]"]  # not five values in one press
    assert output[1][0] == "dL/dW[2,1,1]" and output[1][-1] == "dL/db[2,1]"
    hidden = [keys for keys in moves if neuron(keys[0])[0] == 1]
    assert hidden[0] == ["dL/da[1,1]"] and hidden[-1][-1] == "dL/db[1,3]"


def test_a_batch_moves_sample_by_sample_by_phase():
    cursor = Cursor(make_network(Optimizer("sgd", 0.1), batch_size=2), DATA)
    seen = []
    while not cursor.at_end:
        cursor.step_forward("phase")
        seen.append((cursor.current.sample, cursor.current.phase))
    assert seen == [
        (1, "forward"),
        (1, "loss"),
        (1, "backward"),
        (2, "forward"),
        (2, "loss"),
        (2, "backward"),
        (None, "update"),
    ]


@pytest.mark.parametrize("granularity", GRANULARITIES)
@pytest.mark.parametrize("batch_size", [1, 2])
def test_forward_then_back_returns_bit_for_bit_across_iterations(granularity, batch_size):
    cursor = Cursor(make_network(batch_size=batch_size), DATA)
    moves = 0
    start = snapshot(cursor)
    marks = [start]
    while cursor.iteration < 8:  # past several iterations and the end of an epoch
        cursor.step_forward(granularity)
        marks.append(snapshot(cursor))
        moves += 1
    assert cursor.network.epoch >= 1
    for mark in reversed(marks[:-1]):
        cursor.step_back(granularity)
        assert snapshot(cursor) == mark
    assert moves > 8


def test_forward_after_back_reproduces_the_same_iteration():
    cursor = Cursor(make_network(), DATA)
    for _ in range(3):
        cursor.finish()
        cursor.step_forward()
    ahead = snapshot(cursor)
    cursor.step_back()
    cursor.step_back()  # into the previous iteration, one step before its end
    cursor.step_forward()
    cursor.step_forward()
    assert snapshot(cursor) == ahead


def test_passing_the_end_commits_the_update_and_takes_the_next_batch():
    network = make_network(Optimizer("sgd", 0.1))
    cursor = Cursor(network, DATA)
    cursor.finish()
    trace = cursor.trace
    assert cursor.at_end and cursor.current is trace.steps[-1]
    cursor.step_forward()
    assert (cursor.iteration, cursor.position) == (2, 0)
    for name, value in trace.new_parameters.items():
        np.testing.assert_array_equal(cursor.network.parameters[name], value)
    order = np.random.default_rng([4, 0]).permutation(5)
    assert (trace.rows, cursor.trace.rows) == ((int(order[0]),), (int(order[1]),))
    expected = build_trace(cursor.network, DATA.inputs[order[1:2]], DATA.targets[order[1:2]])
    assert [s.value for s in cursor.trace.steps] == [s.value for s in expected.steps]


def test_back_from_the_first_step_of_all_stays():
    cursor = Cursor(make_network(), DATA)
    before = snapshot(cursor)
    cursor.step_back("layer")
    assert snapshot(cursor) == before


def test_go_to_finish_and_restart():
    cursor = Cursor(make_network(), DATA)
    cursor.go_to(5)
    assert cursor.current is cursor.trace.steps[4]
    cursor.go_to(len(cursor.trace))
    assert cursor.at_end
    cursor.restart()
    assert cursor.position == 0
    cursor.finish()
    assert cursor.at_end and cursor.iteration == 1
    for bad in (-1, len(cursor.trace) + 1):
        with pytest.raises(ValueError, match="outside"):
            cursor.go_to(bad)


def test_unknown_granularity_is_refused():
    cursor = Cursor(make_network(), DATA)
    with pytest.raises(ValueError, match="neuron"):
        cursor.step_forward("sample-ish")


def test_reset_returns_to_the_first_iteration():
    cursor = Cursor(make_network(), DATA)
    first = snapshot(cursor)
    for _ in range(4):
        cursor.finish()
        cursor.step_forward()
    cursor.go_to(3)
    cursor.reset()
    assert snapshot(cursor) == first


def test_history_limit_bounds_memory_and_keeps_iterations_numbered():
    cursor = Cursor(make_network(), DATA, history_limit=3)
    for _ in range(20):
        cursor.finish()
        cursor.step_forward()
        assert len(cursor._history) <= 3
    assert cursor.iteration == 21
    for _ in range(3):
        cursor.step_back()  # to the end of the iteration before
        cursor.restart()
    assert cursor.iteration == 18
    cursor.step_back()  # nothing older is kept: stay put
    assert (cursor.iteration, cursor.position) == (18, 0)
    cursor.finish()
    cursor.step_forward()
    cursor.reset()  # the oldest iteration remembered is 18, and it is called 18
    assert (cursor.iteration, cursor.position) == (18, 0)
    assert cursor.network.step_count == 17


def test_rebuild_after_an_edit_in_place():
    cursor = Cursor(make_network(), DATA)
    cursor.go_to(4)
    cursor.network.parameters["W1"][0, 0] = 2.5
    cursor.rebuild()
    assert cursor.position == 0
    assert cursor.trace.parameters["W[1,1,1]"] == 2.5
    assert cursor.trace.steps[0].operands[0] == 2.5


def test_a_cursor_on_saved_work_counts_on_from_its_iterations():
    from simulator.presets import load_preset

    preset = load_preset("xor")
    network, data = preset.build_network(), preset.load_data()
    cursor = Cursor(network, data)
    for _ in range(3):
        cursor.finish()
        cursor.step_forward()
    assert cursor.iteration == 4 and cursor.network.step_count == 3
    assert Cursor(cursor.network, data).iteration == 4

"""The controller: snapshots carry the engine's numbers, moves send only what changed, edits
are undoable, and bad input is refused with one sentence and nothing lost."""

import numpy as np
import pytest

from simulator.datasets import Dataset
from simulator.network import LayerActivation, Network
from simulator.notation import format_number
from simulator.optimizers import Optimizer
from simulator.settings import Settings
from simulator.workspace import Workspace
from ui.controller import Controller


def notes_network(batch_size=1):
    """The 2-2-1 sigmoid / bce network of the notes (seed 003)."""
    parameters = {
        "W1": np.array([[0.2, 0.3], [0.4, 0.7]]),
        "b1": np.array([0.1, 0.2]),
        "W2": np.array([[0.5, 0.6]]),
        "b2": np.array([0.3]),
    }
    return Network(
        (2, 2, 1),
        (LayerActivation.of("sigmoid"),) * 2,
        "bce",
        Optimizer("sgd", 0.1),
        parameters,
        batch_size,
    )


class Recorder:
    """Collects what the controller emits."""

    def __init__(self, controller):
        self.steps, self.errors, self.networks = [], [], []
        controller.sigStepChanged.connect(self.steps.append)
        controller.sigError.connect(self.errors.append)
        controller.sigNetworkChanged.connect(self.networks.append)


@pytest.fixture
def controller(qapp):
    controller = Controller()
    controller.load(Workspace(notes_network(), Dataset([[0.5, 0.8]], [[1.0]]), "notes 2-2-1"))
    return controller


def test_each_step_sends_only_the_value_it_computed(controller):
    record = Recorder(controller)
    for step in controller.cursor.trace.steps:
        controller.step_forward()
        view = record.steps[-1]
        assert view.position == step.index and view.current == step
        assert view.texts == {step.key: format_number(step.value)}


def test_stepping_back_blanks_the_value_again(controller):
    record = Recorder(controller)
    controller.step_forward()
    controller.step_back()
    assert record.steps[-1].texts == {"z[1,1]": None}
    assert record.steps[-1].current is None


def test_a_weight_shows_its_old_value_until_its_update(controller):
    record = Recorder(controller)
    controller.go_to(22)
    assert controller.step_view().texts["W[2,1,1]"] == "0.5"
    controller.step_forward()
    assert record.steps[-1].texts == {"W[2,1,1]": "0.5159"}
    update = controller.cursor.current
    assert record.steps[-1].weights == {"W[2,1,1]": update.value}
    assert update.value == pytest.approx(0.5 - 0.1 * update.operands[-1])


def test_passing_the_end_starts_the_next_iteration_with_every_text(controller):
    record = Recorder(controller)
    controller.finish()
    controller.step_forward()
    view = record.steps[-1]
    assert (view.iteration, view.position) == (2, 0)
    assert view.texts["W[1,1,1]"] == "0.2016" and view.texts["z[1,1]"] is None


def test_granularity_moves_a_whole_neuron_or_phase(controller):
    controller.set_granularity("neuron")
    controller.step_forward()
    assert controller.cursor.position == 2
    controller.set_granularity("phase")
    controller.step_forward()
    assert controller.cursor.current.key == "a[2,1]"


def test_editing_a_weight_changes_the_next_weighted_sum_and_undoes(controller):
    controller.go_to(5)
    assert controller.edit_value("W[1,1,1]", "0.25")
    assert controller.undo_stack.undoText() == "Set W[1,1,1] to 0.25"
    assert controller.cursor.position == 0
    controller.step_forward()
    assert controller.cursor.current.value == pytest.approx(0.25 * 0.5 + 0.3 * 0.8 + 0.1)
    controller.undo_stack.undo()
    assert controller.cursor.trace.parameters["W[1,1,1]"] == 0.2
    controller.undo_stack.redo()
    assert controller.cursor.trace.parameters["W[1,1,1]"] == 0.25


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf", "0.2.3"])
def test_a_bad_entry_is_refused_with_one_sentence_and_nothing_changes(controller, text):
    record = Recorder(controller)
    controller.go_to(3)
    before = controller.cursor.network.parameters["W1"].copy()
    assert not controller.edit_value("W[1,1,1]", text)
    assert len(record.errors) == 1 and record.errors[0].endswith(".")
    assert "W[1,1,1]" in record.errors[0]
    assert np.array_equal(controller.cursor.network.parameters["W1"], before)
    assert controller.cursor.position == 3 and controller.undo_stack.count() == 0


def test_an_unchanged_value_pushes_no_command(controller):
    assert not controller.edit_value("W[1,1,1]", "0.2")
    assert controller.undo_stack.count() == 0


def test_editing_an_input_and_a_target_changes_the_data(controller):
    controller.edit_value("a[0,1]", "1.0")
    controller.edit_value("y[1]", "0")
    assert controller.cursor.trace.inputs[0].tolist() == [1.0, 0.8]
    assert controller.cursor.trace.targets[0].tolist() == [0.0]
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert controller.cursor.trace.inputs[0].tolist() == [0.5, 0.8]


def test_new_layer_sizes_rebuild_the_network_with_seeded_weights(controller):
    record = Recorder(controller)
    settings = controller.settings
    wider = Settings((2, 3, 1), ("sigmoid", "sigmoid"), "bce", "sgd", 0.1, 1)
    assert controller.change_settings(wider)
    assert record.networks[-1].settings.sizes == (2, 3, 1)
    assert "W[1,3,2]" in record.networks[-1].parameters
    assert controller.undo_stack.undoText() == "Change layer sizes"
    controller.undo_stack.undo()
    assert controller.settings == settings
    assert controller.cursor.trace.parameters["W[1,1,1]"] == 0.2


def test_a_new_learning_rate_keeps_the_weights(controller):
    controller.change_settings(Settings((2, 2, 1), ("sigmoid", "sigmoid"), "bce", "adam", 0.5, 1))
    assert controller.cursor.network.optimizer.learning_rate == 0.5
    assert controller.cursor.trace.parameters["W[2,1,2]"] == 0.6


@pytest.mark.parametrize(
    "settings, words",
    [
        (Settings((3, 2, 1), ("sigmoid", "sigmoid"), "bce", "sgd", 0.1, 1), "2 inputs"),
        (Settings((2, 2, 1), ("softmax", "sigmoid"), "bce", "sgd", 0.1, 1), "softmax"),
        (Settings((2, 2, 1), ("sigmoid", "sigmoid"), "bce", "sgd", -1.0, 1), "learning rate"),
        (Settings((2, 2, 1), ("sigmoid", "sigmoid"), "bce", "sgd", 0.1, 5), "batch size"),
    ],
)
def test_impossible_settings_are_refused(controller, settings, words):
    record = Recorder(controller)
    assert not controller.change_settings(settings)
    assert words in record.errors[0]
    assert controller.settings.sizes == (2, 2, 1) and controller.undo_stack.count() == 0


def test_a_batch_shows_the_inputs_of_the_sample_being_computed(qapp):
    controller = Controller()
    data = Dataset([[0.5, 0.8], [1.0, 0.0]], [[1.0], [0.0]])
    controller.load(Workspace(notes_network(batch_size=2), data, "batch of two"))
    record = Recorder(controller)
    rows = controller.cursor.trace.rows
    second = next(s for s in controller.cursor.trace.steps if s.sample == 2)
    controller.go_to(second.index)
    view = record.steps[-1]
    assert view.sample == 2 and view.batch_size == 2
    x1 = data.inputs[rows[1], 0]
    assert view.texts["a[0,1]"] == format_number(x1)
    assert view.texts["z[1,1]"] == format_number(second.value)
    assert view.texts["a[1,1]"] is None  # sample 2's activation is not computed yet


def test_a_bad_preset_keeps_the_network(controller, tmp_path):
    record = Recorder(controller)
    path = tmp_path / "broken.json"
    path.write_text("{ not json")
    controller.open_preset(str(path))
    assert len(record.errors) == 1 and controller.workspace.title == "notes 2-2-1"


def test_clicking_a_value_describes_it_without_moving(controller):
    said = []
    controller.sigStatus.connect(said.append)
    controller.go_to(3)
    controller.describe_key("a[1,1]")
    controller.describe_key("z[2,1]")
    assert said == [
        "step 2: a[1,1] = 1/(1+e^(-0.44)) = 0.6083",
        "z[2,1] is not computed yet at this step",
    ]
    assert controller.cursor.position == 3


def test_switching_a_layer_to_prelu_and_back_gives_and_takes_its_learned_alpha():
    from dataclasses import replace

    controller = Controller()
    controller.open_preset("notes-2-2-1-sigmoid-bce")
    settings = controller.settings
    controller.change_settings(replace(settings, activations=("prelu", "sigmoid")))
    assert "alpha1" in controller.cursor.network.parameters
    assert controller.cursor.trace.find("dL/dalpha[1]") is not None
    controller.change_settings(replace(settings, activations=("relu", "sigmoid")))
    assert "alpha1" not in controller.cursor.network.parameters
    assert controller.cursor.trace.find("dL/dalpha[1]") is None


def test_a_controller_with_undoable_edits_is_freed_without_the_garbage_collector(qapp):
    """Its undo commands do not hold it: a controller dropped with edits on its stack goes at
    once, not in a later garbage collection (which destroyed it from the middle of Qt's own
    teardown and crashed the process: test_controller.py run alone ended in a segfault)."""
    import gc
    import weakref

    gc.disable()
    try:
        controller = Controller()
        controller.open_preset("notes-2-2-1-sigmoid-bce")
        controller.edit_value("W[1,1,1]", "0.25")
        controller.edit_value("W[1,2,1]", "0.5")
        controller.undo_stack.undo()
        assert controller.undo_stack.count() == 2
        freed = weakref.ref(controller)
        del controller
        assert freed() is None
    finally:
        gc.enable()

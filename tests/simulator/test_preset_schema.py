"""The JSON Schema shipped for presets: it accepts every bundled preset and every documented
example, it names exactly the fields the reader accepts, and both refuse the same mistakes.

jsonschema validates the schema as other tools will; the reader (simulator/presets.py) stays
the authority, so the schema's limits are checked against it, field by field.
"""

import copy
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from networks import notes_preset_dict

from simulator import checker, limits, preset_fields
from simulator.activations import ACTIVATIONS
from simulator.checker import PresetError
from simulator.datasets import DATASETS
from simulator.grading import VERDICTS
from simulator.keys import KEY_PATTERN, STEP_KEY_PATTERN
from simulator.losses import LOSSES
from simulator.presets import Preset, bundled_folder, bundled_names

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCK = re.compile(r"^```(json[^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def schema() -> dict:
    """The schema as installed: package data of `simulator`."""
    text = (resources.files("simulator") / "preset_schema.json").read_text(encoding="utf-8")
    return json.loads(text)


VALIDATOR = jsonschema.Draft202012Validator(schema())


def doc_blocks():
    """(page, fence info, parsed JSON) of every ```json block in docs/."""
    for page in sorted(DOCS.glob("*.md")):
        for info, body in BLOCK.findall(page.read_text(encoding="utf-8")):
            yield page.name, info.strip(), json.loads(body)


def write_csv(path: Path, data: dict) -> None:
    """Rows for a documented CSV preset: one input column per neuron of layer 0, then its
    target columns, or its label column with one row of each class the output layer has."""
    inputs = [f"x{i}" for i in range(data["layers"][0])]
    spec = data["data"]
    if "label" in spec:
        classes = max(2, data["layers"][-1])
        rows = [",".join(["0"] * len(inputs) + [f"class{k}"]) for k in range(classes)]
        path.write_text(",".join([*inputs, spec["label"]]) + "\n" + "\n".join(rows) + "\n")
    else:
        header = ",".join(inputs + spec["targets"])
        path.write_text(header + "\n" + "0," * len(inputs) + "1\n")


def doc_presets(tmp_path: Path) -> list:
    """The documented presets that the code reads today, as (name, data, path): a CSV they
    name is written next to the path, with the target columns and one input per neuron."""
    presets = []
    for page, info, data in doc_blocks():
        if info == "json" and "format" in data:
            path = tmp_path / f"{len(presets)}.json"
            if "csv" in data["data"]:
                write_csv(tmp_path / data["data"]["csv"], data)
            presets.append((f"{page}: {data['name']}", data, path))
    return presets


def read(data, path=None):
    """The reader's verdict: None when it accepts the preset, else its sentence."""
    try:
        Preset.from_dict(data, "example.json", path)
    except PresetError as error:
        return str(error)
    return None


def test_the_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_preset_fits_the_schema(name):
    data = json.loads((bundled_folder() / f"{name}.json").read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(data)) == []


def test_every_documented_preset_fits_the_schema_and_the_reader(tmp_path):
    presets = doc_presets(tmp_path)
    assert len(presets) >= 10  # one example per feature
    for name, data, path in presets:
        assert [e.message for e in VALIDATOR.iter_errors(data)] == [], name
        assert read(data, path) is None, name


def test_coming_examples_are_not_read_yet():
    """A ```json coming block uses a field the code does not read yet: when it does, this
    fails, and the block becomes ```json (checked above) and the page drops '(coming)'."""
    coming = [data for _, info, data in doc_blocks() if info == "json coming"]
    for data in coming:  # none left since names and why are read: the next design adds some
        assert read(data) is not None
        assert not VALIDATOR.is_valid(data)


def graded(tmp_path, capsys) -> dict:
    """`grade --json` of the bundled notes' preset, with an answer for the first two steps."""
    from ui.cli import main

    answers = tmp_path / "answers.csv"
    answers.write_text("key,value\nz[1,1],0.44\na[1,1],0.6\n", encoding="utf-8")
    assert main(["grade", "notes-2-2-1-sigmoid-bce", str(answers), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_documented_outputs_have_exactly_the_fields_written(tmp_path, capsys):
    from simulator.cursor import Cursor
    from simulator.presets import load_preset
    from simulator.training import train
    from ui.cli import main

    preset = load_preset("notes-2-2-1-sigmoid-bce")
    step = Cursor(preset.build_network(), preset.load_data()).trace.steps[0]
    main(["check", "notes-2-2-1-sigmoid-bce", "--json"])
    check_row = json.loads(capsys.readouterr().out)["rows"][0]
    history = train(preset.build_network(), preset.load_data(), 1)
    grade = graded(tmp_path, capsys)
    written = {
        "json trace": set(step.to_dict()),
        "json check": set(check_row),
        "json train": set(json.loads(history.to_json())),
        "json grade": set(grade),
    }
    shown = {info: [] for info in written}
    for _, info, data in doc_blocks():
        if info in shown:
            shown[info].append(data)
    for info, fields in written.items():
        assert shown[info] and all(set(data) == fields for data in shown[info]), info
    epochs = shown["json train"][0]["epochs"]
    assert set(epochs[0]) == set(json.loads(history.to_json())["epochs"][0])
    for data in shown["json grade"]:
        assert data["verdicts"] and data["score"]
        assert all(set(v) == set(grade["verdicts"][0]) for v in data["verdicts"])
        assert all(set(row) == set(grade["score"][0]) for row in data["score"])
        assert {v["verdict"] for v in data["verdicts"]} <= set(VERDICTS)


# --- The schema and the reader name the same fields -------------------------------------------


def accepted_fields(tmp_path, monkeypatch) -> dict:
    """Every object's field list as the reader checks it (Checker.only), reading every bundled
    and documented preset: {where: allowed fields}."""
    seen = {}
    only = checker.Checker.only

    def spy(self, data, prefix, allowed, owner):
        where = re.sub(r"\[\d+\]", "[]", prefix) + (f" {owner}" if prefix == "data." else "")
        seen.setdefault(where if not prefix.startswith("optimizer.") else owner, set(allowed))
        return only(self, data, prefix, allowed, owner)

    monkeypatch.setattr(checker.Checker, "only", spy)
    folder = bundled_folder()
    for name in bundled_names():
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert read(data, folder / f"{name}.json") is None
    for name, data, path in doc_presets(tmp_path):
        assert read(data, path) is None, name
    return seen


def schema_fields() -> dict:
    """The same lists from the schema."""
    top = schema()
    properties = top["properties"]
    data = {variant["required"][0]: variant for variant in properties["data"]["oneOf"]}
    activation_objects = [v for v in top["$defs"]["activation"]["oneOf"] if "properties" in v]
    return {
        "": set(properties),
        "activations[].": set().union(*(v["properties"] for v in activation_objects)),
        "init.": set(properties["init"]["properties"]),
        "data. inline data": set(data["inputs"]["properties"]),
        "data. a generated dataset": set(data["dataset"]["properties"]),
        "data. CSV data": set(data["csv"]["properties"]),
        "hand_worked[].": set(properties["hand_worked"]["items"]["properties"]),
        **{
            f"the {v['properties']['name']['const']} optimizer": set(v["properties"])
            for v in properties["optimizer"]["oneOf"]
        },
    }


def test_schema_and_reader_accept_the_same_fields(tmp_path, monkeypatch):
    reader = accepted_fields(tmp_path, monkeypatch)
    assert set(reader.pop("")) == set(preset_fields.FIELDS)
    reader[""] = set(preset_fields.FIELDS)
    state = {k: v for k, v in reader.items() if k.startswith("optimizer_state.")}
    for where in state:
        reader.pop(where)
    assert reader == schema_fields()
    state_names = schema()["properties"]["optimizer_state"]["additionalProperties"]
    assert set().union(*(v for k, v in state.items() if k.count(".") == 2)) <= set(
        state_names["propertyNames"]["enum"]
    )


def test_schema_and_reader_agree_on_the_choices():
    top = schema()
    properties, activation = top["properties"], top["$defs"]["activation"]["oneOf"]
    assert set(activation[0]["enum"]) == set(ACTIVATIONS)
    with_alpha = {name for name, a in ACTIVATIONS.items() if a.default_alpha is not None}
    assert set(activation[1]["properties"]["name"]["enum"]) == with_alpha
    assert set(activation[2]["properties"]["name"]["enum"]) == set(ACTIVATIONS) - with_alpha
    assert set(properties["loss"]["enum"]) == set(LOSSES)
    assert set(properties["init"]["properties"]["scheme"]["enum"]) == set(
        preset_fields.INIT_SCHEMES
    )
    datasets = [v for v in properties["data"]["oneOf"] if "dataset" in v["properties"]]
    assert tuple(datasets[0]["properties"]["dataset"]["enum"]) == DATASETS
    entry = properties["hand_worked"]["items"]["properties"]
    assert entry["key"]["pattern"] == f"^(?:{STEP_KEY_PATTERN})$"
    assert properties["asks"]["items"]["pattern"] == f"^(?:{STEP_KEY_PATTERN})$"
    assert entry["value"]["anyOf"][1]["pattern"] == rf"^\s*{preset_fields._DECIMAL.pattern}\s*$"
    names = properties["names"]
    assert names["propertyNames"]["pattern"] == f"^(?:{KEY_PATTERN})$"
    assert names["additionalProperties"]["maxLength"] == limits.MAX_NAME_CHARS
    assert names["maxProperties"] == limits.MAX_NAMES


# --- Both refuse the same mistakes -----------------------------------------------------------


def changed(path: str, value=None, remove=False):
    """notes_preset_dict() with the field at a dotted path (numbers index lists) set or removed."""
    data = copy.deepcopy(notes_preset_dict())
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = data
    for part in parents:
        target = target[part]
    if remove:
        del target[last]
    else:
        target[last] = value
    return data


SEEDED = {"init": {"scheme": "he", "seed": 0}}
BOTH_REFUSE = {
    "no format": changed("format", remove=True),
    "format 2": changed("format", 2),
    "no name": changed("name", remove=True),
    "blank name": changed("name", "   "),
    "name not text": changed("name", 3),
    "unknown field": changed("colour", "red"),
    "layers not a list": changed("layers", "2-2-1"),
    "one layer": changed("layers", [2]),
    "empty layer": changed("layers", [2, 0, 1]),
    "layer size as text": changed("layers", [2, "2", 1]),
    "unknown activation": changed("activations.0", "gelu"),
    "alpha on sigmoid": changed("activations.0", {"name": "sigmoid", "alpha": 0.1}),
    "negative alpha": changed("activations.0", {"name": "elu", "alpha": -1}),
    "unknown activation field": changed("activations.0", {"name": "elu", "beta": 1}),
    "unknown loss": changed("loss", "hinge"),
    "optimizer as text": changed("optimizer", "sgd"),
    "unknown optimizer": changed("optimizer", {"name": "lion", "learning_rate": 0.1}),
    "no learning rate": changed("optimizer", {"name": "sgd"}),
    "zero learning rate": changed("optimizer.learning_rate", 0),
    "beta on sgd": changed("optimizer", {"name": "sgd", "learning_rate": 0.1, "beta": 0.9}),
    "beta of 1": changed("optimizer", {"name": "momentum", "learning_rate": 0.1, "beta": 1}),
    "zero eps": changed("optimizer", {"name": "adam", "learning_rate": 0.1, "eps": 0}),
    "batch size 0": changed("batch_size", 0),
    "batch size true": changed("batch_size", True),
    "negative seed": changed("seed", -1),
    "negative epoch": changed("epoch", -2),
    "weights without biases": changed("biases", remove=True),
    "neither weights nor init": {
        k: v for k, v in notes_preset_dict().items() if k not in ("weights", "biases")
    },
    "weights and init": changed("init", SEEDED["init"]),
    "unknown init scheme": {
        **{k: v for k, v in notes_preset_dict().items() if k not in ("weights", "biases")},
        "init": {"scheme": "lecun"},
    },
    "weight as text": changed("weights.0.0.0", "0.2"),
    "no data": changed("data", remove=True),
    "two data sources": changed("data.dataset", "xor"),
    "unknown dataset": changed("data", {"dataset": "iris"}),
    "no samples": changed("data", {"dataset": "xor", "samples": 0}),
    "negative noise": changed("data", {"dataset": "xor", "noise": -0.1}),
    "CSV without targets": changed("data", {"csv": "x.csv"}),
    "empty inputs": changed("data.inputs", []),
    "hand-worked key unknown": changed("hand_worked.0.key", "h[1]"),
    "hand-worked value words": changed("hand_worked.0.value", "about 0.44"),
    "hand-worked value missing": changed("hand_worked.0", {"key": "z[1,1]"}),
    "hand-worked extra field": changed("hand_worked.0.page", 3),
    "state for sgd": changed("optimizer_state", {"W1": {"v": [[0, 0], [0, 0]]}}),
    "why not text": changed("hand_worked.0.why", 3),
    "names as a list": changed("names", ["w21"]),
    "a name for no key": changed("names", {"w21": "w21"}),
    "a name for a key's index": changed("names", {"W[1,1,02]": "w21"}),
    "an empty name": changed("names", {"W[1,1,2]": " "}),
    "a name with a backtick": changed("names", {"W[1,1,2]": "w`21"}),
    "a name too long": changed("names", {"W[1,1,2]": "w" * 41}),
    "a name not text": changed("names", {"W[1,1,2]": 21}),
}
# What only the reader can check (the schema cannot relate one field to another's size).
READER_ONLY = {
    "too few activations": changed("activations", ["sigmoid"]),
    "softmax in a hidden layer": changed("activations.0", "softmax"),
    "cce over sigmoid": changed("loss", "cce"),
    "weights of the wrong shape": changed("weights.0", [[0.2, 0.3]]),
    "targets of the wrong width": changed("data.targets", [[1.0, 0.0]]),
    "a key of another network": changed("hand_worked.0.key", "z[3,1]"),
    "a named key of another network": changed("names", {"W[1,3,1]": "w13"}),
    "CSV file not there": changed("data", {"csv": "missing.csv", "targets": ["y"]}),
    "2.0 for a whole number": changed("batch_size", 2.0),
}


def test_the_base_preset_is_accepted_by_both():
    assert read(notes_preset_dict()) is None and VALIDATOR.is_valid(notes_preset_dict())


@pytest.mark.parametrize("mistake", sorted(BOTH_REFUSE))
def test_schema_and_reader_refuse_the_same_mistake(mistake):
    data = BOTH_REFUSE[mistake]
    assert read(data) is not None, "the reader accepts it"
    assert not VALIDATOR.is_valid(data), "the schema accepts it"


@pytest.mark.parametrize("mistake", sorted(READER_ONLY))
def test_what_only_the_reader_refuses(mistake):
    data = READER_ONLY[mistake]
    assert read(data) is not None
    assert VALIDATOR.is_valid(data)  # if the schema learns this, move it to BOTH_REFUSE


def test_the_documented_fields_are_every_field_read(tmp_path, monkeypatch):
    page = (DOCS / "preset-format.md").read_text(encoding="utf-8")
    fields = set().union(*accepted_fields(tmp_path, monkeypatch).values())
    fields = {f for f in fields if not re.fullmatch(r"(?:W|b|alpha)\d+", f)}
    assert {f for f in fields if f"`{f}`" not in page} == set()


# --- The documented limits are the program's ---------------------------------------------------

# Limits that no reader applies, so the page does not list them.
UNAPPLIED_LIMITS = set()  # every limit in simulator/limits.py is applied somewhere


def documented_limits() -> dict:
    """{name in simulator/limits.py: the 'at most' cell} from the Limits table of the page."""
    page = (DOCS / "preset-format.md").read_text(encoding="utf-8")
    section = page.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and cells[2].startswith("`"):
            rows[cells[2].strip("`")] = cells[1]
    return rows


def documented_number(text: str):
    """'1,024' -> 1024, '128 MiB' -> 134217728, '7680x4320' -> (7680, 4320)."""
    text = text.replace(",", "")
    if text.endswith(" MiB"):
        return int(text.removesuffix(" MiB")) * 2**20
    if "x" in text:
        return tuple(int(part) for part in text.split("x"))
    return int(text)


def limit_value(name: str):
    text_limit = re.fullmatch(r'TEXT_LIMITS\["(\w+)"\]', name)
    return limits.TEXT_LIMITS[text_limit.group(1)] if text_limit else getattr(limits, name)


def test_the_documented_limits_are_the_modules_numbers():
    rows = documented_limits()
    assert {name: documented_number(text) for name, text in rows.items()} == {
        name: limit_value(name) for name in rows
    }


def test_every_limit_is_documented():
    names = {name for name in vars(limits) if name.isupper() and name != "TEXT_LIMITS"}
    names |= {f'TEXT_LIMITS["{field}"]' for field in limits.TEXT_LIMITS}
    assert set(documented_limits()) == names - UNAPPLIED_LIMITS


def test_the_command_line_page_gives_the_option_limits():
    from simulator.worksheet import MAX_VARIANTS
    from ui.plots.figure import MIN_SIZE

    page = (DOCS / "command-line.md").read_text(encoding="utf-8")
    most = "x".join(map(str, limits.MAX_SCREENSHOT))
    for text in (
        f"0 to {limits.MAX_GUI_STEPS:,}",
        f"from 320x240 to {most}",  # gui --size (ui/cli.py)
        f"from {MIN_SIZE[0]}x{MIN_SIZE[1]} to {most}",  # train --size
        f"At most {limits.MAX_HANDOUT_STEPS:,} steps",
        f"more than {limits.MAX_DIAGRAM_WEIGHTS:,} weights",
        f"1 to {MAX_VARIANTS}",
    ):
        assert text in page

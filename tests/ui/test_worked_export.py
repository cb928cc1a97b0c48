"""The worked-solution handout: every step's formula with the trace's own numbers."""

import html
import json
import re

import pytest

from simulator.presets import Preset, load_preset
from simulator.workspace import Workspace
from ui.cli import main
from ui.worked_export import Worked, to_html, to_markdown, write_worked


@pytest.fixture
def worked():
    return Worked.of(Workspace.open("notes-2-2-1-sigmoid-bce"))


def test_markdown_holds_every_formula_of_the_trace(worked):
    text = to_markdown(worked)
    for step in worked.trace.steps:
        assert f"{step.index}. `{step.formula()}`" in text
    assert "## Forward propagation" in text and "## Weight update" in text
    assert (
        text.index("## Forward propagation")
        < text.index("## Loss")
        < text.index("## Backward propagation")
        < text.index("## Weight update")
    )


def test_markdown_marks_the_notes_slip(worked):
    text = to_markdown(worked)
    line = next(line for line in text.splitlines() if "`dL/da[2,1] =" in line)
    assert "-0.262" in line and "does not match" in line
    assert "7 of 24 values match; 17 do not." in text


def test_digits_are_settable(worked):
    text = to_markdown(worked, digits=6)
    assert worked.trace.find("a[1,1]").formula(6) in text
    assert "0.608259" in text


def test_html_holds_every_formula_escaped(worked):
    page = to_html(worked, diagram_png=b"\x89PNG")
    for step in worked.trace.steps:
        assert html.escape(step.formula()) in page
    assert page.count("class='mismatch'") >= 17


@pytest.mark.parametrize("suffix", [".md", ".html", ".pdf"])
def test_each_format_is_written(worked, tmp_path, suffix):
    path = tmp_path / f"handout{suffix}"
    write_worked(worked, path)
    data = path.read_bytes()
    if suffix == ".pdf":
        assert data.startswith(b"%PDF") and len(data) > 10_000
    else:
        assert b"z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44" in data
    if suffix == ".md":
        assert (tmp_path / "handout.png").read_bytes().startswith(b"\x89PNG")


def test_command_line_export(tmp_path, capsys):
    path = tmp_path / "worked.md"
    assert main(["export", "notes-chain-sigmoid", "--worked", str(path)]) == 0
    assert "z[1,1] = 0.01*95 + 0.02*4 + 0.03*4 + 0.01 = 1.16" in path.read_text()
    assert "| 0.51129 | 0.511305 | **mismatch** |" in path.read_text()


HOSTILE_TEXT = "<script>alert(1)</script> <img src=x onerror=alert(1)> [site](javascript:go) |*_`"


@pytest.fixture
def hostile():
    """The notes' preset with markup in every text a preset carries."""
    data = load_preset("notes-2-2-1-sigmoid-bce").to_dict()
    data |= {"name": HOSTILE_TEXT + "\n# heading", "description": HOSTILE_TEXT}
    data["source"] = HOSTILE_TEXT
    data["hand_worked"][0]["label"] = HOSTILE_TEXT
    return Worked.of(Workspace.from_preset(Preset.from_dict(data, "hostile.json")))


def test_markdown_handout_keeps_a_presets_markup_inert(hostile):
    text = to_markdown(hostile)
    assert "<script" not in text and "<img" not in text
    assert text.count("&lt;script&gt;") == 5  # title, description, source, mark, table
    assert not re.search(r"(?<!\\)\]\(", text) and "\n# heading" not in text  # no link
    row = next(line for line in text.splitlines() if line.startswith("| `z[1,1]`"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # still five cells


def test_html_handout_keeps_a_presets_markup_inert(hostile):
    page = to_html(hostile)
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") == 6  # <title>, heading, description, source, mark, table


def network_preset(tmp_path, layers):
    """A preset file of a seeded relu network with these layer sizes and one sample."""
    data = {
        "format": 1,
        "name": "wide",
        "layers": layers,
        "activations": ["relu"] * (len(layers) - 2) + ["sigmoid"],
        "init": {"scheme": "he", "seed": 0},
        "loss": "bce",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "data": {"inputs": [[0.5] * layers[0]], "targets": [[1.0]]},
    }
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_network_too_large_to_draw_gets_a_handout_without_a_diagram(tmp_path, capsys):
    out = tmp_path / "worked.md"
    assert (
        main(["export", str(network_preset(tmp_path, [2, 64, 32, 1])), "--worked", str(out)]) == 0
    )
    assert "The network has 2,208 weights, too many to draw." in out.read_text()
    assert not out.with_suffix(".png").exists()


def test_a_handout_too_long_to_print_is_refused(tmp_path, capsys):
    path = network_preset(tmp_path, [2, 128, 128, 128, 128, 1])
    assert main(["export", str(path), "--worked", str(tmp_path / "worked.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"backprop-sim: {path}: field 'layers' should make an iteration")
    assert "at most 20,000 steps" in err and "got 102,151 steps" in err

"""The worked-solution handout: every step's formula with the trace's own numbers."""

import html
import json
import re
import shutil

import pytest

from simulator.presets import Preset, load_preset
from simulator.workspace import Workspace
from ui.cli import main
from ui.worked_export import Worked, to_html, to_markdown
from ui.worked_files import write_worked


@pytest.fixture
def worked():
    return Worked.of(Workspace.open("notes-2-2-1-sigmoid-bce"), "layer")


@pytest.fixture
def named():
    return Worked.of(Workspace.open("notes-2-2-1-sigmoid-bce"))  # the notes' names, the default


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


def test_markdown_marks_the_notes_slip_and_what_inherits_it(worked):
    text = to_markdown(worked)
    line = next(line for line in text.splitlines() if "`dL/da[2,1] =" in line)
    assert "-0.262" in line and "**slip** (The notes write dL/dO = -1/O" in line
    line = next(line for line in text.splitlines() if "`dL/dW[1,1,2] =" in line)
    assert "-0.00486 (dL/dw21), **inherits the slip in dL/da\\[2,1\\]**" in line
    assert "7 of 24 values match; 1 is a slip and 16 inherit it." in text
    assert (
        "| `dL/dz[2,1]` | dL/dz0 | -0.051 | -0.2615 | **inherits the slip in dL/da\\[2,1\\]** |"
        in text
    )


def test_the_handout_in_the_notes_names(named):
    text = to_markdown(named)
    for step in named.trace.steps:
        assert f"{step.index}. `{named.names.formula(step)}`" in text
    assert "1. `Z1 = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44`" in text
    assert "`w1 = 0.5 - 0.1*(-0.1591) = 0.5159`" in text
    assert "**inherits the slip in dL/dO**" in text
    # the notes number weights from-to: said once, before the steps
    assert text.count("The notes number a weight from-to: w21 is the weight from x2 to H1") == 1
    assert text.index("from-to") < text.index("## Forward propagation")
    page = to_html(named, diagram_png=b"\x89PNG")
    assert page.count("from-to") == 1
    assert html.escape("dL/dw21 = (-0.03116)*0.8 = -0.02493") in page


def test_digits_are_settable(worked):
    text = to_markdown(worked, digits=6)
    assert worked.trace.find("a[1,1]").formula(6) in text
    assert "0.608259" in text


def test_html_holds_every_formula_escaped(worked):
    page = to_html(worked, diagram_png=b"\x89PNG")
    for step in worked.trace.steps:
        assert html.escape(step.formula()) in page
    assert page.count("class='mismatch'") == 2  # the slip: its step and its table row
    assert page.count("class='inherited'") == 2 * 16
    assert page.count("class='match'") == 2 * 7


@pytest.mark.parametrize("suffix", [".md", ".html", ".pdf"])
def test_each_format_is_written(worked, tmp_path, suffix):
    path = tmp_path / f"handout{suffix}"
    write_worked(worked, path)
    data = path.read_bytes()
    if suffix == ".pdf":
        assert data.startswith(b"%PDF") and len(data) > 10_000
    else:
        assert b"z[1,1] = 0.2*0.5 + 0.3*0.8 + 0.1 = 0.44" in data
    if suffix == ".md":  # the picture is named after the handout
        assert (tmp_path / "handout-network.png").read_bytes().startswith(b"\x89PNG")


def test_command_line_export(tmp_path, capsys):
    path = tmp_path / "worked.md"
    layer = ["--notation", "layer"]
    assert main(["export", "notes-chain-sigmoid", "--worked", str(path), *layer]) == 0
    assert "z[1,1] = 0.01*95 + 0.02*4 + 0.03*4 + 0.01 = 1.16" in path.read_text()
    assert "| 0.51129 | 0.511305 | **inherits the slip in z\\[1,1\\]** |" in path.read_text()
    assert main(["export", "notes-chain-sigmoid", "--worked", str(path)]) == 0
    assert "Z = 0.01*95 + 0.02*4 + 0.03*4 + 0.01 = 1.16" in path.read_text()
    assert "O2 = 1/(1+e^(-0.04523)) = 0.5113" in path.read_text()
    assert "| 0.51129 | 0.511305 | **inherits the slip in Z** |" in path.read_text()


def test_a_mini_batch_handout_walks_one_sample_then_the_batch_mean_and_update():
    moons = Workspace.open("moons")  # batch of 16
    worked = Worked.of(moons)
    text = to_markdown(worked)
    assert "*(sample 1, row" in text and "*(sample 2, row" not in text
    trace = moons.first_trace()
    shared = [s for s in trace.steps if s.sample is None]  # batch means and updates
    assert shared and all(f"{s.index}. `{worked.names.formula(s)}`" in text for s in shared)
    third = to_markdown(Worked.of(moons, sample=3))
    assert "*(sample 3, row" in third and "*(sample 1, row" not in third
    assert "16 samples: the steps work sample 3 through" in third
    with pytest.raises(ValueError, match="1 to 16"):
        Worked.of(moons, sample=17)


def pdf_text(path):
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_the_pdf_never_breaks_a_word_or_number_and_numbers_its_pages(worked, tmp_path):
    path = tmp_path / "notes.pdf"
    pages = write_worked(worked, path)
    text = pdf_text(path)
    words = set(text.split())
    inherited = sum(c.status == "inherited" for c in worked.comparisons)
    assert inherited == 16 and text.count("inherits") == 2 * inherited  # a step's mark, a row
    assert not [w for w in words if "inherits".startswith(w) and 3 <= len(w) < 7]  # whole
    for c in worked.comparisons:
        assert c.written in words
    for step in worked.trace.steps:
        assert step.formula().split(" = ")[-1] in words  # each result whole
    count = pages[-1] + 1
    assert all(f"page {n} of {count}" in text for n in range(1, count + 1))


def test_headings_stay_with_what_follows_and_rows_repeat_their_header(worked):
    from ui.handout_pdf import place
    from ui.worked_pdf import pdf_blocks

    blocks = pdf_blocks(worked, 4, None)
    heights = [30.0 if b.keep_with_next else 50.0 for b in blocks]
    headers = [20.0 if b.header else 0.0 for b in blocks]
    pages = place(heights, headers, [b.keep_with_next for b in blocks], [0.0] * len(blocks), 400)
    for index, block in enumerate(blocks[:-1]):
        if block.keep_with_next:
            assert pages[index] == pages[index + 1]
    assert place([300, 300], [0, 0], [False, False], [0, 0], 500) == [0, 1]  # never split
    assert place([100, 100, 100], [0, 40, 40], [False] * 3, [0] * 3, 250) == [0, 0, 1]


def test_a_path_that_cannot_be_written_exits_2_with_a_sentence(capsys, tmp_path):
    assert main(["export", "xor", "--worked", str(tmp_path / "none" / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "wrote" not in err
    assert not (tmp_path / "none").exists()


def test_a_handout_never_replaces_another_file_silently(capsys, tmp_path):
    mine = tmp_path / "moons-network.png"
    mine.write_bytes(b"my own picture")
    handout = tmp_path / "moons.md"
    assert main(["export", "moons", "--worked", str(handout)]) == 2
    assert "moons-network.png already exists" in capsys.readouterr().err
    assert mine.read_bytes() == b"my own picture" and not handout.exists()
    other = tmp_path / "class.md"
    assert main(["export", "moons", "--worked", str(other)]) == 0
    assert main(["export", "moons", "--worked", str(other)]) == 0  # its own picture: renewed
    assert (tmp_path / "moons.png").exists() is False


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
    assert not out.with_suffix(".png").exists() and not out.with_name("worked-network.png").exists()


def test_a_handout_too_long_to_print_is_refused(tmp_path, capsys):
    path = network_preset(tmp_path, [2, 128, 128, 128, 128, 1])
    assert main(["export", str(path), "--worked", str(tmp_path / "worked.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"backprop-sim: {path}: field 'layers' should make an iteration")
    assert "at most 20,000 steps" in err and "got 102,151 steps" in err

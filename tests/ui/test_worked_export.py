"""The worked-solution handout: every step's formula with the trace's own numbers."""

import html

import pytest

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

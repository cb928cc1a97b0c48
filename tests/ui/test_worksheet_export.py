"""Worksheet files: the layout of the folder, blanks and answers, and the same bytes every time."""

import re

import pytest

from simulator.notation import format_number
from simulator.presets import load_preset
from simulator.worksheet import make_sheets
from ui.worksheet_export import overview_csv, write_worksheets

NOTES = load_preset("notes-2-2-1-sigmoid-bce")
PER_VARIANT = (".json", "-answers.csv", "-worksheet.html", "-worksheet.pdf", "-key.html")
PER_VARIANT += ("-key.pdf",)
OVERVIEW = ("answer-keys.html", "answer-keys.pdf", "answer-keys.csv")


def files(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


class Written(dict):
    """Two folders from the same seed and one from another, each written when a test first asks
    for it (the suite's workers each run only some of these tests)."""

    SEEDS = {"first": 7, "again": 7, "other": 8}

    def __init__(self, tmp_path_factory):
        super().__init__()
        self.tmp_path_factory = tmp_path_factory

    def __missing__(self, name):
        folder = self[name] = self.tmp_path_factory.mktemp(name)
        sheets = make_sheets(NOTES, 2, self.SEEDS[name], kinds=("forward", "backward"))
        write_worksheets(sheets, folder)
        return folder


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return Written(tmp_path_factory)


def test_the_folder_holds_each_variant_and_the_overview(written):
    expected = {f"variant-0{n}{end}" for n in (1, 2) for end in PER_VARIANT} | set(OVERVIEW)
    assert set(files(written["first"])) == expected


def test_the_same_seed_gives_byte_identical_files(written):
    first, again = files(written["first"]), files(written["again"])
    assert first.keys() == again.keys()
    for name in first:
        assert first[name] == again[name], name


def test_another_seed_gives_other_numbers(written):
    first, other = files(written["first"]), files(written["other"])
    for name in ("variant-01.json", "variant-01-worksheet.html", "answer-keys.csv"):
        assert first[name] != other[name], name


def test_pdfs_carry_a_fixed_date(written):
    data = files(written["first"])["variant-01-key.pdf"]
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert re.findall(rb"/CreationDate \(D:(\d{14})", data) == [b"20000101000000"]


def test_the_worksheet_has_blanks_where_the_key_has_answers(written):
    (sheet, _) = make_sheets(NOTES, 2, 7, kinds=("forward", "backward"))
    page = (written["first"] / "variant-01-worksheet.html").read_text()
    key = (written["first"] / "variant-01-key.html").read_text()
    assert "<img src='data:image/png;base64," in page
    for index in sheet.asked:
        step = sheet.trace.steps[index - 1]
        assert step.formula() not in page.replace("&#x27;", "'")  # the answer is not given away
        assert f"<code>{step.symbolic.replace('>', '&gt;')} =</code>" in page
        assert step.formula() in key
    loss = sheet.trace.find("L")  # not asked: shown worked, on both
    assert loss.index not in sheet.asked and loss.formula() in page and loss.formula() in key


def test_the_overview_lists_every_asked_answer(written):
    sheets = make_sheets(NOTES, 2, 7, kinds=("forward", "backward"))
    rows = overview_csv(sheets, 4).splitlines()
    assert rows[0] == "variant,key,value"
    assert len(rows) == 1 + sum(len(s.asked) for s in sheets)
    first = sheets[0].trace.steps[sheets[0].asked[0] - 1]
    assert rows[1] == f'variant-01,"{first.key}",{format_number(first.value)}'
    assert (written["first"] / "answer-keys.csv").read_text() == overview_csv(sheets, 4)


def test_each_phase_is_a_section_with_its_title(written):
    page = (written["first"] / "variant-01-worksheet.html").read_text()
    assert re.findall(r"<h2>([^<]*)</h2>", page) == [
        "Forward propagation", "Loss", "Backward propagation", "Weight update",
    ]  # fmt: skip

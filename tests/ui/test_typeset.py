"""The engine's formula text typeset as the notes write it: separated indices, raised powers,
minus signs, a case expression for a conditional, and line breaks only between terms."""

import pytest

from ui.panels.typeset import Case, formula_html, rich_formula, split_cases


@pytest.mark.parametrize(
    "text, rich",
    [
        ("W[2,1,2]", "<i>w</i><sup>[2]</sup><sub>1,2</sub>"),
        ("W[3,1,14]", "<i>w</i><sup>[3]</sup><sub>1,14</sub>"),  # not w^[3]_114
        ("dL/da[2,1]", "∂L/∂<i>a</i><sup>[2]</sup><sub>1</sub>"),
        ("a[0,2]", "<i>x</i><sub>2</sub>"),
        ("y[1]", "<i>y</i><sub>1</sub>"),
        ("1/(1+e^(-0.44))", "1/(1+e<sup>−0.44</sup>)"),
        ("0.5 - 0.1*(-0.1591)", "0.5&nbsp;− 0.1&nbsp;·&nbsp;(−0.1591)"),
        ("eta*(1-beta1^t)", "η&nbsp;·&nbsp;(1−β<sub>1</sub><sup>t</sup>)"),
        ("2.531e-05 + 1e-08", "2.531×10<sup>−5</sup>&nbsp;+ 1×10<sup>−8</sup>"),
        ("sqrt(0.002531) + eps", "√(0.002531)&nbsp;+ ε"),
    ],
)
def test_formula_typesetting(text, rich):
    assert rich_formula(text) == rich


def test_a_line_breaks_only_after_plus_minus_or_equals():
    rich = rich_formula("z[2,1] = 0.5*0.6083 + 0.6*0.7231 + 0.3")
    breakable = [rich[:index].rsplit("&nbsp;", 1)[-1] for index, c in enumerate(rich) if c == " "]
    assert breakable == ["=", "+", "+"]


@pytest.mark.parametrize(
    "text, parts",
    [
        ("(-1.354) * (1 if 1.5 > 0, 0 otherwise)", ["(-1.354) * ", Case("1", "1.5 > 0", "0"), ""]),
        (
            "1.096 if 1.096 > 0, 1*(e^1.096-1) otherwise",
            ["", Case("1.096", "1.096 > 0", "1*(e^1.096-1)"), ""],
        ),
        ("max(0, 1.1)", ["max(0, 1.1)"]),
        ("0.9*0 + (1-0.9)*(-0.1591)", ["0.9*0 + (1-0.9)*(-0.1591)"]),
    ],
)
def test_conditionals_are_found_with_their_brackets(text, parts):
    assert split_cases(text) == parts


def test_a_conditional_is_a_case_expression_beside_a_brace():
    line = formula_html("= (-1.354) * (1 if 1.5 > 0, 0 otherwise)", 20)
    assert "<table" in line and ">{</td>" in line
    assert "if&nbsp;1.5&nbsp;&gt;&nbsp;0" in line and "otherwise" in line
    assert " if " not in line and " else " not in line

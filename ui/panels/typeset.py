"""The engine's formula text typeset as rich text, the way the notes write it.

Keys such as 'dL/dW[3,1,14]' become symbols with real, separated indices (∂L/∂w with [3] raised
and 1,14 lowered), '*' a centred dot, powers raised, 1e-05 as 1×10⁻⁵, a minus sign as a minus,
and a conditional '(1 if 1.5 > 0, 0 otherwise)' as a case expression with its brace. Only the
spaces around + − = may break a line, so a long formula wraps between terms, never inside one.
Nothing here computes: the text and its numbers are the engine's.
"""

import html
import re
from functools import lru_cache
from typing import NamedTuple

from simulator.keys import KEY_TOKEN, Key

_TOKEN = re.compile(rf"{KEY_TOKEN.pattern}|\beta\b")  # a key with indices, or eta
_POWER = re.compile(rf"e\^\(([^()]*)\)|\^({KEY_TOKEN.pattern}|[\w.]+)")  # e^(...), a^2, e^z[2,1]
_GREEK = re.compile(r"\b(beta|eps)(\d?)\b")
_SCIENTIFIC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)e([+-])0*(\d+)\b")  # 2.531e-05
_SQRT = re.compile(r"\bsqrt\(")
_LETTERS = {"beta": "β", "eps": "ε"}
NBSP = "&nbsp;"
BREAKS = ("+", "−", "=")  # a line may break after these binary operators, nowhere else
BRACE_HEIGHT = 2.4  # the case brace, in ems of its line


class Case(NamedTuple):
    """'value if condition, otherwise otherwise': one conditional of the engine's text."""

    value: str
    condition: str
    otherwise: str


@lru_cache(maxsize=64)  # the formula panel lays a step's lines out several times to fit them
def rich_formula(text: str) -> str:
    """A formula (without conditionals) as inline rich text; breaks only between terms."""
    return _breakable(_inline(text))


def rich_text(text: str) -> str:
    """A sentence that names keys ('z[1,1] was not right') as rich text: keys and numbers
    typeset, and it wraps between words like any sentence."""
    return _inline(text).strip()


def formula_html(text: str, size_px: float, tail: str = "") -> str:
    """One line of the formula panel at `size_px`: a paragraph, or, where the text holds a
    conditional, a row whose case expression stacks its two branches beside a brace. `tail`
    (rich text, e.g. the boxed result) ends the line."""
    parts = split_cases(text)
    style = f"font-size:{size_px:.1f}px"
    if len(parts) == 1:
        return f"<p style='{style}'>{rich_formula(text)}{tail}</p>"
    cells = []
    for part in parts:
        if isinstance(part, Case):
            cells.append(_brace_cell(size_px) + _case_cell(part))
        elif part.strip():
            cells.append(f"<td style='vertical-align:middle'>{rich_formula(part)}</td>")
    cells.append(f"<td style='vertical-align:middle'>{tail}</td>")
    return f"<table cellspacing=0 cellpadding=0 style='{style}'><tr>{''.join(cells)}</tr></table>"


def _brace_cell(size_px: float) -> str:
    return (
        f"<td style='vertical-align:middle; font-size:{size_px * BRACE_HEIGHT:.1f}px;"
        f" font-weight:200'>{{</td>"
    )


def _case_cell(case: Case) -> str:
    rows = (
        (case.value, f"if {_inline(case.condition)}"),
        (case.otherwise, "otherwise"),
    )
    body = "".join(
        f"<tr><td>{_unbroken(_inline(value))}{NBSP * 2}</td><td>{_unbroken(condition)}</td></tr>"
        for value, condition in rows
    )
    return (
        "<td style='vertical-align:middle'><table cellspacing=0 cellpadding=0>"
        f"{body}</table></td><td>{NBSP}</td>"
    )


def split_cases(text: str) -> list:
    """The text cut into plain pieces and Cases: '1 * (1 if 1.5 > 0, 0 otherwise)' gives
    ['1 * ', Case('1', '1.5 > 0', '0')]; the brackets around a case give way to its brace."""
    parts, rest = [], text
    while (end := rest.find(" otherwise")) >= 0:
        start, comma = _case_bounds(rest, end)
        if comma is None:
            break
        value, condition = rest[start:comma].split(" if ", 1)
        closing = end + len(" otherwise")
        bracketed = start > 0 and rest[start - 1] == "(" and rest[closing : closing + 1] == ")"
        before = rest[: start - 1] if bracketed else rest[:start]
        parts += [before, Case(value.strip(), condition.strip(), rest[comma + 1 : end].strip())]
        rest = rest[closing + 1 :] if bracketed else rest[closing:]
    return [*parts, rest] if parts else [text]


def _case_bounds(text: str, end: int) -> tuple:
    """(where the case starting before `end` begins, its comma) scanning back at one depth."""
    depth, comma, index = 0, None, end - 1
    while index >= 0:
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth < 0:
            break
        if depth == 0 and text[index] == "," and comma is None:
            comma = index
        index -= 1
    start = index + 1
    if comma is None or " if " not in text[start:comma]:
        return start, None
    return start, comma


def _inline(text: str) -> str:
    """Escape, then typeset numbers, powers, Greek letters, keys and operators."""
    escaped = html.escape(text, quote=False).replace("*", " · ")
    escaped = _SCIENTIFIC.sub(_scientific, escaped)
    raised = _POWER.sub(_raise, escaped)
    greek = _GREEK.sub(
        lambda m: _LETTERS[m.group(1)] + (f"<sub>{m.group(2)}</sub>" if m.group(2) else ""), raised
    )
    typeset = _TOKEN.sub(_typeset, _SQRT.sub("√(", greek))
    return re.sub(" +", " ", typeset).replace("-", "−")


def _scientific(match: re.Match) -> str:
    sign = "-" if match.group(2) == "-" else ""
    return f"{match.group(1)}×10<sup>{sign}{match.group(3)}</sup>"


def _raise(match: re.Match) -> str:
    if match.group(1) is not None:
        return f"e<sup>{match.group(1)}</sup>"
    return f"<sup>{match.group(2)}</sup>"


def _breakable(rich: str) -> str:
    """Non-breaking spaces everywhere but after a binary + − or =."""
    fixed = rich.strip().replace(" ", NBSP)
    for operator in BREAKS:
        fixed = fixed.replace(f"{NBSP}{operator}{NBSP}", f"{NBSP}{operator} ")
    return fixed


def _unbroken(rich: str) -> str:
    return rich.strip().replace(" ", NBSP)


def _typeset(match: re.Match) -> str:
    if match.group(0) == "eta":
        return "η"
    key = Key.parse(match.group(0))
    prefix = "∂L/∂" if key.wrt else ""
    key = key.wrt or key
    if key.kind == "a" and key.layer == 0:
        return f"{prefix}<i>x</i><sub>{key.neuron}</sub>"
    if key.kind == "y":
        return f"{prefix}<i>y</i><sub>{key.neuron}</sub>"
    if key.kind == "alpha":
        return f"{prefix}α<sup>[{key.layer}]</sup>"
    symbol = "w" if key.kind == "W" else key.kind
    lower = ",".join(map(str, key.index[1:]))  # w^[3]_{1,14}: neuron 1, input 14
    return f"{prefix}<i>{symbol}</i><sup>[{key.layer}]</sup><sub>{lower}</sub>"

"""A step's formula evaluated from any operands: how the engine recomputes one number.

A Step's template is plain arithmetic over positional operands ('{0}*{1} + {2}'): numbers,
+ - * / and '^' (a power; 'e^x' is exp), the functions log, sqrt, tanh, max and min,
comparisons, cases written as maths writes them ('1 if {0} > 0, {1} otherwise', also
Python's '1 if {0}>0 else {1}'), and a trailing definition such as swish's
', s = 1/(1+e^(-{2}))'. The text is parsed with `ast` and walked node by node; nothing
else is accepted and nothing is handed to Python's eval. Grading uses this to ask "what would
this step be with the student's own earlier numbers?", the notes' check to tell a slip from an
inherited one.
"""

import ast
import math
import operator
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

FUNCTIONS = {"log": math.log, "sqrt": math.sqrt, "tanh": math.tanh, "max": max, "min": min}
CONSTANTS = {"e": math.e}
_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_COMPARE = {
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_DEFINITION = re.compile(r",\s*([A-Za-z_]\w*)\s*=\s*")  # ', s = ...' after the expression
_OPERAND = re.compile(r"\{(\d+)\}")
_OTHERWISE = " otherwise"


class FormulaError(ValueError):
    """A template this evaluator does not accept (anything but the arithmetic above)."""


def recompute(step, operands: Sequence[float] | None = None, given: Mapping | None = None):
    """The step's value from `operands` (default: its own), with any read in `given` replaced.

    `given` maps a read key (e.g. 'a[1,1]') to the value to use for it instead; a step that reads
    its own key (an update reads the old weight) keeps that operand. Returns nan where the
    formula is undefined at those numbers (a log of a negative, a division by zero, an overflow).
    """
    values = list(step.operands if operands is None else operands)
    if len(values) != len(step.reads):
        raise ValueError(f"{step.key} reads {len(step.reads)} operands, got {len(values)}")
    for position, read in enumerate(step.reads):
        if given and read in given and read != step.key:
            values[position] = float(given[read])
    return evaluate(step.template, values)


def evaluate(template: str, operands: Sequence[float]) -> float:
    """Evaluate a positional template ('{0}*{1} + {2}') at `operands`; nan where undefined."""
    expression, definitions = parse(template)
    names = {f"_{k}": float(x) for k, x in enumerate(operands)}
    try:
        for name, tree in definitions:
            names[name] = _walk(tree, names)
        return float(_walk(expression, names))
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return math.nan


@lru_cache(maxsize=512)
def parse(template: str) -> tuple:
    """The template as (expression tree, ((name, tree), ...)); FormulaError if not arithmetic."""
    text, definitions = _split_definitions(template)
    named = []
    for name, definition in definitions:
        if name in FUNCTIONS or name in CONSTANTS or name.startswith("_"):
            raise FormulaError(f"'{name}' cannot be defined in a formula")
        named.append((name, _parse_expression(definition, {n for n, _ in named})))
    expression = _parse_expression(text, {n for n, _ in named})
    return expression, tuple(named)


def _split_definitions(template: str) -> tuple[str, list]:
    """'{0}+s*(1-{0}), s = 1/(1+e^(-{1}))' -> ('{0}+s*(1-{0})', [('s', '1/(1+e^(-{1}))')]).

    A definition runs to the bracket that closes around it (or to the end of the text)."""
    definitions = []
    while match := _DEFINITION.search(template):
        depth, end = 0, match.end()
        while end < len(template) and depth >= 0:
            depth += {"(": 1, ")": -1}.get(template[end], 0)
            end += 1
        if depth < 0:
            end -= 1  # leave the closing bracket to the expression
        definitions.append((match.group(1), template[match.end() : end]))
        template = template[: match.start()] + template[end:]
    return template, definitions


def _parse_expression(text: str, defined: set):
    """Parse arithmetic text, checking every node; operands {k} become names _k."""
    source = _as_conditionals(_OPERAND.sub(r"_\1", text)).replace("^", "**")
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except (SyntaxError, RecursionError, MemoryError):
        raise FormulaError(f"'{text}' is not a formula") from None
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if id(node) not in called:  # a called name is checked with its call
            _check(node, defined)
    return tree


def _as_conditionals(text: str) -> str:
    """Each case 'A if C, B otherwise' as Python's 'A if C else B' (the comma is the one at the
    case's own bracket depth, back from 'otherwise')."""
    while (end := text.find(_OTHERWISE)) >= 0:
        depth, index = 0, end - 1
        while index >= 0 and not (depth == 0 and text[index] == ","):
            depth += {")": 1, "(": -1}.get(text[index], 0)
            if depth < 0:
                raise FormulaError(f"'{text}' has 'otherwise' without its case")
            index -= 1
        if index < 0:
            raise FormulaError(f"'{text}' has 'otherwise' without its case")
        text = f"{text[:index]} else{text[index + 1 : end]}{text[end + len(_OTHERWISE) :]}"
    return text


def _check(node, defined: set) -> None:
    """Accept only the node types and names an arithmetic template needs."""
    allowed = (
        ast.BinOp,
        ast.UnaryOp,
        ast.Compare,
        ast.IfExp,
        ast.Call,
        ast.Constant,
        ast.Name,
        ast.Load,
        *_BINARY,
        *_UNARY,
        *_COMPARE,
    )
    if not isinstance(node, allowed):
        raise FormulaError(f"a formula may not contain {type(node).__name__}")
    if isinstance(node, ast.Constant) and type(node.value) not in (int, float):
        raise FormulaError(f"a formula may not contain {node.value!r}")
    if isinstance(node, ast.Name) and not (
        node.id in CONSTANTS or node.id in defined or re.fullmatch(r"_\d+", node.id)
    ):
        raise FormulaError(f"a formula may not name '{node.id}' except as a function")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
            raise FormulaError("a formula may call only " + ", ".join(FUNCTIONS))
    if isinstance(node, ast.Compare) and len(node.ops) != 1:
        raise FormulaError("a formula compares two numbers at a time")


def _walk(node, names: dict) -> float:
    """Evaluate a checked tree; 'e^x' goes through exp, as the engine computes it."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return names[node.id] if node.id in names else CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_walk(node.operand, names))
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow) and isinstance(node.left, ast.Name) and node.left.id == "e":
            return math.exp(_walk(node.right, names))
        return _BINARY[type(node.op)](_walk(node.left, names), _walk(node.right, names))
    if isinstance(node, ast.Compare):
        compare = _COMPARE[type(node.ops[0])]
        return compare(_walk(node.left, names), _walk(node.comparators[0], names))
    if isinstance(node, ast.IfExp):
        chosen = node.body if _walk(node.test, names) else node.orelse
        return _walk(chosen, names)
    return FUNCTIONS[node.func.id](*(_walk(arg, names) for arg in node.args))

"""How numbers are written for people: one rounding rule for the whole program."""

DEFAULT_DIGITS = 4


def format_number(value: float, digits: int = DEFAULT_DIGITS) -> str:
    """Round to `digits` significant figures, e.g. 0.608259 -> '0.6083', 1e-05 -> '1e-05'."""
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    text = f"{value:.{digits}g}"
    return "0" if text == "-0" else text


def format_operand(value: float, digits: int = DEFAULT_DIGITS) -> str:
    """A number inside a formula: negatives in brackets so '0.5*(-0.2)' reads right."""
    text = format_number(value, digits)
    return f"({text})" if text.startswith("-") else text

"""Checking one preset's fields: every failure is a PresetError whose message is one sentence
naming the file, the field and what was expected, quoting what was there instead.
"""

import json

import numpy as np

from simulator import limits, rules


class PresetError(ValueError):
    """A malformed preset; the message is one sentence naming the file, the field, the need."""


class Checker:
    """Reads one preset's fields; every failure is one sentence naming file and field."""

    def __init__(self, origin: str):
        self.origin = origin

    def fail(self, name, expected: str, got) -> None:
        self.fail_text(name, expected, shown(got))

    def fail_text(self, name, expected: str, got: str) -> None:
        raise PresetError(f"{self.origin}: {self.where(name)} should {expected}, got {got}.")

    def where(self, name) -> str:
        """How a sentence names the field (a subclass may name it in the window's words)."""
        return f"field '{name}'" if name else "the file"

    def within(self, breach) -> None:
        """Fail with a limit's Breach (simulator.limits), if there is one."""
        if breach is not None:
            self.fail_text(breach.field, breach.expected, breach.got)

    def missing(self, name: str, expected: str) -> None:
        raise PresetError(f"{self.origin}: field '{name}' is missing; it should {expected}.")

    def kind(self, value, name, types, what: str):
        if not isinstance(value, types) or isinstance(value, bool):
            self.fail(name, f"be {what}", value)
        return value

    def only(self, data: dict, prefix: str, allowed, owner: str) -> None:
        for key in data:
            if key not in allowed:
                raise PresetError(
                    f"{self.origin}: field '{prefix}{key}' is not part of {owner}; "
                    f"expected only {', '.join(allowed)}."
                )

    def get(self, data: dict, key: str, prefix: str, expected: str):
        if key not in data:
            self.missing(prefix + key, expected)
        return data[key]

    def text(self, value, name: str, required: bool = False) -> str:
        if required and value is None:
            self.missing(name, "be a short title")
        self.kind(value, name, str, "text")
        if required and not value.strip():
            self.fail(name, "be a short title", value)
        self.within(limits.text_breach(value, name))
        return value

    def choice(self, value, name: str, choices) -> str:
        if not isinstance(value, str) or value not in choices:
            self.fail(name, f"be one of {', '.join(choices)}", value)
        return value

    def integer(self, value, name: str, minimum: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(name, f"be a whole number of at least {minimum}", value)
        return value

    def number(self, value, name: str, minimum=None, positive=False, below=None) -> float:
        """A finite number, optionally >= minimum, > 0 or < below."""
        ok = rules.finite(value)
        ok = ok and (minimum is None or value >= minimum) and (not positive or value > 0)
        if not ok or (below is not None and value >= below):
            bounds = [
                f"at least {minimum}" if minimum is not None else "",
                "above 0" if positive else "",
                f"below {below}" if below is not None else "",
            ]
            extra = " and ".join(b for b in bounds if b)
            self.fail(name, "be a finite number" + (f" {extra}" if extra else ""), value)
        return float(value)

    def array(self, value, name: str, shape: tuple, why: str = "") -> list:
        """A nested list of finite numbers of exactly `shape`, as floats."""
        got = shape_of(value)
        if got != shape:
            quoted = dims(got).removeprefix("shape ") if got else shown(value)
            quoted = "rows of different lengths" if got is None else quoted
            self.fail_text(name, f"have {dims(shape)}{why}", quoted)
        for index in np.ndindex(*shape):
            item = value
            for k in index:
                item = item[k]
            self.number(item, name + "".join(f"[{k}]" for k in index))
        return np.array(value, dtype=float).tolist()


def shape_of(value):
    """The shape of a regular nested list, () for a scalar, None when rows differ in length."""
    if not isinstance(value, list):
        return ()
    inner = {shape_of(item) for item in value}
    if len(inner) > 1 or None in inner:
        return None
    return (len(value), *(inner.pop() if inner else ()))


def dims(shape: tuple) -> str:
    if len(shape) == 1:
        return f"length {shape[0]}"
    return "shape " + "x".join(map(str, shape)) if shape else "a single number"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def shown(value) -> str:
    """A value as the error message quotes it, cut short when long."""
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value)
    if value is None:
        text = "nothing"
    return text if len(text) <= 60 else text[:57] + "..."

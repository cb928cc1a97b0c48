"""Values shown as the engine's `format_number` writes them, each written when read."""

from collections.abc import Mapping

from simulator.notation import format_number


class NumberTexts(Mapping):
    """key -> the text of its value (None while not computed), written when asked for.

    A 4 x 128 net's step view holds 260,000 values and the graph shows a few hundred of them
    at a time: writing every one up front took a third of a second.
    """

    def __init__(self, values: Mapping):
        self._values = values  # key -> float or None; read only

    def __repr__(self) -> str:
        return f"NumberTexts({len(self._values)} values)"

    def __getitem__(self, key: str) -> str | None:
        value = self._values[key]
        return None if value is None else format_number(value)

    def __contains__(self, key) -> bool:
        return key in self._values

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self):
        """The values' own key view: set operations with it run at dict speed."""
        return self._values.keys()

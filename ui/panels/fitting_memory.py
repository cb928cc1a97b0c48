"""What every formula panel of the process has worked out, by everything it depends on: a
second window on the same example (each test's window, a new window on the same preset) finds
its fits, floors and reserves here instead of typesetting them again.

Only what a fresh computation would give again is kept: the shrink a state fits at (a panel
still lays that one document out for itself, to paint), an iteration's likely tallest
steps, their tallest floor height at a width, and their floor documents, which are only ever
wrapped and measured, never painted.
"""

from collections import OrderedDict

_MISSING = object()


class Memory:
    """A bounded map that forgets what was used least recently."""

    def __init__(self, size: int):
        self.size, self._held = size, OrderedDict()

    def __repr__(self) -> str:
        return f"Memory({len(self._held)} of {self.size})"

    def __len__(self) -> int:
        return len(self._held)

    def __iter__(self):
        return iter(self._held)

    def get(self, key, default=None):
        value = self._held.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._held.move_to_end(key)
        return value

    def put(self, key, value):
        """Hold `value` for `key` (forgetting the least recently used beyond the size)."""
        self._held[key] = value
        self._held.move_to_end(key)
        if len(self._held) > self.size:
            self._held.popitem(last=False)
        return value

    def clear(self) -> None:
        self._held.clear()


STEPS = Memory(1024)  # a fit's state -> (the step it fits at, or None: not even the floor)
RESERVES = Memory(256)  # ((tallest steps, scale, font), width) -> their tallest floor height
CANDIDATES = Memory(16)  # (sampled steps, notes, names) -> the likely tallest steps' contents
FLOORS = Memory(16)  # (tallest steps, scale, font) -> their floor documents (typeset once)
COMFORTABLE = Memory(32)  # (scale, theme, badge, verdict) -> a typical step's height at full size
GUIDES = Memory(64)  # lines' lengths in size classes -> the step they fit at (None: no step)


def content_key(content: tuple) -> tuple:
    """A step's content (lines, result, status) as a key."""
    lines, result, status = content
    return tuple(lines.items()), result, status


def forget() -> None:
    """Forget everything (a test that counts what is typeset starts from nothing)."""
    for memory in (STEPS, RESERVES, CANDIDATES, FLOORS, COMFORTABLE, GUIDES):
        memory.clear()

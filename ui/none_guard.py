"""Keep Python alive under PySide6 6.12 on Python 3.11.

There, every call of a Qt method that returns nothing drops one reference to None too many;
after some thousands of calls Python aborts with "none_dealloc: deallocating None". Python
3.12 made None immortal (PEP 683). On older Pythons we give None a reference count so large
that the leak can never reach zero, which is what 3.12 does by design.
"""

import ctypes
import sys

RESERVE = 1 << 40  # references added to None; the leak is one per Qt call


def protect_none() -> None:
    """Make None effectively immortal on Pythons before 3.12 (idempotent)."""
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field of PyObject
    if count.value < RESERVE:
        count.value += RESERVE

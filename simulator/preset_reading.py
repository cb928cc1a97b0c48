"""Preset files on disk: the bundled ones, and reading a file's JSON safely.

What is read is checked here only as a file (a regular file, at most MAX_PRESET_BYTES, UTF-8,
JSON no deeper than Python parses); presets.py checks what the JSON says. Anything wrong
raises PresetError, one sentence naming the file.
"""

import json
import sys
from importlib import resources
from pathlib import Path

from simulator import limits
from simulator.checker import PresetError


def bundled_folder() -> Path:
    """The bundled presets: the source tree's presets/, or in an installed wheel the same files
    as package data of simulator.preset_files (pyproject.toml maps that name to presets/)."""
    source = Path(__file__).resolve().parent.parent / "presets"
    if source.is_dir() and (source.parent / "pyproject.toml").is_file():  # not site-packages
        return source
    return Path(str(resources.files("simulator") / "preset_files"))


def bundled_names() -> list[str]:
    """Names of the bundled presets, sorted."""
    return sorted(path.stem for path in bundled_folder().glob("*.json"))


def read_json(path: Path, origin: str):
    """The JSON value in the file at `path` (named `origin` in a sentence)."""
    return _parse(_read(path, origin), origin)


def _read(path: Path, origin: str) -> str:
    """The file's text, read no further than MAX_PRESET_BYTES (a device never ends); only a
    regular file is opened (a named pipe would wait for a writer forever)."""
    try:
        special = path.exists() and not path.is_file()
    except (OSError, ValueError):  # a NUL byte or an overlong name: open() says so below
        special = False
    if special:
        raise PresetError(f"{origin}: the file could not be read (not a regular file).")
    try:
        with open(path, "rb") as stream:
            content = stream.read(limits.MAX_PRESET_BYTES + 1)
    except FileNotFoundError:
        raise PresetError(
            f"{origin}: no such preset file, and no bundled preset has this name "
            f"(bundled: {', '.join(bundled_names())})."
        ) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
        reason = getattr(error, "strerror", None) or "not a usable file name"
        raise PresetError(f"{origin}: the file could not be read ({reason}).") from None
    if len(content) > limits.MAX_PRESET_BYTES:
        most = limits.MAX_PRESET_BYTES // 2**20
        raise PresetError(f"{origin}: the file should be at most {most} MiB, got more.")
    try:
        return content.decode("utf-8-sig")  # a byte order mark, as some editors write, is fine
    except UnicodeDecodeError:
        raise PresetError(f"{origin}: the file could not be read (expected UTF-8 text).") from None


def _parse(content: str, origin: str):
    """The JSON in a preset's text; PresetError for anything json.loads cannot take."""
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        raise PresetError(
            f"{origin}: expected JSON, but line {error.lineno}, column "
            f"{error.colno} is wrong ({error.msg})."
        ) from None
    except ValueError:  # an integer longer than Python converts
        raise PresetError(
            f"{origin}: expected numbers of at most {sys.get_int_max_str_digits():,} digits, "
            "got a longer one."
        ) from None
    except RecursionError:
        raise PresetError(
            f"{origin}: expected lists and objects nested at most {limits.MAX_NESTING} deep, "
            "got far deeper ones."
        ) from None

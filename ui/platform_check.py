"""Before Qt starts: can its platform plugin load? Says what to install instead of a core dump.

When the xcb plugin's system libraries are missing (libxcb-cursor0 and friends on a bare Linux),
Qt's qFatal aborts the process with a core dump and a paragraph of hints. This module asks the
dynamic loader first, without importing Qt, and returns one sentence naming the packages to
install. It only speaks for the platforms that need a desktop (xcb, wayland): offscreen and the
others are left to Qt.
"""

import ctypes
import importlib.util
import os
import sys
from pathlib import Path

# Shared libraries the xcb plugin and QtGui load from the system, with the package that holds
# each: (Debian/Ubuntu, Fedora). Everything else comes inside the PySide6 wheel.
SYSTEM_LIBRARIES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
DESKTOP_PLATFORMS = ("xcb", "wayland")


def platform_problem(screenshot: bool = False, environ=None, load=ctypes.CDLL) -> str | None:
    """One sentence saying why Qt's platform plugin would not load here, or None if it will.

    `environ` defaults to os.environ; `load` opens a shared library by name or path and raises
    OSError when it (or a library it needs) cannot be loaded, like ctypes.CDLL.
    """
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    candidates = qt_platforms(environ, screenshot)
    if any(name not in DESKTOP_PLATFORMS for name in candidates):
        return None  # offscreen, vnc, eglfs, ...: Qt needs no desktop libraries for those
    failures = [_plugin_failure(name, load) for name in candidates]
    if "" in failures:
        loaded = candidates[failures.index("")]
        if loaded == "xcb" and not environ.get("DISPLAY"):
            return (
                "the window needs a desktop, but DISPLAY is not set; start it from a desktop "
                "session, or render a picture without one: backprop-sim gui --screenshot FILE.png."
            )
        return None
    if None in failures:
        return None  # no such plugin in this Qt: let Qt report it
    missing = missing_libraries(load, failures)
    if not missing:
        reason = failures[-1].rstrip(".")
        plugin = candidates[-1]
        return f"the window cannot open because Qt's {plugin} plugin does not load ({reason})."
    return missing_sentence(missing)


def qt_platforms(environ, screenshot: bool) -> tuple:
    """The platform plugins Qt will try, in order, as Qt 6 chooses them on Linux."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if not chosen and screenshot:
        return ("offscreen",)  # ui.app renders screenshots offscreen
    if not chosen:
        wayland = environ.get("XDG_SESSION_TYPE") == "wayland"
        return ("wayland", "xcb") if wayland else ("xcb",)
    return tuple(part.split(":")[0] for part in chosen.split(";") if part)


def _plugin_failure(name: str, load) -> str | None:
    """'' when the platform plugin loads; the loader's message when it cannot; None when this
    Qt has no such plugin."""
    plugin = _plugin_folder() / f"libq{name}.so"
    if not plugin.is_file():
        return None
    try:
        load(str(plugin))
    except OSError as error:
        return str(error) or name
    return ""


def _plugin_folder() -> Path:
    """PySide6's platform plugins, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return Path("PySide6-is-not-installed")
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"


def missing_libraries(load, failures=()) -> list[str]:
    """The system libraries that cannot be loaded, and any other one a loader message names
    ('libfoo.so.1: cannot open shared object file: ...')."""
    missing = []
    for library in SYSTEM_LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append(library)
    for message in failures:
        named = message.split(":")[0].strip()
        if ".so" in named and "/" not in named and named not in missing:
            missing.append(named)
    return missing


def missing_sentence(missing: list[str]) -> str:
    """One sentence: the missing libraries and the apt-get and dnf commands that install them."""
    known = [library for library in missing if library in SYSTEM_LIBRARIES]
    debian = _unique(SYSTEM_LIBRARIES[library][0] for library in known)
    fedora = _unique(SYSTEM_LIBRARIES[library][1] for library in known)
    libraries = ", ".join(missing)
    if not debian:
        return (
            f"the window cannot open because Qt cannot load {libraries}; install the package "
            "that holds it with your system's package manager."
        )
    return (
        f"the window cannot open because Qt cannot load {libraries}; install the missing "
        f"system packages with 'sudo apt-get install {' '.join(debian)}' (Debian, Ubuntu) or "
        f"'sudo dnf install {' '.join(fedora)}' (Fedora)."
    )


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))

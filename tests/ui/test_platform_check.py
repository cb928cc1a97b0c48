"""Start-up without Qt's system libraries: one sentence naming the packages, exit 2, no core dump.

The check asks the dynamic loader before Qt starts. Most tests hand it a loader that cannot find
some libraries; one hides a real library from a real `backprop-sim` in a private mount namespace.
"""

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui import platform_check
from ui.platform_check import SYSTEM_LIBRARIES, platform_problem

DESKTOP = {"DISPLAY": ":0"}
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb is Linux")


def loader_without(*hidden):
    """A loader that cannot find `hidden`, like the real one when a package is not installed;
    the platform plugin then fails on the first hidden library it needs."""

    def load(name):
        if name.endswith("libqxcb.so") and hidden:
            raise OSError(f"{hidden[0]}: cannot open shared object file: No such file or directory")
        if name in hidden:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    return load


@linux_only
def test_a_missing_xcb_library_names_its_packages_and_both_commands():
    problem = platform_problem(environ=DESKTOP, load=loader_without("libxcb-cursor.so.0"))
    assert problem == (
        "the window cannot open because Qt cannot load libxcb-cursor.so.0; install the missing "
        "system packages with 'sudo apt-get install libxcb-cursor0' (Debian, Ubuntu) or "
        "'sudo dnf install xcb-util-cursor' (Fedora)."
    )


@linux_only
def test_every_missing_library_is_named_once_with_each_package_once():
    hidden = ("libxcb-cursor.so.0", "libxcb-shm.so.0", "libxcb-sync.so.1", "libxkbcommon.so.0")
    problem = platform_problem(environ=DESKTOP, load=loader_without(*hidden))
    assert all(name in problem for name in hidden)
    assert "apt-get install libxcb-cursor0 libxcb-shm0 libxcb-sync1 libxkbcommon0'" in problem
    assert "dnf install xcb-util-cursor libxcb libxkbcommon'" in problem


@linux_only
def test_a_library_outside_the_table_is_still_named():
    problem = platform_problem(environ=DESKTOP, load=loader_without("libwhatever.so.3"))
    assert "cannot load libwhatever.so.3" in problem and "package manager" in problem


@linux_only
@pytest.mark.parametrize(
    "environ, screenshot",
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "minimal", **DESKTOP}, False),
        ({}, True),  # --screenshot renders offscreen
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
    ],
)
def test_platforms_without_a_desktop_are_never_checked(environ, screenshot):
    everything_missing = loader_without(*SYSTEM_LIBRARIES)
    assert platform_problem(screenshot, environ, everything_missing) is None


@linux_only
def test_a_working_desktop_passes():
    assert platform_problem(environ=DESKTOP, load=loader_without()) is None
    if _library_folder("libxcb-cursor.so.0") is None:
        pytest.skip("this machine lacks the xcb libraries, so the real loader would object")
    assert platform_problem(environ={"QT_QPA_PLATFORM": "xcb", **DESKTOP}) is None


@linux_only
def test_a_wayland_session_that_loads_wayland_needs_no_xcb_library():
    session = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}
    assert platform_problem(environ=session, load=loader_without("libxcb-cursor.so.0")) is None


@linux_only
def test_no_display_says_so_instead_of_aborting():
    problem = platform_problem(environ={}, load=loader_without())
    assert "DISPLAY is not set" in problem and "--screenshot" in problem


def test_other_systems_are_left_to_qt(monkeypatch):
    monkeypatch.setattr(platform_check.sys, "platform", "darwin")
    assert platform_problem(environ={}, load=loader_without(*SYSTEM_LIBRARIES)) is None


@linux_only
def test_the_command_line_says_it_in_one_sentence_and_exits_2():
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ |= {"QT_QPA_PLATFORM": "xcb"}
    for argv in ([], ["gui"]):
        done = subprocess.run(
            [sys.executable, "-m", "ui.cli", *argv], env=environ, capture_output=True, text=True
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "DISPLAY is not set" in done.stderr


def _library_folder(name: str) -> Path | None:
    """The folder the real loader takes `name` from (read from this process's memory map)."""
    try:
        ctypes.CDLL(name)
    except OSError:
        return None
    for line in Path("/proc/self/maps").read_text().splitlines():
        if line.rstrip().endswith(f"/{name}") or f"/{name}." in line:
            return Path(line.split()[-1]).resolve().parent
    return None


@linux_only
def test_hiding_a_real_library_gets_the_sentence_not_a_core_dump(tmp_path):
    """libxcb-cursor.so.0 removed in a private mount namespace (an overlay over its folder), so
    the real loader, the real Qt plugin and the real command line run without it."""
    folder = _library_folder("libxcb-cursor.so.0")
    if os.geteuid() != 0 or not shutil.which("unshare") or folder is None:
        pytest.skip("needs root, unshare and libxcb-cursor.so.0 installed to hide it")
    upper, work = tmp_path / "upper", tmp_path / "work"
    upper.mkdir(), work.mkdir()
    script = (
        f"mount -t overlay overlay -o lowerdir={folder},upperdir={upper},workdir={work} {folder}"
        f" || exit 99; rm -f {folder}/libxcb-cursor.so.0*; exec {sys.executable} -m ui.cli gui"
    )
    environ = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {"DISPLAY": ":99"}
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        env=environ,
        capture_output=True,
        text=True,
    )
    if done.returncode == 99 or "unshare:" in done.stderr:
        pytest.skip(f"no private overlay mount here: {done.stderr.strip()}")
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "backprop-sim: the window cannot open because Qt cannot load libxcb-cursor.so.0; install "
        "the missing system packages with 'sudo apt-get install libxcb-cursor0' (Debian, Ubuntu) "
        "or 'sudo dnf install xcb-util-cursor' (Fedora).\n"
    )
    assert (folder / "libxcb-cursor.so.0").exists()  # hidden only inside the namespace


def test_the_readme_installs_every_package_the_check_can_name():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    commands = {
        line.split()[1]: set(line.split()[3:])
        for line in readme.splitlines()
        if line.startswith(("sudo apt-get install ", "sudo dnf install "))
    }
    assert commands["apt-get"] >= {debian for debian, _ in SYSTEM_LIBRARIES.values()}
    assert commands["dnf"] >= {fedora for _, fedora in SYSTEM_LIBRARIES.values()}

"""From a built wheel in a fresh virtual environment, every bundled preset opens, traces,
checks, trains and exports: the presets, the schema and the assets are package data.

Slow (a wheel, a venv, PySide6 installed from the package index, then ~80 commands), so it is
left out of the default run: `python -m pytest -m slow tests/test_wheel.py -s` prints the
figures.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

from simulator.presets import bundled_names

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".benchmarks"
)


def run(command, cwd, env, timings, label):
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    timings.setdefault(label, []).append(time.perf_counter() - started)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv holding only the wheel and its dependencies; its bin folder and environment."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so the build leaves nothing in the work tree
    shutil.copytree(ROOT, source, ignore=SKIP)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", work / "dist"], check=True)
    wheel = next((work / "dist").glob("backprop_sim-*.whl"))
    venv.create(work / "venv", with_pip=True)
    bin_folder = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    python = bin_folder / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", wheel], check=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(work / "home")}
    env.pop("PYTHONPATH", None)
    (work / "run").mkdir()
    (work / "home").mkdir()
    return {"bin": bin_folder, "python": python, "env": env, "cwd": work / "run", "wheel": wheel}


def test_the_installed_package_is_the_wheel_not_the_work_tree(installed):
    code = (
        "import simulator, ui, importlib.resources as r; print(simulator.__file__); "
        "print((r.files('simulator') / 'preset_schema.json').is_file()); "
        "print(sorted(p.name for p in (r.files('ui') / 'assets').iterdir()))"
    )
    out = run([installed["python"], "-c", code], installed["cwd"], installed["env"], {}, "probe")
    where, schema, assets = out.splitlines()
    assert "site-packages" in where and str(ROOT) not in where
    assert schema == "True" and "screenshot.png" in assets


def test_every_bundled_preset_runs_every_command_from_the_wheel(installed):
    program, cwd, env = installed["bin"] / "backprop-sim", installed["cwd"], installed["env"]
    timings = {}
    listed = run([program, "presets"], cwd, env, timings, "presets")
    assert [line.split()[0] for line in listed.splitlines()] == bundled_names()
    for name in bundled_names():
        steps = json.loads(run([program, "trace", name, "--json"], cwd, env, timings, "trace"))
        assert steps["steps"]
        json.loads(run([program, "check", name, "--json"], cwd, env, timings, "check"))
        outputs = [f"--{kind}={cwd / f'{name}.{kind}'}" for kind in ("csv", "json", "png")]
        run([program, "train", name, "--epochs", "2", *outputs], cwd, env, timings, "train")
        for suffix in ("md", "html", "pdf"):
            worked = f"--worked={cwd / f'{name}.{suffix}'}"
            run([program, "export", name, worked], cwd, env, timings, f"export {suffix}")
        script = cwd / f"{name.replace('-', '_')}.py"
        run([program, "export", name, f"--pytorch={script}"], cwd, env, timings, "export py")
        compile(script.read_text(encoding="utf-8"), str(script), "exec")
        shot = f"--screenshot={cwd / f'{name}-window.png'}"
        run([program, "gui", name, "--steps", "5", shot], cwd, env, timings, "gui")
    for name in bundled_names():
        for made in (
            f"{name}.csv",
            f"{name}.json",
            f"{name}.png",
            f"{name}.pdf",
            f"{name}-window.png",
        ):
            assert (cwd / made).stat().st_size > 0, made
    size = installed["wheel"].stat().st_size // 1024
    print(f"\nwheel {installed['wheel'].name}: {size} KiB; {len(bundled_names())} presets")
    for label, seconds in timings.items():
        print(f"  {label:<11} {len(seconds):>3} runs, all exit 0, {max(seconds):5.1f} s at most")

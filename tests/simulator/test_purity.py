"""The engine never loads Qt: every simulator module imports with NumPy and the stdlib alone."""

import json
import subprocess
import sys
from pathlib import Path

import simulator

ROOT = Path(simulator.__file__).resolve().parent.parent
MODULES = sorted(f"simulator.{path.stem}" for path in (ROOT / "simulator").glob("*.py"))
GUI_PACKAGES = ("PySide6", "pyqtgraph", "shiboken6", "shiboken")

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def test_every_engine_module_is_found():
    assert {"simulator.network", "simulator.trace", "simulator.cursor"} <= set(MODULES)


def test_no_simulator_module_loads_qt():
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *MODULES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(result.stdout)
    assert set(MODULES) <= set(loaded)
    gui = [name for name in loaded if name.split(".")[0] in GUI_PACKAGES]
    assert gui == []

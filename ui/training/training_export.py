"""What the Train tab exports: its curves as CSV or JSON (the engine's History), and the training
figure as PNG or SVG at a chosen size through ui/plots/figure.py, the code `train --png/--svg`
uses: a title naming the example and its settings, the engine's verdict, the curves, and for
2-D data the decision boundary in class colours with a legend of the classes' names.
"""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu

from simulator.standardize import TrainingData
from ui.plots import export
from ui.plots.figure import DEFAULT_SIZE, MIN_SIZE, figure_of_run, write_figure

FILTERS = {
    "csv": "CSV (*.csv)",
    "json": "JSON (*.json)",
    "png": "PNG image (*.png)",
    "svg": "SVG image (*.svg)",
}
TEXTS = {
    "csv": "Curves as CSV…",
    "json": "Curves as JSON…",
    "png": "Training figure as PNG…",
    "svg": "Training figure as SVG…",
}


def parse_size(text: str) -> tuple[int, int]:
    """'1400x900' -> (1400, 900); ValueError in one sentence when it is not a size."""
    try:
        width, height = (int(part) for part in text.lower().replace(" ", "").split("x"))
    except ValueError:
        raise ValueError(f"A size looks like 1400x900, got '{text}'.") from None
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise ValueError(f"A figure is at least {MIN_SIZE[0]}x{MIN_SIZE[1]} pixels, got '{text}'.")
    return width, height


def write_export(view, kind: str, path, size=DEFAULT_SIZE) -> None:
    """Write the view's run: the curves ('csv', 'json') or the training figure ('png', 'svg')."""
    if kind == "csv":
        export.export_history_csv(view.history, path)
    elif kind == "json":
        export.export_history_json(view.history, path)
    else:
        data = TrainingData(view.train_set, view.test_set, view.standardization)
        write_figure(figure_of_run(view.title, view.network, data, view.history), path, size)


def export_menu(view) -> QMenu:
    """The Export menu of a TrainingView."""
    menu = QMenu("Export", view)
    for kind, text in TEXTS.items():
        menu.addAction(text, lambda k=kind: export_dialog(view, k))
    return menu


def export_dialog(view, kind: str) -> None:
    """Ask for a file (and a figure's size) and write it; a failure is one sentence."""
    if view.running:
        view.controls.show_message("Pause training first: the figure shows a network at rest.")
        return
    path, _ = QFileDialog.getSaveFileName(view, "Export", _default_name(view, kind), FILTERS[kind])
    if not path:
        return
    size = DEFAULT_SIZE
    if kind in ("png", "svg"):
        text, ok = QInputDialog.getText(
            view,
            "Figure size",
            "Width x height in pixels:",
            text=f"{DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]}",
        )
        if not ok:
            return
        try:
            size = parse_size(text)
        except ValueError as error:
            view.controls.show_message(str(error), warning=True)
            return
    try:
        write_export(view, kind, path, size)
    except OSError as error:
        reason = error.strerror or error
        view.controls.show_message(f"{Path(path).name} was not written ({reason}).", True)
        return
    view.controls.show_message(f"Wrote {Path(path).name}.")


def _default_name(view, kind: str) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in view.title.lower()).strip("-")
    return f"{stem[:40] or 'training'}.{kind}"

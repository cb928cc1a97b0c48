"""Export of training curves: the engine's History as CSV / JSON, the plots as PNG / SVG.

The figures are written by the engine's own History helpers; the pictures are painted from the
plot widgets themselves, so a handout shows exactly what the window shows.
"""

import os
from pathlib import Path

import pyqtgraph.exporters as exporters
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from ui.plots.accuracy_plot import AccuracyPlot
from ui.plots.loss_plot import LossPlot
from ui.theme import LIGHT

CURVES_SIZE = (900, 700)  # pixels of the headless curves picture


def export_history_csv(history, path) -> None:
    """Every epoch's figures as CSV (epoch,loss,accuracy[,test_loss,test_accuracy])."""
    history.write_csv(path)


def export_history_json(history, path) -> None:
    """Every epoch's figures, gradient means included, as JSON."""
    Path(path).write_text(history.to_json(), encoding="utf-8")


def export_plot_png(plot_widget, path) -> None:
    """One plot as a PNG at its on-screen size, through pyqtgraph's ImageExporter."""
    exporter = exporters.ImageExporter(plot_widget.getPlotItem())
    exporter.parameters()["width"] = max(1, int(plot_widget.width()))
    exporter.export(str(path))


def export_plot_svg(plot_widget, path) -> None:
    """One plot as an SVG at its on-screen size, painted by QSvgGenerator.

    pyqtgraph 0.14's SVGExporter cannot read back the closing 'Z' that Qt 6.12 now writes in
    SVG paths (it raises ValueError on every plot), so the widget paints itself into the SVG.
    """
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(plot_widget.size())
    generator.setViewBox(plot_widget.rect())
    generator.setResolution(plot_widget.logicalDpiX())  # axes replay pictures made at this dpi
    generator.setTitle(plot_widget.getPlotItem().titleLabel.text)
    painter = QPainter(generator)
    plot_widget.scene().render(painter, QRectF(plot_widget.rect()), plot_widget.sceneRect())
    painter.end()


def render_curves_png(history, path) -> None:
    """Loss above accuracy as one PNG, without a window (for `backprop-sim train --png`)."""
    app = QApplication.instance() or _headless_app()
    sheet = QWidget()
    sheet.setStyleSheet(f"background: {LIGHT.background};")  # white paper, not window grey
    layout = QVBoxLayout(sheet)
    for plot_class in (LossPlot, AccuracyPlot):
        plot = plot_class()
        plot.show_history(history)
        layout.addWidget(plot)
    sheet.resize(*CURVES_SIZE)
    layout.activate()
    app.processEvents()
    if not sheet.grab().save(str(path)):
        raise OSError(f"{path}: the PNG could not be written.")


def _headless_app() -> QApplication:
    """A QApplication for drawing off screen when none is running (the command line)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication([])

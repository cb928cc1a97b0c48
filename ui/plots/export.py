"""Export of training curves: the engine's History as CSV / JSON, the plots as PNG / SVG.

The figures are written by the engine's own History helpers; the pictures are painted from the
plot widgets themselves, so a handout shows exactly what the window shows. The whole training
figure of a run (title, settings, verdict, curves, boundary) is ui/plots/figure.py.
"""

from pathlib import Path

import pyqtgraph.exporters as exporters
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator


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

"""The worked-solution handout written to files: the network drawn by the window's own scene,
the Markdown or HTML page (ui/worked_export.py) with its picture, or the typeset PDF
(ui/worked_pdf.py); and the HTML-to-PDF printing the worksheets use. Every file is replaced
whole or not at all.
"""

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

from simulator import limits
from simulator.files import replace_file, replace_text
from simulator.notation import DEFAULT_DIGITS
from ui.headless import ensure_application
from ui.output_files import check_writable, figure_path
from ui.worked_export import Worked, to_html, to_markdown
from ui.worked_pdf import write_worked_pdf

FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # a reproducible PDF's creation date


def write_worked(worked: Worked, path, digits: int = DEFAULT_DIGITS) -> list:
    """Write an already-computed handout; the diagram is drawn by the window's own scene. A
    Markdown handout's picture is FILE-network.png beside it, and never replaces a file that
    is not this handout's own picture. OSError in one sentence when a file cannot be written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".md", ".html", ".pdf"):
        raise ValueError(f"{path}: a worked solution is written as .md, .html or .pdf")
    check_writable(path)
    png = render_diagram(worked) if limits.drawable(worked.network.sizes) else None
    if suffix == ".md":
        picture = figure_path(path) if png else None
        if picture:
            check_writable(picture)
            replace_file(picture, png)
        text = to_markdown(worked, digits, diagram=picture.name if picture else None)
        replace_text(path, text)
    elif suffix == ".html":
        replace_text(path, to_html(worked, digits, diagram_png=png))
    else:
        return write_worked_pdf(worked, path, digits, png)
    return []


def render_diagram(worked: Worked, width: int = 1200, height: int = 640) -> bytes:
    """A PNG of the network as the window draws it: weights, biases, inputs and targets."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from ui.graph.network_scene import NetworkScene
    from ui.step_texts import graph_labels
    from ui.theme import LIGHT

    ensure_application()
    scene = NetworkScene()
    scene.set_theme(LIGHT)
    trace = worked.trace
    scene.build(
        worked.network.sizes,
        trace.parameters,
        trace.inputs[0].tolist(),
        trace.targets[0].tolist(),
        graph_labels(worked.network.sizes, worked.names, worked.notation),
    )
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(LIGHT.background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(
        painter,
        QRectF(0, 0, width, height),
        scene.itemsBoundingRect(),
        Qt.AspectRatioMode.KeepAspectRatio,
    )
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def print_pdf(page: str, title: str, path, png: bytes | None, reproducible: bool = False) -> None:
    """Print an HTML page to an A4 PDF; `png` is the picture the page calls 'diagram.png'.

    With `reproducible`, the same page gives the same bytes: the document id is derived from
    the page, the creation dates Qt stamps are set to one fixed moment, and Qt's hashes (whose
    order decides the order of the fonts in the file) are seeded the same way for this print.
    """
    from PySide6.QtCore import QHashSeed, QMarginsF, QUrl, QUuid
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    ensure_application()
    document = QTextDocument()
    if png:
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl("diagram.png"), QImage.fromData(png)
        )
    document.setHtml(page)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    if reproducible:
        writer.setDocumentId(QUuid(str(uuid.uuid5(uuid.NAMESPACE_URL, title + page))))
        QHashSeed.setDeterministicGlobalSeed()
    try:
        document.print_(writer)
        del writer  # closes the file
    finally:
        if reproducible:
            QHashSeed.resetRandomGlobalSeed()
    if reproducible:
        _fix_pdf_dates(Path(path))


def _fix_pdf_dates(path: Path) -> None:
    """Set the dates Qt writes (info dictionary and XMP) to FIXED_DATE, keeping every length so
    the PDF's byte offsets stay valid."""
    stamp = FIXED_DATE.strftime("%Y%m%d%H%M%S").encode()
    data = re.sub(rb"(?<=D:)\d{14}", stamp, path.read_bytes())
    iso = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%S").encode()
    data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?=[+-]\d\d:\d\d|Z)", iso, data)
    replace_file(path, data)

"""A handout typeset as a document: A4 pages of blocks that never break where a reader trips.

The handout (ui/worked_export.py) is a list of Blocks: a heading, a paragraph, a picture, one row
of a table. Each block is laid out on its own (a QTextDocument as wide as the text column, with
word wrapping that never splits a word or a number), then placed whole: a block that does not
fit the rest of a page starts the next one, a heading never ends a page (it goes with what
follows), a table row repeats its table's header at the top of a new page, and every page has
its number at the foot.
"""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)

MARGIN_MM = 15
FOOTER_PT = 24  # room kept at the foot of each page for its number
BODY_PT = 10
STYLE = """
h1 {{ font-size: 18pt; font-weight: bold; }}
h2 {{ font-size: 13pt; font-weight: bold; color: #222; }}
p, td, th {{ font-size: {body}pt; }}
code {{ font-family: monospace; font-size: {code}pt; }}
th {{ text-align: left; background-color: #eeeeee; }}
.why {{ color: #444444; font-size: {small}pt; }}
.sample, .n {{ color: #666666; }}
.source {{ color: #555555; font-style: italic; }}
.match {{ color: #1b7a2e; }}
.mismatch {{ color: #b3261e; font-weight: bold; }}
"""


@dataclass(frozen=True)
class Block:
    """One piece of a page: rich text, or a PNG drawn `image_width` points wide."""

    html: str = ""
    image: bytes | None = None
    image_width: float = 0.0
    keep_with_next: bool = False  # a heading: on the same page as the block after it
    row: bool = False  # html is one table row (<tr>...</tr>): it is set as a bordered table
    header: str = ""  # a row's table header (<tr>...</tr>), repeated when the row starts a page
    space_before: float = 0.0  # points of air above the block (dropped at a page's top)


def place(heights: list, headers: list, keep: list, space: list, page_height: float) -> list:
    """The page (0-based) of each block: blocks are never split, a block with keep set shares
    a page with the next, and a row that starts a page is preceded by its header's height."""
    pages, page, used = [], 0, 0.0
    for index, height in enumerate(heights):
        need = space[index] + height
        if keep[index] and index + 1 < len(heights):
            need += space[index + 1] + heights[index + 1]
        if used > 0 and used + need > page_height:
            page, used = page + 1, 0.0
        if used == 0 and headers[index]:
            used += headers[index]  # a row that starts a page: its table's header goes first
        used += (space[index] if used else 0.0) + height
        pages.append(page)
    return pages


class Typesetter:
    """Lays blocks out for one QPdfWriter (A4, its resolution) and paints them page by page."""

    def __init__(self, writer: QPdfWriter):
        self.writer = writer
        self.dots = writer.resolution() / 72.0  # device pixels per point
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width, self.height = rect.width(), rect.height() - FOOTER_PT * self.dots

    def document(self, html: str) -> QTextDocument:
        """The block's text laid out as wide as the text column; words and numbers stay whole."""
        document = QTextDocument()
        document.documentLayout().setPaintDevice(self.writer)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)  # never inside a word or a number
        document.setDefaultTextOption(option)
        document.setDefaultFont(QFont("sans-serif", BODY_PT))
        document.setDefaultStyleSheet(STYLE.format(body=BODY_PT, code=BODY_PT - 0.5, small=9))
        document.setDocumentMargin(0)
        document.setTextWidth(self.width)
        document.setHtml(html)
        return document

    @staticmethod
    def table(rows: str) -> str:
        """One or more <tr> rows as a full-width table with thin solid borders (Qt counts a
        table's pixels at 96 per inch on any device: 4 is 3 points)."""
        style = "border-color: #bbbbbb; border-style: solid; border-collapse: collapse"
        return (
            f"<table width='100%' cellspacing='0' cellpadding='4' border='1' style='{style}'>"
            f"{rows}</table>"
        )

    def print(self, blocks: list, footer: str) -> list:
        """Paint every block; the page of each (0-based)."""
        items = [self._item(block) for block in blocks]
        headers = {b.header: self.document(self.table(b.header)) for b in blocks if b.header}
        heights = [height for _, height in items]
        pages = place(
            heights,
            [headers[b.header].size().height() if b.header else 0.0 for b in blocks],
            [b.keep_with_next for b in blocks],
            [b.space_before * self.dots for b in blocks],
            self.height,
        )
        painter = QPainter(self.writer)
        count, page, y = pages[-1] + 1 if pages else 1, 0, 0.0
        for block, (item, _), on in zip(blocks, items, pages):
            if on != page:
                self._footer(painter, footer, page, count)
                self.writer.newPage()
                page, y = on, 0.0
            if y == 0 and block.header:
                y += self._draw(painter, headers[block.header], y)
            y += block.space_before * self.dots if y else 0.0
            y += self._draw(painter, item, y, block)
        self._footer(painter, footer, page, count)
        painter.end()
        return pages

    def _item(self, block: Block):
        if block.image is not None:
            image = QImage.fromData(block.image)
            width = min(self.width, block.image_width * self.dots)
            return image, width * image.height() / max(1, image.width())
        document = self.document(self.table(block.html) if block.row else block.html)
        return document, document.size().height()

    def _draw(self, painter: QPainter, item, y: float, block: Block | None = None) -> float:
        """Draw a laid-out document or an image at height y; the height it took."""
        if isinstance(item, QImage):
            width = min(self.width, block.image_width * self.dots)
            height = width * item.height() / max(1, item.width())
            painter.drawImage(QRectF(0, y, width, height), item)
            return height
        painter.save()
        painter.translate(0, y)
        item.drawContents(painter)
        painter.restore()
        return item.size().height()

    def _footer(self, painter: QPainter, text: str, page: int, count: int) -> None:
        """'Title · page n of N' centred at the foot of the page."""
        font = QFont("sans-serif", 8)
        painter.setFont(font)
        painter.setPen(QColor("#666666"))
        rect = QRectF(0, self.height, self.width, FOOTER_PT * self.dots)
        label = f"{text} · page {page + 1} of {count}"
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)


def write_pdf(blocks: list, path, title: str) -> list:
    """Typeset the blocks into an A4 PDF at `path`; the page of each block. OSError when the
    file cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    writer.setPageMargins(margins, QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    pages = Typesetter(writer).print(blocks, title)
    del writer  # closes the file
    if not Path(path).is_file():
        raise OSError(f"{path}: the PDF could not be written.")
    return pages

"""An administrative document (.docx) in the layout of Nghị định 30/2020/NĐ-CP.

A4, margins 2 cm top and bottom, 3 cm left, 2 cm right; Times New Roman 14 pt; the
header block (issuing body on the left, the national motto on the right, the number and
the place and date); "BÁO CÁO" and the subject; numbered sections (I., 1., a));
tables whose header row repeats on every page; "Nơi nhận:" and the signature block;
page numbers at the top from the second page; annexes on landscape pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from parindex.apps.reports.charts import Chart, png
from parindex.apps.reports.letterhead import Issuer, date_line, number_line
from parindex.apps.reports.tables import Band, Kind, ReportTable, text_row

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
SMALL_PT = 11
PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGINS = {"top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(2)}
TEXT_CM = 16.0  # 21 - 3 - 2
LANDSCAPE_TEXT_CM = 24.7  # 29.7 - 3 - 2
LEFT_HEAD_CM, RIGHT_HEAD_CM = 6.0, 10.0
NATION = "Cộng hòa xã hội chủ nghĩa Việt Nam"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT = "DỰ THẢO"
REPORT = "BÁO CÁO"
TABLE_CAPTION = "Bảng {number}. {title}"
CHART_CAPTION = "Biểu đồ {number}. {title}"
RECIPIENTS = "Nơi nhận:"
ANNEX_ATTACHED = "(Kèm theo Báo cáo số        /{symbol} ngày {day} của {issuer})"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
LETTERS = "abcdefghiklmnopqrstuvxy"  # Vietnamese order: no j, w, z
KEEP_TOGETHER_ROWS = 20


def _fonts(element: object, name: str = FONT) -> None:
    """Every script of a run or style in ``name``, theme fonts removed."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def _border(paragraph: Paragraph, edge: str, size: int = 6) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "000000")
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _row_flags(row: object, *, header: bool) -> None:
    """Rows never break across pages; the header row repeats on every page."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    flags = ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",)
    for flag in flags:
        element = OxmlElement(flag)
        element.set(qn("w:val"), "true")
        trpr.append(element)


def _keep_together(table: Table) -> None:
    """A short table moves to the next page whole instead of leaving a row or two behind."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table: Table, widths: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


class OfficialDocument:
    """Builds one document from top to bottom; :meth:`to_bytes` gives the .docx."""

    def __init__(self) -> None:
        self.doc: DocxDocument = Document()
        self.tables = 0
        self.charts = 0
        self._section = 0
        self._sub = 0
        self._point = 0
        self._styles()
        self._page(self.doc.sections[0], landscape=False)
        self._page_numbers()

    # --- set-up ------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        assert isinstance(normal, ParagraphStyle)
        _fonts(normal.element)
        normal.font.size = Pt(BODY_PT)
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        fmt.line_spacing = 1.15
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1)
        for level in (1, 2, 3):
            heading = styles[f"Heading {level}"]
            assert isinstance(heading, ParagraphStyle)
            _fonts(heading.element)
            heading.font.size = Pt(BODY_PT)
            heading.font.bold = level < 3
            heading.font.italic = level == 3
            heading.font.color.rgb = RGBColor(0, 0, 0)
            hfmt = heading.paragraph_format
            hfmt.space_before, hfmt.space_after = Pt(6), Pt(6)
            hfmt.first_line_indent = Cm(1)
            hfmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            hfmt.keep_with_next = True
        cell = styles.add_style("Table Text", 1)
        assert isinstance(cell, ParagraphStyle)
        self._cell_style = cell.style_id
        cell.base_style = normal
        cell.font.size = Pt(TABLE_PT)
        cfmt = cell.paragraph_format
        cfmt.space_before, cfmt.space_after = Pt(1), Pt(1)
        cfmt.line_spacing = 1.0
        cfmt.first_line_indent = Cm(0)
        cfmt.alignment = WD_ALIGN_PARAGRAPH.LEFT

    def _page(self, section: object, *, landscape: bool) -> None:
        width, height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
        section.page_width, section.page_height = width, height  # type: ignore[attr-defined]
        for side, size in MARGINS.items():
            setattr(section, f"{side}_margin", size)

    def _page_numbers(self) -> None:
        """The page number at the top centre, from the second page on."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    # --- text --------------------------------------------------------------------------

    def _line(
        self,
        container: DocxDocument | _Cell,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: int = BODY_PT,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
        style: str | None = None,
    ) -> Paragraph:
        paragraph = container.add_paragraph(style=style)
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        return paragraph

    def _rule(self, cell: _Cell, width_cm: float, line_cm: float) -> None:
        """A short centred line under a line of the header block."""
        paragraph = cell.add_paragraph()
        side = Cm(max((width_cm - line_cm) / 2, 0))
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.right_indent, fmt.first_line_indent = side, side, Cm(0)
        fmt.space_after, fmt.line_spacing = Pt(6), 1.0
        paragraph.add_run().font.size = Pt(2)
        _border(paragraph, "top")

    def letterhead(self, issuer: Issuer, day: date, *, draft: bool = False) -> None:
        table = self.doc.add_table(rows=2, cols=2)
        _no_borders(table)
        _widths(table, (LEFT_HEAD_CM, RIGHT_HEAD_CM))
        left, right = table.cell(0, 0), table.cell(0, 1)
        left.paragraphs[0].paragraph_format.space_after = Pt(0)
        right.paragraphs[0].paragraph_format.space_after = Pt(0)
        left._tc.remove(left.paragraphs[0]._p)
        right._tc.remove(right.paragraphs[0]._p)
        for number, line in enumerate(issuer.lines):
            self._line(left, line.upper(), bold=number >= issuer.superiors, size=13)
        self._rule(left, LEFT_HEAD_CM, 2.2)
        self._line(right, NATION.upper(), bold=True, size=12)
        self._line(right, MOTTO, bold=True, size=14)
        self._rule(right, RIGHT_HEAD_CM, 6.2)
        number, place = table.cell(1, 0), table.cell(1, 1)
        number.paragraphs[0].text = number_line(issuer)
        place.paragraphs[0].text = date_line(issuer.place, day)
        for cell, italic in ((number, False), (place, True)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Cm(0)
            for run in paragraph.runs:
                run.italic, run.font.size = italic, Pt(13)
        if draft:
            self._line(self.doc, DRAFT, bold=True).paragraph_format.space_before = Pt(12)

    def title(self, subject: str, *, kind: str = REPORT) -> None:
        heading = self._line(self.doc, kind, bold=True)
        heading.paragraph_format.space_before = Pt(18)
        self._line(self.doc, subject, bold=True).paragraph_format.space_after = Pt(18)

    def section(self, title: str) -> Paragraph:
        """``I. TITLE`` (upper case); restarts the numbering of subsections."""
        self._sub = 0
        number = ROMAN[self._section]
        self._section += 1
        return self.doc.add_paragraph(f"{number}. {title.upper()}", style="Heading 1")

    def subsection(self, title: str) -> Paragraph:
        """``1. Title``; restarts the numbering of points."""
        self._sub += 1
        self._point = 0
        return self.doc.add_paragraph(f"{self._sub}. {title}", style="Heading 2")

    def point(self, title: str) -> Paragraph:
        """``a) Title``."""
        letter = LETTERS[self._point % len(LETTERS)]
        self._point += 1
        return self.doc.add_paragraph(f"{letter}) {title}", style="Heading 3")

    def paragraph(self, text: str, *, italic: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.italic = italic
        return paragraph

    def bullet(self, text: str) -> Paragraph:
        return self.paragraph(f"- {text}")

    # --- tables and charts -------------------------------------------------------------

    def table(self, report_table: ReportTable, *, width_cm: float = TEXT_CM) -> Table:
        self.tables += 1
        caption = TABLE_CAPTION.format(number=self.tables, title=report_table.title)
        self._line(
            self.doc, caption, bold=True, size=TABLE_PT
        ).paragraph_format.keep_with_next = True
        table: Table = self.doc.add_table(rows=1, cols=len(report_table.columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._header_row(table, report_table)
        for row in report_table.rows:
            self._body_row(table, report_table, row)
        _widths(table, self._scaled(report_table, width_cm))
        if len(report_table.rows) <= KEEP_TOGETHER_ROWS:
            _keep_together(table)
        if report_table.note:
            self._line(
                self.doc,
                report_table.note,
                italic=True,
                size=SMALL_PT,
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
        self.doc.add_paragraph().paragraph_format.space_after = Pt(0)
        return table

    @staticmethod
    def _scaled(report_table: ReportTable, width_cm: float) -> list[float]:
        widths = [c.width for c in report_table.columns]
        factor = width_cm / sum(widths)
        return [w * factor for w in widths]

    def _fill(self, cell: _Cell, text: str, *, bold: bool = False, center: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = self._cell_style  # by id: looking the style up is slow
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        if bold:  # setting False would add an element to every cell for nothing
            run.bold = True
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def _header_row(self, table: Table, report_table: ReportTable) -> None:
        row = table.rows[0]
        _row_flags(row, header=True)
        for cell, column in zip(row.cells, report_table.columns, strict=True):
            self._fill(cell, column.header, bold=True, center=True)

    def _body_row(self, table: Table, report_table: ReportTable, row: object) -> None:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx leaves it untyped
        _row_flags(table.rows[-1], header=False)
        if isinstance(row, Band):
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            self._fill(merged, row.text, bold=True)
            return
        assert isinstance(row, tuple)
        texts = text_row(report_table, row)
        for cell, text, column in zip(cells, texts, report_table.columns, strict=True):
            self._fill(cell, text, center=column.kind is not Kind.TEXT)

    def chart(self, chart: Chart, *, width_cm: float = 15.5) -> None:
        self.charts += 1
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(png(chart)), width=Cm(width_cm))
        caption = CHART_CAPTION.format(number=self.charts, title=chart.label)
        self._line(self.doc, caption, italic=True, size=TABLE_PT).paragraph_format.space_after = Pt(
            12
        )

    # --- the end -----------------------------------------------------------------------

    def closing(self, text: str) -> None:
        """The last sentence (``Trên đây là báo cáo…/.``), kept on the signature's page."""
        self.paragraph(text).paragraph_format.keep_with_next = True

    def signature(self, issuer: Issuer, recipients: Sequence[str]) -> None:
        """``Nơi nhận:`` with its list on the left, the signer's title and name on the right;
        the block never breaks across two pages."""
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        _row_flags(table.rows[0], header=False)
        _widths(table, (8.0, 8.0))
        left, right = table.cell(0, 0), table.cell(0, 1)
        first = left.paragraphs[0]
        first.paragraph_format.first_line_indent = Cm(0)
        first.paragraph_format.space_after = Pt(0)
        run = first.add_run(RECIPIENTS)
        run.bold, run.italic, run.font.size = True, True, Pt(12)
        for number, recipient in enumerate(recipients, start=1):
            end = "." if number == len(recipients) else ";"
            self._line(left, f"- {recipient}{end}", size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
        right._tc.remove(right.paragraphs[0]._p)
        for line in issuer.signer:
            self._line(right, line.upper(), bold=True)
        for _ in range(4):
            self._line(right, "")
        self._line(right, issuer.signer_name, bold=True)

    def annex(self, title: str, subtitle: str, issuer: Issuer, day: date) -> None:
        """A new landscape page headed ``PHỤ BIỂU`` for the tables that follow."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape=True)
        section.different_first_page_header_footer = False
        self._line(self.doc, title.upper(), bold=True)
        self._line(self.doc, subtitle, bold=True)
        attached = ANNEX_ATTACHED.format(
            symbol=issuer.symbol, day=day.strftime("%d/%m/%Y"), issuer=issuer.name
        )
        self._line(self.doc, attached, italic=True).paragraph_format.space_after = Pt(12)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _end(self) -> None:
        """A body may not end with a table: Word and LibreOffice then add a full-size empty
        line, which can spill onto a blank last page. End with a 1 pt line instead."""
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(1)
        mark = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        mark.append(size)
        paragraph._p.get_or_add_pPr().append(mark)

    def to_bytes(self) -> bytes:
        self._end()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

"""The fast worksheet reader (importing/sheet.py) gives exactly the rows openpyxl's
read-only mode gives (values and their types), and gives way to openpyxl where it is not
sure: workbooks written by openpyxl (random, Hypothesis), by LibreOffice, and by hand."""

import shutil
import subprocess
import warnings
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from parindex.apps.surveys.importing.reader import XlsxTable, header_name
from parindex.apps.surveys.importing.sheet import Book, Unsure

FORMATS = ["General", "0", "0.00", "yyyy-mm-dd", "dd/mm/yyyy", "h:mm", "[h]:mm:ss", "mmm-yy"]


def typed(rows):
    """Rows with each value's type (1, 1.0 and True are equal in Python), in the
    container openpyxl gives (a missing row of a sheet without dimension is a list)."""
    return [type(row)((type(v).__name__, v) for v in row) for row in rows]


def by_openpyxl(path):
    """Header and rows as the reader read them before: openpyxl's read-only mode."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        return typed([header]), typed(sheet.iter_rows(min_row=2, values_only=True))
    finally:
        book.close()


def by_fast_reader(path):
    book = Book(path)
    try:
        sheet = book.sheet(book.sheets[0][1])
        header = next(sheet.rows(max_row=1), ())
        return typed([header]), typed(sheet.rows(min_row=2))
    finally:
        book.close()


def by_table(path):
    table = XlsxTable(path, path.name)
    try:
        rows = list(table.rows())
        assert [n for n, _ in rows] == list(range(2, len(rows) + 2))
        expected = by_openpyxl(path)[0][0]
        assert table.header == tuple(header_name(v) for _, v in expected)
        return [expected], typed(values for _, values in rows), table
    finally:
        table.close()


def assert_same(path):
    """The table gives openpyxl's rows; so does the fast reader unless it is unsure
    (a date out of range, which openpyxl reads as "#VALUE!" with a warning)."""
    expected = by_openpyxl(path)
    header, rows, table = by_table(path)
    assert (header, rows) == expected
    try:
        assert by_fast_reader(path) == expected
    except Unsure:
        assert table.book is not None
        event("left to openpyxl")


characters = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\n\t &<>\"'ệĐ")
fragments = st.text(characters, max_size=4) | st.sampled_from(["&amp;", "&#20;", "]]>", "_x005F_"])
texts = st.lists(fragments, max_size=4).map("".join).filter(lambda s: not s.startswith("="))
values = st.one_of(
    st.none(),
    texts,
    st.sampled_from(["Phiếu", "Sở Nội vụ", "Ủy ban", "  trước và sau  ", "a\nb", "#N/A"]),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.dates(date(1900, 3, 1), date(2100, 1, 1)),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.sampled_from(["=1+2", '="a"&"b"', "=SUM(A1:A2)"]),
)
cells = st.tuples(values, st.sampled_from(FORMATS))
sheets = st.lists(
    st.tuples(st.integers(1, 6), st.lists(st.tuples(st.integers(1, 8), cells), max_size=6)),
    max_size=8,
)


def write(path, rows, *, write_only):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("Phiếu") if write_only else book.active
    if not write_only:
        sheet.title = "Phiếu"
    number = 0
    for gap, cells_ in rows:
        number += gap
        line = dict(cells_)
        if write_only:
            width = max(line, default=0)
            row = []
            for column in range(1, width + 1):
                if column not in line:
                    row.append(None)
                    continue
                value, form = line[column]
                cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
                cell.number_format = form
                row.append(cell)
            for _ in range(gap - 1):
                sheet.append([])
            sheet.append(row)
        else:
            for column, (value, form) in line.items():
                cell = sheet.cell(row=number, column=column, value=value)
                cell.number_format = form
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book.save(path)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=sheets, write_only=st.booleans())
def test_random_openpyxl_workbooks_read_as_openpyxl_reads_them(tmp_path, rows, write_only):
    path = tmp_path / "random.xlsx"
    write(path, rows, write_only=write_only)
    assert_same(path)


LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice is not installed")
def test_workbooks_saved_by_libreoffice_read_as_openpyxl_reads_them(tmp_path):
    rows = [
        (1, [(1, ("ballot", "General")), (2, ("unit", "General")), (3, ("date", "General"))]),
        (1, [(1, ("P-1 & <2>", "General")), (2, ("Sở Nội vụ", "General"))]),
        (1, [(1, ("P-2", "General")), (3, (datetime(2024, 11, 15), "dd/mm/yyyy")), (4, (5, "0"))]),
        (3, [(2, (2.5, "0.00")), (4, (True, "General")), (5, ("=1+2", "General"))]),
        (1, [(1, ("  a\nb  ", "General")), (3, (date(1900, 1, 15), "yyyy-mm-dd"))]),
        (1, [(1, ("Sở Nội vụ", "General")), (6, (time(8, 30), "h:mm")), (7, ("#N/A", "General"))]),
        (2, [(2, (1.5, "[h]:mm:ss")), (3, ('="x"&"y"', "General")), (4, (-(10**12), "0"))]),
    ]
    source = tmp_path / "source.xlsx"
    write(source, rows, write_only=False)
    out = tmp_path / "lo"
    subprocess.run(
        [
            LIBREOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / "source.xlsx"
    with zipfile.ZipFile(saved) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert 't="s"' in xml  # shared strings, unlike openpyxl's workbooks
    header, values_ = by_fast_reader(saved)  # read without falling back
    assert (header, values_) == by_openpyxl(saved)
    assert by_table(saved)[1] == values_
    assert ("str", "xy") in values_[8]  # formulas' cached values
    assert ("int", 3) in values_[4]


# Workbooks written by hand: the parts of the format openpyxl does not write.

CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="{PACKAGE}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>
</Types>"""
RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE}/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
BOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE}/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr{date1904}/><sheets><sheet name="Phiếu" sheetId="1" r:id="rId1"/></sheets></workbook>"""
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="#,##0.0"/></numFmts>
<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>
<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/>
<xf numFmtId="46" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4">
<si><t>ballot</t></si><si><t xml:space="preserve"> Sở &amp; Nội vụ </t></si>
<si><r><rPr><b/></rPr><t>Ủy </t></r><r><t>ban</t></r>
<rPh sb="0" eb="1"><t>x</t></rPh></si>
<si><t>a_x005F_b</t></si></sst>"""
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ROOT = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {extra}>'


def handmade(path, data, *, dimension="", date1904=False, root_extra="", head=""):
    sheet = (
        HEAD
        + ROOT.format(extra=root_extra)
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + head
        + f"<sheetData>{data}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS)
        archive.writestr(
            "xl/workbook.xml", WORKBOOK.format(date1904=' date1904="1"' if date1904 else "")
        )
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", STRINGS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


USUAL = (
    '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>\n'
    '<row r="2"><c r="A2" t="str"><f>"P-"&amp;1</f>'
    "<v>P-1 &amp; &lt;2&gt; &#7879;&#x1EC7;</v></c>"
    '<c r="B2" s="1"><v>45611</v></c><c r="C2" s="2"><v>45611.5</v></c>'
    '<c r="D2" s="3"><v>2.50</v></c><c r="E2" t="b"><v>1</v></c>'
    '<c r="F2" t="e"><v>#DIV/0!</v></c><c r="G2" s="4"><v>1.25</v></c></row>\n'
    '<row r="5"><c r="C5"><v>1E3</v></c><c r="A5"><v>-7</v></c></row>'
    '<row r="6"/><row r="7"><c s="1"/>'
    '<c r="B7" t="inlineStr"><is><t xml:space="preserve"> x\r\ny </t></is></c>'
    '<c t="n"><v>3</v></c><c r="E7" t="d"><v>2024-11-15T08:30:00</v></c><c r="F7"></c>'
    '<c r="G7" t="s"><f>A1</f><v>1</v></c></row>'
    '<row><c r="A8" s="0" t="n"><v> 12 </v></c><c r="B8" t="n"><v/></c></row>'
)


@pytest.mark.parametrize("dimension", ["", "A1:G8", "A1:C4", "B2:K12", "A1"])
@pytest.mark.parametrize("date1904", [False, True])
def test_handmade_workbooks_read_as_openpyxl_reads_them(tmp_path, dimension, date1904):
    path = handmade(tmp_path / "hand.xlsx", USUAL, dimension=dimension, date1904=date1904)
    header, rows = by_fast_reader(path)
    assert (header, rows) == by_openpyxl(path)
    assert by_table(path)[1] == rows
    if not dimension:
        assert header == [tuple(("str", v) for v in ["ballot", " Sở & Nội vụ ", "Ủy ban", "a_b"])]
        assert rows[0][0] == ("str", "P-1 & <2> ệệ")
        assert len(rows) == 7
        assert rows[1] == rows[2] == []
        assert rows[4] == ()


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
@pytest.mark.parametrize(
    ("data", "where"),
    [
        ('<row r="1"><c r="A1"><v>1</v></c><!-- note --></row>', "comment"),
        ('<row r="1"><c r="A1" t="str"><v><![CDATA[x]]></v></c></row>', "CDATA"),
        ('<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r></is></c></row>', "rich"),
        ('<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c></row>', "empty inline"),
        ('<row r="1"><c r="A1" t="x"><v>1</v></c></row>', "unknown type"),
        ('<row r="1"><x:c xmlns:x="urn:x" r="A1"><v>1</v></x:c></row>', "prefix"),
        ('<row r="1"><c r="A1" xmlns="urn:other"><v>1</v></c></row>', "namespace"),
        ('<row r="1"><c r="A1" s="1"><v>1e300</v></c></row>', "date out of range"),
        ('<row r="1"><c r="A1"><v>abc</v></c></row>', "not a number"),
        ('<row r="1"><c r="A1"><v>&nbsp;</v></c></row>', "unknown entity"),
        ('<row r="1"><c r="A1"><v>1</v><extLst/></c></row>', "unknown content"),
        ('<row r="1.0"><c r="A1"><v>1</v></c></row>', "row number"),
        ('<row r="1"><c r="a1"><v>1</v></c></row>', "reference"),
        ('<row r="1"><c r="A1" t="s"><v>9</v></c></row>', "no such string"),
        ('<row r="1"><c r="A1"><v>1</v></c></row>text', "text"),
    ],
)
def test_a_sheet_the_reader_is_not_sure_of_is_read_by_openpyxl(tmp_path, data, where):
    good = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
    path = handmade(
        tmp_path / "odd.xlsx", good + data.replace('r="1"', 'r="3"').replace("A1", "A3")
    )
    book = Book(path)
    given_: list[object] = []
    rows = book.sheet(book.sheets[0][1]).rows(min_row=2)
    with pytest.raises(Unsure):  # before it gives the odd row
        given_.extend(rows)
    book.close()
    try:
        expected = by_openpyxl(path)
    except Exception as exc:  # openpyxl refuses the file: so does the table, in the same way
        with pytest.raises(type(exc)):
            by_table(path)
        return
    assert typed(given_) == expected[1][: len(given_)]
    header, rows, table = by_table(path)
    assert (header, rows) == expected
    assert table.fast is None  # openpyxl read the rest
    assert table.book is not None


@pytest.mark.parametrize(
    ("extra", "head"),
    [
        ("", "<!-- a comment -->"),
        ("", "<?pi data?>"),
        ('xmlns:y="urn:y"', '<row r="1"><c r="A1"><v>1</v></c></row>'),
    ],
)
def test_a_head_the_reader_is_not_sure_of_leaves_the_whole_file_to_openpyxl(tmp_path, extra, head):
    path = handmade(tmp_path / "odd.xlsx", USUAL, root_extra=extra, head=head)
    book = Book(path)
    with pytest.raises(Unsure):
        book.sheet(book.sheets[0][1])
    book.close()
    header, rows, table = by_table(path)
    assert (header, rows) == by_openpyxl(path)
    assert table.fast is None


def test_a_strict_ooxml_sheet_is_left_to_openpyxl(tmp_path):
    path = handmade(tmp_path / "strict.xlsx", USUAL)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    header, rows, table = by_table(path)
    assert (header, rows) == by_openpyxl(path)
    assert table.fast is None


def test_the_usual_ballot_workbook_is_read_without_openpyxl_parsing_the_sheet(tmp_path):
    path = tmp_path / "ballots.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Phiếu")
    sheet.append(["ballot", "unit", "date", "1.1", "1.2"])
    for i in range(50):
        sheet.append([f"P-{i:03d}", "SNV", datetime(2024, 11, 15), i % 5 + 1, None])
    book.save(path)
    header, rows, table = by_table(path)
    assert (header, rows) == by_openpyxl(path)
    assert table.book is None  # openpyxl never loaded the workbook
    assert rows[3] == (
        ("str", "P-003"),
        ("str", "SNV"),
        ("datetime", datetime(2024, 11, 15)),
        ("int", 4),
    )


def test_the_parsers_bench_reads_the_same_rows_every_way():
    from bench.surveys_xlsx_parsers import measure  # noqa: PLC0415 - bench/ is not a package dep

    m = measure(30, 1)
    assert m["ballots"] == 30
    assert m["openpyxl_vs_sheet_reader"] > 0


@pytest.mark.parametrize("dimension", ["", "A1:C3", "A:C", "A1:A1"])
@pytest.mark.parametrize(
    "data",
    [
        '<row r="3"><c r="A3"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>',
        '<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>',
        '<row r="2"><c r="B2"><v>1</v></c><c r="B2"><v>2</v></c><c r="A2"><v>3</v></c></row>',
        '<row r="1"/><row r="4"></row>\n  <row r="6" spans="1:2" ht="15"><c r="E6"/></row>',
        '<row r="2"><c r="A2" t="s"/><c r="C2" t="str"></c><c r="D2" t="b"><v>0</v></c></row>',
        '<row r="2" x14ac:dyDescent="0.25"><c r="A2" cm="1" vm="1"><v>7</v></c></row>',
        "",
    ],
)
def test_odd_but_valid_layouts_read_as_openpyxl_reads_them(tmp_path, data, dimension):
    root = 'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    path = handmade(tmp_path / "odd.xlsx", data, dimension=dimension, root_extra=root)
    assert by_fast_reader(path) == by_openpyxl(path)
    assert by_table(path)[1] == by_openpyxl(path)[1]

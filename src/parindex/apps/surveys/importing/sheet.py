"""A fast, streaming reader of one worksheet's values, giving exactly what openpyxl's
read-only mode gives (``iter_rows(values_only=True)`` of a workbook loaded with
``data_only=True``).

openpyxl builds an element tree node per cell and reads it through its descriptors:
about 47 s for 100,000 ballots of 23 cells. This reader cuts the sheet's XML into
chunks of whole ``<row>`` elements as it is decompressed, splits them into rows and
reads each row's cells with one compiled regular expression. Everything that is not
the sheet's cells is still read by openpyxl's own code (the workbook's sheets, the
shared strings, the styles that make a number a date, the 1904 date system, the
sheet's ``<dimension>``), and values are turned into Python objects by the same
functions openpyxl calls (``from_excel``, ``from_ISO8601``), so that only the cutting
of the XML is this module's own.

The reader is strict: the sheet's data may hold only ``<row>`` and ``<c>`` elements
with the usual content (a ``<v>`` value, a formula's cached value, an inline string of
one ``<t>``), text with the XML's five entities or character references, and nothing
it does not know for sure what openpyxl makes of (a comment, CDATA, a namespace prefix,
an unknown cell type, a rich inline string, an unreadable number, a date out of range).
On any such thing it raises :class:`Unsure` before giving the row that holds it; the
caller then reads the rest with openpyxl (:mod:`.reader`). What it does not parse it
does not check either: the XML after the sheet's data and the workbook's other sheets
(openpyxl parses them when it opens a workbook, and refuses one broken there).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601

CHUNK = 1 << 20
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

type Values = tuple[object, ...] | list[object]


class Unsure(Exception):  # noqa: N818 - a signal to fall back, not an error
    """The file holds something this reader does not read for sure as openpyxl does."""


_WS = "[ \t\r\n]"
_ATTRS = re.compile(rf"""(?:{_WS}+([A-Za-z_][\w.:-]*){_WS}*={_WS}*(?:"([^"<&]*)"|'([^'<&]*)'))""")
_ATTRS_ALL = re.compile(
    rf"""(?:{_WS}+[A-Za-z_][\w.:-]*{_WS}*={_WS}*(?:"[^"<&]*"|'[^'<&]*'))*{_WS}*"""
)
_COORD = re.compile(r"([A-Z]{1,3})[0-9]+")
_DIGITS = re.compile(r"[0-9]+")
_FORMULA = r"<f\b[^>]*?(?:/>|>[^<]*</f>)"
_INNER = re.compile(
    rf"{_WS}*(?:{_FORMULA}{_WS}*)?(?:<v>([^<]*)</v>{_WS}*|<v{_WS}*/>{_WS}*)?(?:{_FORMULA}{_WS}*)?"
)
_INLINE = re.compile(
    rf'{_WS}*(?:{_FORMULA}{_WS}*)?<is>{_WS}*<t(?:{_WS}+xml:space="preserve")?>([^<]+)</t>'
    rf"{_WS}*</is>{_WS}*(?:<v>[^<]*</v>{_WS}*)?"
)
# The bytes XML allows in a document; the others are control characters the parser
# refuses (so does it U+FFFE and U+FFFF).
_ALLOWED = bytes(b for b in range(256) if b >= 0x20 or b in (0x9, 0xA, 0xD))
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_TYPES = frozenset({"n", "s", "str", "b", "e", "inlineStr", "d"})
_HEAD = re.compile(r"<sheetData\b([^>]*?)(/?)>")
_ROOT = re.compile(r"<worksheet\b([^>]*)>")
_DIMENSION = re.compile(rf'<dimension{_WS}+ref="([^"<&]*)"{_WS}*/>')
_DECLARATION = re.compile(r"<\?xml\b([^>]*)\?>")
_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")


def _char(code: int) -> str:
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return chr(code)
    if 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise Unsure("character reference")


def _entity(match: re.Match[str]) -> str:
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED[named]
    return _char(int(decimal) if decimal else int(hexadecimal, 16))


def text(raw: str) -> str:
    """The text an XML parser reads from ``raw`` (character data of an element)."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw
    decoded = _ENTITY.sub(_entity, raw)
    if raw.count("&") != len(_ENTITY.findall(raw)):
        raise Unsure("entity")
    return decoded


def _attributes(raw: str, *, declarations: bool = False) -> dict[str, str]:
    if not _ATTRS_ALL.fullmatch(raw):
        raise Unsure("attributes")
    found: dict[str, str] = {}
    for name, double, single in _ATTRS.findall(raw):
        if (name.startswith("xmlns") and not declarations) or name in found:
            raise Unsure("namespace or repeated attribute")
        found[name] = double or single
    return found


def _checked(chunk: bytes) -> bytes:
    if chunk.translate(None, _ALLOWED):
        raise Unsure("control character")
    return chunk


def _number(value: str) -> int | float:
    # openpyxl.worksheet._reader._cast_number
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


class Book:
    """A workbook's worksheets, read by openpyxl's own code without parsing any sheet."""

    def __init__(self, path: Path) -> None:
        reader = ExcelReader(path, read_only=True, data_only=True)
        self.archive: zipfile.ZipFile = reader.archive
        try:
            # openpyxl.reader.excel.ExcelReader.read, but for the worksheets and their names
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            reader.read_properties()
            reader.read_custom()
            reader.read_theme()
            apply_stylesheet(reader.archive, reader.wb)
            names = set(reader.valid_files)
            sheets = [(s, r) for s, r in reader.parser.find_sheets() if r.target in names]
            if any("chartsheet" in rel.Type for _, rel in sheets):
                raise Unsure("chart sheet")
            self.sheets = [(sheet.name, rel.target) for sheet, rel in sheets]
        except BaseException:
            self.archive.close()
            raise
        book = reader.wb
        self.strings: list[str] = reader.shared_strings
        self.epoch: datetime = book.epoch
        # set by openpyxl.styles.stylesheet.apply_stylesheet (not in openpyxl's stubs)
        self.date_formats: set[int] = set(book._date_formats)  # type: ignore[attr-defined]
        self.timedelta_formats: set[int] = set(book._timedelta_formats)  # type: ignore[attr-defined]

    def sheet(self, member: str) -> Sheet:
        return Sheet(self, member)

    def close(self) -> None:
        self.archive.close()


class Sheet:
    """One worksheet: its size as openpyxl reads it and its rows, streamed."""

    def __init__(self, book: Book, member: str) -> None:
        self.book, self.member = book, member
        self.max_row: int | None = None
        self.max_column: int | None = None
        with book.archive.open(member) as source:
            head, _ = self._head(source)
        dimension = _DIMENSION.search(head)
        if dimension:
            try:
                bounds = range_boundaries(dimension.group(1))
            except ValueError:
                raise Unsure("dimension") from None
            self.max_column, self.max_row = bounds[2], bounds[3]
        elif "<dimension" in head:
            raise Unsure("dimension")

    @staticmethod
    def _head(source: Any) -> tuple[str, tuple[Any, str, bool]]:
        """The XML before ``<sheetData>``, checked, and how to go on reading."""
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        buffer = ""
        while True:
            chunk = _checked(source.read(CHUNK))
            try:
                buffer += decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                raise Unsure("encoding") from None
            found = _HEAD.search(buffer)
            if found or not chunk:
                break
        if not found:
            raise Unsure("no sheet data")
        head = buffer[: found.start()]
        declaration = _DECLARATION.match(head)
        if declaration:
            encoding = _ENCODING.search(declaration.group(1))
            if encoding and encoding.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
                raise Unsure("encoding")
            rest = head[declaration.end() :]
        else:
            rest = head
        if "<!" in rest or "<?" in rest:
            raise Unsure("declarations in the head")
        root = _ROOT.match(rest.lstrip(" \t\r\n"))
        if not root or _attributes(root.group(1), declarations=True).get("xmlns") != MAIN_NS:
            raise Unsure("root element")
        if "<row" in rest or "<c " in rest or _attributes(found.group(1)):
            raise Unsure("head")
        return head, (decoder, buffer[found.end() :], bool(found.group(2)))

    def _chunks(self) -> Iterator[str]:
        """The text of the sheet's data, cut after a ``</row>``."""
        with self.book.archive.open(self.member) as source:
            _, (decoder, buffer, empty) = self._head(source)
            if empty:
                return
            while True:
                end = buffer.find("</sheetData>")
                if end >= 0:
                    yield buffer[:end]
                    return
                cut = buffer.rfind("</row>")
                if cut >= 0:
                    yield buffer[: cut + 6]
                    buffer = buffer[cut + 6 :]
                chunk = _checked(source.read(CHUNK))
                if not chunk:
                    raise Unsure("no end of sheet data")
                try:
                    buffer += decoder.decode(chunk)
                except UnicodeDecodeError:
                    raise Unsure("encoding") from None

    def _parsed(self) -> Iterator[tuple[int, list[object], int]]:
        """Each row's number, values by column (from column 1) and last cell's column,
        as openpyxl's ``WorkSheetParser.parse_row`` reads them."""
        cells = _Cells(self.book)
        counter = 0
        for chunk in self._chunks():
            if (
                "<!" in chunk
                or "<?" in chunk
                or "]]>" in chunk
                or "\ufffe" in chunk
                or "\uffff" in chunk
            ):
                raise Unsure("markup declaration, comment, CDATA, processing instruction")
            plain = "&" not in chunk and "\r" not in chunk
            pieces = chunk.split("</row>")
            last = len(pieces) - 1
            for at, whole in enumerate(pieces):
                piece = whole
                while True:
                    piece = piece.lstrip(" \t\r\n")
                    if not piece:
                        if at != last:
                            raise Unsure("end of a row without its start")
                        break
                    end = piece.find(">")
                    if not piece.startswith("<row") or end < 0:
                        raise Unsure("not a row")
                    attrs = piece[4:end]
                    closed = attrs.endswith("/")
                    if closed:
                        attrs = attrs[:-1]
                    counter = cells.row_number(attrs, counter)
                    if closed:
                        yield counter, [], 0
                        piece = piece[end + 1 :]
                        continue
                    if at == last:
                        raise Unsure("row without its end")
                    values, width = cells.read(piece[end + 1 :], plain)
                    yield counter, values, width
                    break

    def rows(self, min_row: int = 1, max_row: int | None = None) -> Iterator[Values]:
        """``iter_rows(min_row=min_row, max_row=max_row, values_only=True)`` of openpyxl's
        read-only worksheet: missing rows and cells are filled in, each row has the
        sheet's width (or, when the sheet has no dimension, its last cell's column)."""
        # openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row and _get_row
        max_col = self.max_column
        max_row = max_row or self.max_row
        empty: Values = (None,) * max_col if max_col is not None else []
        counter = min_row
        index = 1
        for index, values, last in self._parsed():
            if max_row is not None and index > max_row:
                break
            while counter < index:
                counter += 1
                yield empty
            if counter <= index:
                counter += 1
                if not last and not max_col:
                    yield ()
                    continue
                width = max_col or last
                if len(values) > width:
                    del values[width:]
                elif len(values) < width:
                    values.extend([None] * (width - len(values)))
                yield tuple(values)
        if max_row is not None and max_row < index:
            for _ in range(counter, max_row + 1):
                yield empty


_FAST = re.compile(
    r'<c r="([A-Z]{1,3})[0-9]+"([^>]*)>(?:<v>([^<]*)</v>|<is><t>([^<]+)</t></is>)</c>'
    r"|(<c\b[^>]*?(?:/>|>.*?</c>))|([ \t\r\n]+)|(.)",
    re.S,
)
_ONE = re.compile(rf'<c(?:{_WS}+r="([A-Z]{{1,3}})[0-9]+")?([^>]*?)(?:(/)>|>(.*?)</c>)', re.S)
_ROW_NUMBER = re.compile(rf'{_WS}+r="([0-9]+)"(.*)', re.S)

type Kind = tuple[int, str, bool, bool, int | None]


class _Cells:
    """The cells of a row, read as openpyxl's ``WorkSheetParser.parse_cell`` reads them
    (``data_only``: a formula's cached value)."""

    def __init__(self, book: Book) -> None:
        self.strings, self.epoch = book.strings, book.epoch
        self.dates, self.durations = book.date_formats, book.timedelta_formats
        self.kinds: dict[str, Kind] = {}
        self.row_attrs: dict[str, None] = {}
        self.columns: dict[str, int] = {}
        self.numbers: dict[str, object] = {}
        self.moments: dict[tuple[str, int], object] = {}

    def row_number(self, attrs: str, counter: int) -> int:
        if attrs and attrs[0] not in " \t\r\n":
            raise Unsure("not a row")
        found = _ROW_NUMBER.fullmatch(attrs)
        rest = found.group(2) if found else attrs
        if rest not in self.row_attrs:
            if "r" in _attributes(rest):
                raise Unsure("row number")
            if len(self.row_attrs) < 1024:
                self.row_attrs[rest] = None
        return int(found.group(1)) if found else counter + 1

    def kind(self, raw: str) -> Kind:
        found = self.kinds.get(raw)
        if found is not None:
            return found
        attrs = _attributes(raw)
        style, kind = attrs.get("s", "0"), attrs.get("t", "n")
        if not _DIGITS.fullmatch(style) or kind not in _TYPES:
            raise Unsure("cell style or type")
        column = None
        if "r" in attrs:
            coordinate = _COORD.fullmatch(attrs["r"])
            if not coordinate:
                raise Unsure("cell reference")
            column = column_index_from_string(coordinate.group(1))
        number = int(style)
        found = (number, kind, number in self.dates, number in self.durations, column)
        if column is None and len(self.kinds) < 1024:
            self.kinds[raw] = found
        return found

    def column(self, letters: str) -> int:
        found = self.columns.get(letters)
        if found is None:
            found = self.columns[letters] = column_index_from_string(letters)
        return found

    def value(self, raw: str, kind: Kind) -> object:  # noqa: PLR0911 - one per cell type
        """The value of a cell whose ``<v>`` holds ``raw`` (its text, not empty)."""
        style, type_, is_date, duration, _ = kind
        try:
            if type_ == "n":
                if is_date:
                    key = (raw, style)
                    found = self.moments.get(key)
                    if found is None:
                        found = from_excel(_number(raw), self.epoch, timedelta=duration)
                        if len(self.moments) < 4096:
                            self.moments[key] = found
                    return found
                found = self.numbers.get(raw)
                if found is None:
                    found = _number(raw)
                    if len(self.numbers) < 4096:
                        self.numbers[raw] = found
                return found
            if type_ == "s":
                return self.strings[int(raw)]
            if type_ == "b":
                return bool(int(raw))
            if type_ == "d":
                return from_ISO8601(raw)  # type: ignore[no-untyped-call]
            if type_ == "inlineStr":
                return None  # openpyxl reads only the <is> of an inline string
            return raw  # "str" (a formula's text), "e" (an error: its text)
        except (ValueError, IndexError, TypeError, OverflowError):
            raise Unsure("value") from None

    def read(self, inner: str, plain: bool) -> tuple[list[object], int]:  # noqa: PLR0912
        # (the hot loop: every usual form of cell is read here, without a call)
        """The values of the cells in ``inner`` (a row's content) by column, from column
        1, and the last cell's column."""
        kinds, columns, numbers = self.kinds, self.columns, self.numbers
        values: list[object] = []
        append = values.append
        column = size = 0
        for letters, attrs, raw, inline, other, _, junk in _FAST.findall(inner):
            if letters:
                kind = kinds.get(attrs) or self.kind(attrs)
                if kind[4] is not None:
                    raise Unsure("repeated cell reference")
                column = columns.get(letters) or self.column(letters)
                if raw:
                    if not plain:
                        value = self.value(text(raw), kind)
                    elif kind[1] == "n" and not kind[2]:
                        value = numbers.get(raw)
                        if value is None:
                            value = self.value(raw, kind)
                    else:
                        value = self.value(raw, kind)
                elif inline and kind[1] == "inlineStr":
                    value = inline if plain else text(inline)
                else:
                    value = None
            elif other:
                column, value = self.other(other, column)
            elif junk:
                raise Unsure("not a cell")
            else:
                continue
            if column == size + 1:
                append(value)
                size = column
            elif column > size:
                values.extend([None] * (column - size - 1))
                append(value)
                size = column
            else:
                values[column - 1] = value
        return values, column

    def other(self, cell: str, column: int) -> tuple[int, object]:
        """The column and value of a cell not in the usual form."""
        found = _ONE.fullmatch(cell)
        if not found:
            raise Unsure("not a cell")
        letters, attrs, closed, content = found.groups()
        kind = self.kind(attrs)
        if letters:
            if kind[4] is not None:
                raise Unsure("repeated cell reference")
            column = self.column(letters)
        else:
            column = kind[4] if kind[4] is not None else column + 1
        if closed or not content:
            return column, None
        if kind[1] == "inlineStr":
            inline = _INLINE.fullmatch(content)
            if not inline:
                raise Unsure("inline string")
            return column, text(inline.group(1))
        plain = _INNER.fullmatch(content)
        if not plain:
            raise Unsure("cell content")
        raw = text(plain.group(1) or "")
        return column, self.value(raw, kind) if raw else None

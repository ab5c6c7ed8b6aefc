"""Reading what a page shows: its captioned tables and its definition lists.

Shared by the page tests of every app (tests/ is on the import path).
"""

from html.parser import HTMLParser


class PageReader(HTMLParser):
    """Collects the tables (caption, rows of cell texts) and the definition lists of a page."""

    CELLS = ("td", "th", "dt", "dd")

    def __init__(self):
        super().__init__()
        self.tables = []
        self.lists = []
        self._text = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(["", []])
        elif tag == "dl":
            self.lists.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("caption", *self.CELLS):
            self._text = []

    def handle_endtag(self, tag):
        if tag == "tr":
            self.tables[-1][1].append(self._row)
            self._row = None
        elif tag in ("caption", *self.CELLS):
            text = " ".join("".join(self._text).split())
            self._text = None
            self._store(tag, text)

    def _store(self, tag, text):
        if tag == "caption":
            self.tables[-1][0] = text
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif tag == "dt":
            self.lists[-1].append([text, ""])
        elif tag == "dd":
            self.lists[-1][-1][1] = text

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def read(response):
    reader = PageReader()
    reader.feed(response.content.decode())
    return reader


def table(response, caption):
    """The rows (header row first) of the table whose caption is ``caption``."""
    reader = read(response)
    for found, rows in reader.tables:
        if found == caption:
            return rows
    captions = [found for found, _ in reader.tables]
    raise AssertionError(f"no table captioned {caption!r} in {captions}")

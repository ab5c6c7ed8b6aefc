"""Helpers of the criteria-set tests: URLs, form data, and a fingerprint of everything
a write could change (to show that a refused write changed nothing)."""

from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse

from parindex.apps.audit.models import AuditEntry
from parindex.apps.frameworks.checks import parameter_texts, plain
from parindex.apps.frameworks.models import ClassBand, CodeMapping, CriteriaNode, CriteriaSet
from parindex.interchange._rules import ALL_PARAMETERS


def node(criteria_set, code):
    return CriteriaNode.objects.get(criteria_set=criteria_set, code=code)


def url(name, *args):
    return reverse(f"frameworks:{name}", args=args)


def fingerprint():
    """Everything the pages of this app may change, to show that nothing changed."""
    return (
        list(CriteriaSet.objects.order_by("pk").values()),
        list(CriteriaNode.objects.order_by("pk").values()),
        list(ClassBand.objects.order_by("pk").values()),
        list(CodeMapping.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def node_data(row, **changes):
    """The node form as it is shown for ``row``, with ``changes``."""
    data = {
        "code": row.code,
        "title": row.title,
        "max_points": plain(row.max_points),
        "rule": row.rule,
        "groups": list(row.groups),
        "method": row.method,
        "evidence_required": row.evidence_required,
    }
    data.update(dict.fromkeys(ALL_PARAMETERS, ""))
    data.update(parameter_texts(row))
    data.update(changes)
    return data


def new_node_data(code, title, max_points, rule="", **parameters):
    data = {"code": code, "title": title, "max_points": str(max_points), "rule": rule}
    data.update(dict.fromkeys(ALL_PARAMETERS, ""))
    data.update(parameters)
    return data


def total(criteria_set, code):
    return node(criteria_set, code).max_points.normalize()


D = Decimal


class _PageReader(HTMLParser):
    """The tables (caption, rows of cell texts) and definition lists of a page."""

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
        if tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None
        elif tag in ("caption", *self.CELLS) and self._text is not None:
            text = " ".join("".join(self._text).split())
            self._text = None
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


def _read(response):
    reader = _PageReader()
    reader.feed(response.content.decode())
    return reader


def table_rows(response, caption):
    """The rows (without the header row) of the table captioned ``caption``."""
    reader = _read(response)
    for found, rows in reader.tables:
        if found == caption:
            return rows[1:]
    raise AssertionError(f"no table captioned {caption!r} in {[c for c, _ in reader.tables]}")


def facts(response):
    """The first definition list of the page, as a dict."""
    return dict(_read(response).lists[0])

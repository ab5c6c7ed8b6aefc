"""Helpers of the criteria-set tests: URLs, form data, and a fingerprint of everything
a write could change (to show that a refused write changed nothing)."""

from decimal import Decimal

from django.urls import reverse

from page_reader import read, table
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


def table_rows(response, caption):
    """The rows (without the header row) of the table captioned ``caption``."""
    return table(response, caption)[1:]


def facts(response):
    """The first definition list of the page, as a dict."""
    return dict(read(response).lists[0])

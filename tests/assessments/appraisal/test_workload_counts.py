"""The queue and the progress page count items by status in SQL: the numbers they show are
those of counting every score row in Python, whatever the statuses, missing rows and
leaves that apply to one group only; the database returns counts, not score rows."""

import random
from collections import Counter

import pytest
from appraisal_support import field_node, table
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.apps.assessments.models import FieldAssignment, Score, ScoreStatus
from parindex.apps.assessments.selectors_workload import CriteriaTree, count_work

pytestmark = pytest.mark.django_db

QUEUE = reverse("assessments:queue")
PROGRESS = reverse("assessments:progress")


def scramble(appraisal, seed):
    """Random statuses on every score row of the round, and a few rows deleted."""
    rng = random.Random(seed)
    scores = list(Score.objects.filter(participation__round=appraisal.round))
    for score in scores:
        score.status = rng.choice(list(ScoreStatus))
    Score.objects.bulk_update(scores, ["status"])
    gone = rng.sample([s.pk for s in scores], k=len(scores) // 10)
    Score.objects.filter(pk__in=gone).delete()


def counted_row_by_row(participation, leaves):
    """What the pages showed before: every score row read and counted in Python."""
    statuses = dict(
        Score.objects.filter(participation=participation).values_list("node_id", "status")
    )
    by_status = Counter(statuses.get(leaf.pk, ScoreStatus.OPEN) for leaf in leaves)
    return {
        "total": len(leaves),
        **{status.value: by_status[status] for status in ScoreStatus},
    }


def as_dict(work):
    return {
        "total": work.total,
        "open": work.open,
        "appraised": work.appraised,
        "returned": work.returned,
        "supplemented": work.supplemented,
        "closed": work.closed,
    }


def every_cell(appraisal):
    tree = CriteriaTree.of(appraisal.round.criteria_set_id)
    return tree, {
        (p, top.pk): tree.work_leaves(top.pk, p.unit.group.code)
        for p in appraisal.participations.values()
        for top in tree.fields
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counting_in_sql_gives_what_counting_every_row_gives(appraisal, seed):
    scramble(appraisal, seed)
    _, cells = every_cell(appraisal)
    counted = count_work({(p.pk, f): leaves for (p, f), leaves in cells.items()})
    for (p, f), leaves in cells.items():
        assert as_dict(counted[(p.pk, f)]) == counted_row_by_row(p, leaves), (p.unit.code, f)


def work_of(appraisal, unit, field):
    """Counted with every unit and field of the round in the same query, as the pages do."""
    _, cells = every_cell(appraisal)
    counted = count_work({(p.pk, f): leaves for (p, f), leaves in cells.items()})
    p, top = appraisal.participations[unit], field_node(appraisal, field).pk
    return as_dict(counted[(p.pk, top)])


def test_rows_of_leaves_that_are_not_the_units_work_are_not_counted(appraisal):
    """3.5 applies to communes only, 1.7 is computed: a row of either, whatever its
    status, changes nothing for a department."""
    snv = appraisal.participations["SNV"]
    for node in appraisal.criteria_set.nodes.filter(code__in=["1.7", "3.5"]):
        Score.objects.update_or_create(
            participation=snv, node=node, defaults={"status": ScoreStatus.APPRAISED}
        )
    assert work_of(appraisal, "SNV", "1")["appraised"] == 0
    assert work_of(appraisal, "SNV", "3")["appraised"] == 0
    Score.objects.filter(participation=appraisal.participations["X-A"], node__code="3.5").update(
        status=ScoreStatus.APPRAISED
    )
    assert work_of(appraisal, "X-A", "3")["appraised"] == 1


@pytest.mark.parametrize("seed", [4, 5])
def test_the_queue_shows_the_counts_of_every_row(client, personas, appraisal, seed):
    for top in appraisal.criteria_set.nodes.filter(parent=None).exclude(code="1"):
        FieldAssignment.objects.create(
            round=appraisal.round, appraiser=personas.appraiser, field=top
        )
    scramble(appraisal, seed)
    tree, cells = every_cell(appraisal)
    client.force_login(personas.appraiser)
    shown = table(client.get(QUEUE), "Việc thẩm định theo đơn vị và lĩnh vực")[1:]
    expected = []
    for (p, f), leaves in cells.items():
        if not leaves:
            continue
        c = counted_row_by_row(p, leaves)
        left = c["open"] + c["supplemented"]
        numbers = [left, c["returned"], c["supplemented"], c["appraised"], c["closed"], c["total"]]
        expected.append([p.unit.name, tree.nodes[f].code, *map(str, numbers)])
    assert [[row[0], row[1].split(" ")[0], *row[2:]] for row in shown] == expected


def test_the_progress_page_shows_the_counts_of_every_row(client, personas, appraisal):
    scramble(appraisal, 6)
    tree, cells = every_cell(appraisal)
    per_unit, per_field = Counter(), Counter()
    for (p, f), leaves in cells.items():
        c = Counter(counted_row_by_row(p, leaves))
        per_unit[p.unit.code] = per_unit.get(p.unit.code, Counter()) + c
        per_field[f] = per_field.get(f, Counter()) + c
    client.force_login(personas.secretariat)
    response = client.get(PROGRESS)
    units = table(response, "Tiến độ theo đơn vị")[1:]
    for row, code in zip(units, ["SNV", "STP", "X-A"], strict=True):
        c = per_unit[code]
        done = c["appraised"] + c["closed"]
        assert row[2:5] == [f"{done} / {c['total']}", str(c["returned"]), str(c["supplemented"])]
    fields = table(response, "Tiến độ theo lĩnh vực")[1:]
    for row, top in zip(fields, tree.fields, strict=True):
        c = per_field[top.pk]
        done = c["appraised"] + c["closed"]
        assert row[2:] == [
            f"{done} / {c['total']}",
            str(c["open"]),
            str(c["returned"]),
            str(c["supplemented"]),
        ]


@pytest.mark.parametrize(("who", "url"), [("appraiser", QUEUE), ("secretariat", PROGRESS)])
def test_the_pages_read_counts_from_the_database_not_score_rows(
    client, personas, appraisal, who, url
):
    client.force_login(getattr(personas, who))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    on_scores = [q["sql"] for q in queries if 'FROM "assessments_score"' in q["sql"]]
    assert on_scores
    for sql in on_scores:
        assert "COUNT(" in sql
        assert "GROUP BY" in sql

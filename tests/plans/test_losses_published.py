"""Losses of a round with a published result come from its frozen figures (whatever the
stored scores become afterwards), with the round's appraisal opinions; the page and the
generated plan say so."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils.timezone import localdate
from tests.plans.plans_support import OPINION, THREAD_OPINION

from page_reader import read
from parindex.apps.assessments.models import Score
from parindex.apps.plans import services_plans
from parindex.apps.plans.losses import LossesUnavailable, losses_of, unit_losses
from parindex.apps.results import services
from parindex.apps.results.models import Result

pytestmark = pytest.mark.django_db

SOURCE = "Nguồn số liệu"


def publish(round_, actor):
    result, _ = services.result_compute(actor=actor, round_=round_)
    result = services.result_review(actor=actor, result=result, note="Đã đối chiếu.")
    return services.result_publish(actor=actor, result=result)


@pytest.fixture
def published(finished, personas):
    return publish(finished.round, personas.secretariat)


def change_stored_scores(finished):
    """1.3.1 at full points, and 2.3 (at full when published) at 0."""
    rows = Score.objects.filter(participation=finished.participation)
    rows.filter(node__code="1.3.1").update(appraised_score=D("0.5"))
    rows.filter(node__code="2.3").update(appraised_score=D(0))


def test_the_published_result_gives_the_losses_and_the_opinions(finished, published):
    found = losses_of(finished.participation)
    assert found.published == published
    assert [loss.code for loss in found.items] == ["1.3.1", "1.6", "4.5"]
    by_code = {loss.code: loss for loss in found.items}
    assert (by_code["1.3.1"].appraised_points, by_code["1.3.1"].lost) == (D("0.25"), D("0.25"))
    assert by_code["1.3.1"].opinion == OPINION
    assert by_code["1.6"].opinion == THREAD_OPINION


def test_a_published_result_stands_whatever_the_stored_scores_become(finished, published):
    change_stored_scores(finished)
    assert [loss.code for loss in unit_losses(finished.participation)] == ["1.3.1", "1.6", "4.5"]


def test_without_a_published_result_the_stored_scores_count(finished):
    change_stored_scores(finished)
    found = losses_of(finished.participation)
    assert found.published is None
    assert [loss.code for loss in found.items] == ["1.6", "2.3", "4.5"]


def test_a_plan_generated_after_a_change_takes_the_published_points(
    finished, published, personas, deadline
):
    change_stored_scores(finished)
    plan = services_plans.plan_generate(
        actor=personas.leader, participation=finished.participation, deadline=deadline
    ).plan
    tasks = {t.node.code: t.lost_points for t in plan.tasks.select_related("node")}
    assert tasks == {"1.3.1": D("0.25"), "1.6": D("0.5"), "4.5": D("0.5")}


def test_the_page_says_where_the_losses_come_from(client, personas, finished):
    url = reverse("plans:generate", args=[finished.participation.uuid])
    client.force_login(personas.leader)
    facts = dict(read(client.get(url)).lists[0])
    assert facts[SOURCE] == "kết quả thẩm định của đợt đã kết thúc (chưa công bố)"
    result = publish(finished.round, personas.secretariat)
    facts = dict(read(client.get(url)).lists[0])
    assert facts[SOURCE] == f"kết quả đã công bố ngày {localdate(result.published_at):%d/%m/%Y}"


def test_a_published_result_whose_stored_texts_were_altered_is_refused(finished, published):
    Result.objects.filter(pk=published.pk).update(results=published.results + " ")
    with pytest.raises(LossesUnavailable) as refused:
        unit_losses(finished.participation)
    assert "không khớp mã băm" in refused.value.message

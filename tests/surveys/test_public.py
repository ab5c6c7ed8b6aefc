"""The public ballot form: no sign-in, one ballot per device and per ID number, and the spam
guard (honeypot, minimum fill time, rate limit per address)."""

import pytest
from django.urls import reverse
from surveys_support import make_survey

from parindex.apps.surveys import public, services, views_public
from parindex.apps.surveys.models import Ballot, BallotSource, SurveyKind, SurveyUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.SURVEY_MIN_FILL_SECONDS = 0


@pytest.fixture
def place(sipas):
    return SurveyUnit.objects.select_related("unit").get(survey=sipas, unit__code="SNV")


def ballot_url(place, **query):
    url = reverse("surveys_public:ballot", args=[place.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def filled(client, place, value="5", **extra):
    form = client.get(ballot_url(place)).context["form"]
    data = {"started": form.initial["started"], "website": "", "id_number": ""}
    data.update({name: value for _, name in form.question_fields})
    data.update(extra)
    return data


def test_the_form_is_open_to_anyone_and_sets_a_device_cookie(client, place):
    response = client.get(ballot_url(place))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đánh giá sự phục vụ của: <strong>Sở Nội vụ</strong>" in body
    assert body.count('type="radio"') == 20 * 5
    assert body.count("<fieldset") == 20
    assert public.DEVICE_COOKIE in response.cookies


def test_a_ballot_is_stored_and_thanked_for(client, place):
    response = client.post(ballot_url(place), filled(client, place, "4"))
    assert response.url == reverse("surveys_public:thanks", args=[place.code])
    ballot = Ballot.objects.get()
    assert (ballot.unit, ballot.source, ballot.answers) == (place.unit, BallotSource.WEB, "4" * 20)
    assert ballot.ballot_id.startswith("W-")
    assert len(ballot.device_key) == 32
    assert ballot.respondent_key == ""
    assert "Cảm ơn bạn đã gửi phiếu" in client.get(response.url).content.decode()


def test_one_device_sends_one_ballot_per_unit(client, place, sipas):
    client.post(ballot_url(place), filled(client, place))
    again = client.post(ballot_url(place), filled(client, place))
    assert again.status_code == 409
    assert str(services.ALREADY_ANSWERED) in again.content.decode()
    other = SurveyUnit.objects.get(survey=sipas, unit__code="STP")
    assert client.post(ballot_url(other), filled(client, other)).status_code == 302
    assert Ballot.objects.count() == 2


def test_one_id_number_sends_one_ballot_per_unit_whatever_the_device(client, place, settings):
    client.post(ballot_url(place), filled(client, place, id_number="044 190 000 123"))
    client.cookies.clear()
    again = client.post(ballot_url(place), filled(client, place, id_number="044190000123"))
    assert again.status_code == 409
    stored = Ballot.objects.get()
    assert stored.respondent_key == public.id_number_key("044190000123")
    assert "044190000123" not in str(Ballot.objects.values().get())


def test_every_question_needs_an_answer(client, place):
    data = filled(client, place)
    del data["q0"]
    response = client.post(ballot_url(place), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert str(views_public.FIX_ANSWERS) in body
    assert 'aria-invalid="true"' in body
    assert not Ballot.objects.exists()


def test_the_honeypot_refuses_robots(client, place):
    response = client.post(ballot_url(place), filled(client, place, website="http://spam"))
    assert response.status_code == 400
    assert str(views_public.REFUSED_AS_AUTOMATED) in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_ballot_sent_too_fast_is_refused(client, place, settings):
    settings.SURVEY_MIN_FILL_SECONDS = 30
    response = client.post(ballot_url(place), filled(client, place))
    assert response.status_code == 400
    assert str(views_public.TOO_FAST) in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_tampered_start_is_refused(client, place):
    data = filled(client, place)
    data["started"] = data["started"][:-2] + "xx"
    response = client.post(ballot_url(place), data)
    assert response.status_code == 400
    assert str(views_public.FORM_EXPIRED) in response.content.decode()
    assert not Ballot.objects.exists()


def test_one_address_sends_a_limited_number_of_ballots(client, place, sipas, settings):
    settings.SURVEY_BALLOTS_PER_ADDRESS = 2
    units = SurveyUnit.objects.filter(survey=sipas).order_by("unit__code")
    statuses = []
    for target in units:
        client.cookies.clear()
        statuses.append(client.post(ballot_url(target), filled(client, target)).status_code)
    assert statuses == [302, 302, 429]
    assert Ballot.objects.count() == 2


def test_a_closed_survey_takes_no_ballot(client, place, personas, sipas):
    data = filled(client, place)
    services.survey_close(actor=personas.secretariat, survey=sipas)
    page = client.get(ballot_url(place))
    assert str(views_public.NOT_OPEN) in page.content.decode()
    assert client.post(ballot_url(place), data).status_code == 409
    assert not Ballot.objects.exists()


def test_unknown_codes_and_surveys_being_prepared_are_not_found(client, personas, province):
    assert client.get(reverse("surveys_public:ballot", args=["khong-co"])).status_code == 404
    draft = make_survey(personas.secretariat, code="NHAP")
    services.survey_units_set(
        actor=personas.secretariat, survey=draft, covered={province.units["SNV"]: None}
    )
    code = SurveyUnit.objects.get(survey=draft).code
    assert client.get(reverse("surveys_public:ballot", args=[code])).status_code == 404


def test_a_sociological_ballot_first_asks_who_answers(client, personas, province):
    survey = make_survey(personas.secretariat, code="XHH-2024", kind=SurveyKind.SOCIOLOGICAL)
    services.survey_units_set(
        actor=personas.secretariat, survey=survey, covered={province.units["SNV"]: 50}
    )
    services.survey_open(actor=personas.secretariat, survey=survey)
    target = SurveyUnit.objects.get(survey=survey)
    choose = client.get(ballot_url(target)).content.decode()
    assert 'href="?phieu=DB"' in choose
    assert "Đại biểu HĐND tỉnh" in choose
    form = client.get(ballot_url(target, phieu="DB")).context["form"]
    assert [q.code for q, _ in form.question_fields] == ["1.1", "2.1", "2.2", "3.1", "4.1"]
    data = {"started": form.initial["started"], "phieu": "DB", "id_number": ""}
    data.update({name: "4" for _, name in form.question_fields})
    assert client.post(ballot_url(target), data).status_code == 302
    ballot = Ballot.objects.get()
    assert (ballot.form.code, ballot.answers) == ("DB", "444404")
    assert client.get(ballot_url(target, phieu="XX")).status_code == 404


def test_the_qr_code_is_an_svg_image(client, place):
    response = client.get(reverse("surveys_public:qr", args=[place.code]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]
    assert client.post(reverse("surveys_public:qr", args=[place.code])).status_code == 405


def test_public_pages_refuse_other_methods(client, place):
    assert client.delete(ballot_url(place)).status_code == 405
    thanks = reverse("surveys_public:thanks", args=[place.code])
    assert client.post(thanks).status_code == 405

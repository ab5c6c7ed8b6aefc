"""The public ballot form of a covered unit (``/ks/<code>/``, no sign-in), its thank-you
page and its QR code. The spam guard is in :mod:`.public`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from parindex.apps.surveys import public, selectors, services
from parindex.apps.surveys.forms import BallotForm
from parindex.apps.surveys.models import RespondentForm, SurveyUnit
from parindex.apps.surveys.qr import qr_svg

NOT_OPEN = _("Khảo sát này hiện không nhận phiếu. Cảm ơn bạn đã quan tâm.")
TOO_MANY = _(
    "Đã có nhiều phiếu được gửi từ địa chỉ mạng của bạn trong thời gian ngắn. Vui lòng thử "
    "lại sau hoặc góp ý trực tiếp tại bộ phận một cửa."
)
REFUSED_AS_AUTOMATED = _("Phiếu không được nhận vì có dấu hiệu gửi tự động.")
TOO_FAST = _("Bạn gửi phiếu quá nhanh. Vui lòng đọc kỹ từng câu hỏi rồi bấm «Gửi phiếu» lại.")
FORM_EXPIRED = _("Trang phiếu đã quá hạn hoặc không hợp lệ. Vui lòng trả lời lại và gửi phiếu.")
FIX_ANSWERS = _("Vui lòng trả lời các câu hỏi được đánh dấu.")
FORM_PARAMETER = "phieu"


def _respondent_form(request: HttpRequest, place: SurveyUnit) -> RespondentForm | None:
    code = request.POST.get(FORM_PARAMETER) or request.GET.get(FORM_PARAMETER)
    if not code:
        return None
    found = place.survey.forms.filter(code=code).first()
    if found is None:
        raise Http404
    return found


def _page(
    request: HttpRequest, place: SurveyUnit, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(
        request, "surveys/public_ballot.html", {"place": place, **context}, status=status
    )
    if public.device_token(request) is None:
        public.remember_device(response, public.new_device_token())
    return response


def _ballot_form(
    place: SurveyUnit, respondent: RespondentForm | None, data: Any = None
) -> BallotForm:
    survey = place.survey
    return BallotForm(
        data,
        initial={"started": public.started_token()},
        questions=list(survey.questions.select_related("factor")),
        options=list(survey.options.all()),
        form=respondent,
    )


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, code: str) -> HttpResponse:
    place = selectors.public_place(code)
    survey = place.survey
    if not survey.is_open:
        status = 200 if request.method == "GET" else 409
        return _page(request, place, {"closed": NOT_OPEN}, status=status)
    forms = list(survey.forms.all())
    respondent = _respondent_form(request, place)
    if forms and respondent is None:
        return _page(request, place, {"choose": forms, "parameter": FORM_PARAMETER})
    if request.method == "GET":
        return _page(
            request, place, {"form": _ballot_form(place, respondent), "respondent": respondent}
        )
    return _receive(request, place, respondent)


def _receive(
    request: HttpRequest, place: SurveyUnit, respondent: RespondentForm | None
) -> HttpResponse:
    form = _ballot_form(place, respondent, request.POST)
    context: dict[str, Any] = {"form": form, "respondent": respondent}
    if public.rate_limited(request):
        return _page(request, place, {**context, "refusal": TOO_MANY}, status=429)
    if request.POST.get("website", "").strip():
        return _page(request, place, {**context, "refusal": REFUSED_AS_AUTOMATED}, status=400)
    fast = public.too_fast(request.POST.get("started", ""))
    if fast is None:
        fresh = _ballot_form(place, respondent)
        return _page(
            request,
            place,
            {"form": fresh, "respondent": respondent, "refusal": FORM_EXPIRED},
            status=400,
        )
    if fast:
        return _page(request, place, {**context, "refusal": TOO_FAST}, status=400)
    if not form.is_valid():
        return _page(request, place, {**context, "refusal": FIX_ANSWERS}, status=422)
    return _store(request, place, respondent, form)


def _store(
    request: HttpRequest, place: SurveyUnit, respondent: RespondentForm | None, form: BallotForm
) -> HttpResponse:
    device = public.device_token(request) or public.new_device_token()
    ballot = services.WebBallot(
        place=place,
        form=respondent,
        answers=form.answers(),
        device_key=public.key_of("device", device),
        respondent_key=public.id_number_key(form.cleaned_data.get("id_number") or ""),
    )
    try:
        services.ballot_submit(ballot)
    except services.SurveyRefused as refused:
        context = {"form": form, "respondent": respondent, "refusal": refused.message}
        return _page(request, place, context, status=409)
    public.count_ballot(request)
    response = redirect("surveys_public:thanks", code=place.code)
    public.remember_device(response, device)
    return response


@require_GET
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    place = selectors.public_place(code)
    again = reverse("surveys_public:ballot", args=[place.code])
    return render(request, "surveys/public_thanks.html", {"place": place, "again": again})


@require_GET
def qr(request: HttpRequest, code: str) -> HttpResponse:
    place = selectors.public_place(code)
    url = request.build_absolute_uri(reverse("surveys_public:ballot", args=[place.code]))
    response = HttpResponse(qr_svg(url, title=place.unit.name), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-{place.code}.svg"'
    return response

"""The audit log pages: the whole log (secretariat), a unit's log (its members and
overseers; appraisers see their fields), and one criterion's log of a unit."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from parindex.apps.accounts import access
from parindex.apps.accounts.models import Unit
from parindex.apps.assessments.models import Round
from parindex.apps.audit import labels, selectors
from parindex.apps.audit.models import AuditEntry

PER_PAGE = 50


class LogFilterForm(forms.Form):
    dot = forms.ModelChoiceField(
        label=_("Đợt đánh giá"),
        queryset=Round.objects.all(),
        to_field_name="uuid",
        required=False,
        empty_label=_("Tất cả"),
    )
    don_vi = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tất cả"),
    )
    tieu_chi = forms.CharField(label=_("Mã tiêu chí"), required=False, max_length=40)
    nguoi = forms.CharField(label=_("Người thực hiện"), required=False, max_length=100)
    hanh_dong = forms.ChoiceField(label=_("Hành động"), required=False)

    def __init__(self, *args: Any, with_unit: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = [(a, labels.action_label(a)) for a in selectors.actions_in_log()]
        self.fields["hanh_dong"].choices = [("", _("Tất cả")), *actions]  # type: ignore[attr-defined]
        if not with_unit:
            del self.fields["don_vi"]

    def filters(self) -> selectors.LogFilters:
        if not self.is_valid():
            return selectors.LogFilters()
        data = self.cleaned_data
        round_, unit = data.get("dot"), data.get("don_vi")
        return selectors.LogFilters(
            round=round_.uuid if round_ else None,
            unit=unit.code if unit else "",
            node=data.get("tieu_chi", "").strip(),
            actor=data.get("nguoi", "").strip(),
            action=data.get("hanh_dong", ""),
        )


def _page(
    request: HttpRequest, query: QuerySet[AuditEntry], context: dict[str, Any]
) -> HttpResponse:
    page = Paginator(query, PER_PAGE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    context.update(
        {"page": page, "rows": selectors.rows(list(page.object_list)), "query": params.urlencode()}
    )
    return render(request, "audit/log.html", context)


@require_GET
@login_required
def log(request: HttpRequest) -> HttpResponse:
    if not access.is_secretariat(request.user):
        raise PermissionDenied
    form = LogFilterForm(request.GET)
    query = selectors.filtered(selectors.log_entries(), form.filters())
    return _page(request, query, {"form": form, "title": _("Nhật ký thay đổi")})


@require_GET
@login_required
def unit(request: HttpRequest, unit_id: UUID) -> HttpResponse:
    found = selectors.access_unit(request.user, unit_id)
    form = LogFilterForm(request.GET, with_unit=False)
    query = selectors.filtered(selectors.unit_entries(request.user, found), form.filters())
    title = _("Nhật ký của đơn vị {unit}").format(unit=found.name)
    return _page(request, query, {"form": form, "title": title, "unit": found})


@require_GET
@login_required
def criterion(request: HttpRequest, unit_id: UUID, node_id: UUID) -> HttpResponse:
    found, node = selectors.access_criterion(request.user, unit_id, node_id)
    title = _("Nhật ký tiêu chí {code} của {unit}").format(code=node.code, unit=found.name)
    context = {"title": title, "unit": found, "node": node}
    return _page(request, selectors.criterion_entries(found, node), context)

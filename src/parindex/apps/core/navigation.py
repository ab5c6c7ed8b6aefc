"""The main menu: each entry shown to the roles that may use it, when its page exists.

The entries a user sees depend only on the user's roles and units and flags, so the menu
is kept in ``CACHES["pages"]`` under the user's access revision (which every change of
the user's memberships raises: :mod:`parindex.apps.accounts.access_revision`), the
language and the URL prefix, and built lazily: a page served from the cache reads no
membership row and reverses no URL for its menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import pgettext_lazy

from parindex.apps.accounts import access, access_revision

Check = Callable[[Any], bool]

ENTRIES: tuple[tuple[str, Any, Check], ...] = (
    ("results:dashboard", pgettext_lazy("menu", "Tổng quan"), access.can_oversee),
    (
        "results:unit_dashboards",
        pgettext_lazy("menu", "Chỉ số của đơn vị"),
        lambda u: bool(access.units_of(u)),
    ),
    (
        "assessments:my_units",
        pgettext_lazy("menu", "Tự đánh giá"),
        lambda u: bool(access.units_of(u)),
    ),
    (
        "assessments:supplements",
        pgettext_lazy("menu", "Bổ sung"),
        lambda u: bool(access.units_of(u)),
    ),
    ("assessments:queue", pgettext_lazy("menu", "Thẩm định"), access.is_appraiser),
    ("assessments:progress", pgettext_lazy("menu", "Tiến độ"), access.can_oversee),
    (
        "plans:index",
        pgettext_lazy("menu", "Kế hoạch khắc phục"),
        lambda u: bool(access.units_of(u)) or access.can_oversee(u),
    ),
    (
        "plans:warnings",
        pgettext_lazy("menu", "Cảnh báo"),
        lambda u: bool(access.units_of(u)) or access.can_oversee(u),
    ),
    ("assessments:rounds", pgettext_lazy("menu", "Đợt đánh giá"), access.is_secretariat),
    (
        "surveys:list",
        pgettext_lazy("menu", "Khảo sát"),
        lambda u: access.can_oversee(u) or bool(access.units_of(u)),
    ),
    ("results:manage", pgettext_lazy("menu", "Quản lý kết quả"), access.can_view_results),
    ("reports:index", pgettext_lazy("menu", "Báo cáo"), access.can_read_reports),
    (
        "planner:home",
        pgettext_lazy("menu", "Mô phỏng"),
        lambda u: bool(access.units_of(u)) or access.can_oversee(u),
    ),
    ("indices:home", pgettext_lazy("menu", "Các chỉ số"), lambda u: True),
    ("frameworks:list", pgettext_lazy("menu", "Bộ tiêu chí"), access.is_secretariat),
    ("accounts:units", pgettext_lazy("menu", "Đơn vị"), access.is_secretariat),
    ("accounts:users", pgettext_lazy("menu", "Người dùng"), access.is_secretariat),
    ("audit:log", pgettext_lazy("menu", "Nhật ký"), access.is_secretariat),
    ("accounts:me", pgettext_lazy("menu", "Tài khoản của tôi"), lambda u: True),
)


def entries(user: Any) -> list[tuple[str, str]]:
    """(url, label in the current language) of the entries ``user`` may open."""
    links: list[tuple[str, str]] = []
    for name, label, allowed in ENTRIES:
        if not allowed(user):
            continue
        try:
            links.append((reverse(name), str(label)))
        except NoReverseMatch:
            continue
    return links


def menu(user: Any) -> list[tuple[str, str]]:
    """:func:`entries`, from the cache while the user's roles stay the same."""
    return access_revision.cached(user, "menu", (get_script_prefix(),), lambda: entries(user))


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context ``nav``: (url, label) of the entries the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": SimpleLazyObject(lambda: menu(user))}

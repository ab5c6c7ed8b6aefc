"""What every write of a set shares: a published set refuses it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parindex.apps.frameworks.models import CriteriaSet, CriteriaSetStatus

READ_ONLY = _("Bộ tiêu chí đã ban hành nên chỉ được xem, không được sửa.")


class SetReadOnly(Exception):  # noqa: N818 - reads as what happened: the set is read-only
    """A write asked of a published set."""

    def __init__(self, criteria_set: CriteriaSet) -> None:
        super().__init__(str(READ_ONLY))
        self.criteria_set = criteria_set


def ensure_draft(criteria_set: CriteriaSet) -> None:
    """Refuses any change of a published set. Call it inside the change's transaction: the
    set's row is locked and read again, so a set published meanwhile is refused too."""
    rows = CriteriaSet.objects.select_for_update().filter(pk=criteria_set.pk)
    current = rows.values_list("status", flat=True)
    if criteria_set.is_published or any(s != CriteriaSetStatus.DRAFT for s in current):
        raise SetReadOnly(criteria_set)

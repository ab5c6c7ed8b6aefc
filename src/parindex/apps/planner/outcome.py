"""The planner's answers in words: what a target asks of the unit, or why it cannot."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parindex.numbers import format_vn
from parindex.planning.whatif import Choice, Outcome, WhatIf

ALREADY = _("Đơn vị đã đạt mục tiêu này: chỉ số {index}, hạng {rank}/{size}.")
REACHED_ONE = _(
    "Chỉ cần đạt tối đa 1 tiêu chí thành phần dưới đây (thêm {points} điểm; mục tiêu cần "
    "thêm ít nhất {needed} điểm): chỉ số {index}, hạng {rank}/{size}."
)
REACHED = _(
    "Cần đạt tối đa ít nhất {count} tiêu chí thành phần; phương án dưới đây thêm {points} "
    "điểm (mục tiêu cần thêm ít nhất {needed} điểm): chỉ số {index}, hạng {rank}/{size}."
)
UNREACHABLE = _(
    "Không đạt được mục tiêu: kể cả khi đạt tối đa mọi tiêu chí còn mất điểm (thêm {points} "
    "điểm), đơn vị chỉ đạt chỉ số {index}, hạng {rank}/{size}."
)
FIRST_ALREADY = _("Đơn vị đang đứng đầu nhóm ({rank}/{size}), không thể tăng hạng thêm.")
IMPOSSIBLE = _("Đơn vị đang đứng hạng {rank}/{size} nên chỉ có thể tăng tối đa {most}.")


def _places(count: int) -> str:
    return ngettext("%(count)d bậc", "%(count)d bậc", count) % {"count": count}


def describe(choice: Choice, plan: WhatIf) -> str:
    """One sentence on ``choice``, numbers written the Vietnamese way."""
    rounding = plan.criteria.rounding
    after = choice.standing
    values: dict[str, Any] = {
        "index": format_vn(after.index, rounding.index_decimals),
        "rank": after.rank,
        "size": plan.size,
        "points": format_vn(choice.points, rounding.score_decimals),
        "count": len(choice.gains),
    }
    if choice.outcome is Outcome.ALREADY:
        return str(ALREADY).format(**values)
    if choice.outcome is Outcome.IMPOSSIBLE:
        current = plan.unit.rank
        if current == 1:
            return str(FIRST_ALREADY).format(**values)
        return str(IMPOSSIBLE).format(**values, most=_places(current - 1))
    if choice.outcome is Outcome.UNREACHABLE:
        return str(UNREACHABLE).format(**values)
    values["needed"] = format_vn(choice.needed, rounding.score_decimals)
    template = REACHED_ONE if len(choice.gains) == 1 else REACHED
    return str(template).format(**values)

"""Words of the planner's tables: a rule kind's name, a gain's kind, a field's title."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from parindex.apps.frameworks.rule_words import KIND_LABELS
from parindex.planning.whatif import GainKind

register = template.Library()

GAIN_WORDS: dict[GainKind, Any] = {
    GainKind.CRITERION: "",
    GainKind.BONUS: _("điểm thưởng"),
    GainKind.DEDUCTION: _("tránh điểm trừ"),
}


@register.filter
def rule_label(kind: Any) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def gain_kind(kind: GainKind) -> str:
    return str(GAIN_WORDS[kind])


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def rank_gain(current: int, new: int) -> int:
    """Places gained from ``current`` to ``new`` (positive: a rise)."""
    return current - new

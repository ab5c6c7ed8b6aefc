"""Revisions of rounds and participations: what keys the cached parts of the pages.

Every service that changes what the self-scoring page or the appraiser's queue shows
raises the revision of the participation (a unit's scores, explanations, evidence,
threads, returns and supplements, appraisal, status, deadline extension, delegations,
criterion assignments, the names shown) or of the round (its status, dates, lock and
reopening) in the same transaction as the change. The pages read the revisions first and
look their rendered fragment up under them (:mod:`parindex.apps.assessments.page_cache`),
so a page never shows a state older than the last committed change.

``UPDATE ... SET revision = revision + 1``: concurrent writes each raise it, and a
``save()`` never writes an outdated value back (:class:`models.RevisedModel`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q

from parindex.apps.accounts.models import Unit, UnitGroup, User
from parindex.apps.assessments.models import Participation, Round, Score


def _ids(items: Iterable[Participation | int]) -> list[int]:
    return [item if isinstance(item, int) else item.pk for item in items]


def bump_participations(*participations: Participation | int) -> None:
    """The participations' pages changed."""
    ids = _ids(participations)
    if ids:
        Participation.objects.filter(pk__in=ids).update(revision=F("revision") + 1)


def bump_score(score: Score) -> None:
    """A score's leaf changed (its entry, evidence, thread or status)."""
    bump_participations(score.participation_id)


def bump_round(round_: Round | int) -> None:
    """The round's own facts changed (status, dates, lock, sign-off, reopening)."""
    pk = round_ if isinstance(round_, int) else round_.pk
    Round.objects.filter(pk=pk).update(revision=F("revision") + 1)


def bump_unit(unit: Unit | int) -> None:
    """Something every page of the unit shows changed (its name, an office, who answers
    for a criterion): every participation of the unit."""
    pk = unit if isinstance(unit, int) else unit.pk
    Participation.objects.filter(unit_id=pk).update(revision=F("revision") + 1)


def bump_group(group: UnitGroup) -> None:
    """A group's code, name or position changed: the pages of its units."""
    ids = set(Participation.objects.filter(unit__group=group).values_list("pk", flat=True))
    bump_participations(*ids)


def bump_user(user: User) -> None:
    """A user's shown name changed: the pages of the units the user belongs to (an
    official, who sent the self-assessment) and of the scores the user last changed."""
    shown = Q(unit__memberships__user=user) | Q(scores__updated_by=user)
    ids = set(Participation.objects.filter(shown).values_list("pk", flat=True))
    bump_participations(*ids)

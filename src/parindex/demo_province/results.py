"""The demo's results: an invented history of 2014-2022 for the demo units, then the
signed-off 2023 round computed, reviewed and published through the results services (so
the audit log shows who did each step). Both are skipped when already there."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from parindex.apps.accounts.models import User
from parindex.apps.assessments.models import Round, RoundStatus
from parindex.apps.results import services
from parindex.apps.results.models import HistoryImport, Result
from parindex.apps.results.services_history import history_import
from parindex.demo import demo_data_dir
from parindex.demo_province import accounts

HISTORY_FILE = "history_2014_2022.csv"
PUBLISHED_YEAR = 2023
REVIEW_NOTE = (
    "Đã đối chiếu điểm từng đơn vị với biên bản họp Hội đồng thẩm định ngày 15/01/2024; "
    "số liệu khớp, đề nghị công bố."
)


@dataclass(frozen=True, slots=True)
class ResultsLoaded:
    history_rows: int
    published: int


def _history(actor: User) -> int:
    path = demo_data_dir() / HISTORY_FILE
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if HistoryImport.objects.filter(sha256=digest).exists():
        return 0
    return history_import(actor=actor, path=path).created


def _publish(round_: Round, actor: User) -> int:
    if round_.status != RoundStatus.SIGNED_OFF or Result.objects.filter(round=round_).exists():
        return 0
    result, _ = services.result_compute(actor=actor, round_=round_)
    result = services.result_review(actor=actor, result=result, note=REVIEW_NOTE)
    services.result_publish(actor=actor, result=result)
    return 1


def load_results(users: Mapping[str, User]) -> ResultsLoaded:
    """Imports the invented history, then publishes the 2023 round's result."""
    secretariat = users[accounts.SECRETARIAT.username]
    rows = _history(secretariat)
    published = sum(
        _publish(round_, secretariat) for round_ in Round.objects.filter(year=PUBLISHED_YEAR)
    )
    return ResultsLoaded(rows, published)

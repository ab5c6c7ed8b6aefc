"""The demo's other indices: the province's PAPI, PCI and SIPAS, a few units' DDCI and
SIPAS (Sở Nội vụ with one real department's positions) and targets, all audited."""

from decimal import Decimal as D

from parindex.apps.accounts.models import Unit, User
from parindex.apps.audit.models import AuditEntry
from parindex.apps.indices import services
from parindex.apps.indices.history import par_history
from parindex.apps.indices.models import IndexDefinition, IndexTarget, IndexValue
from parindex.apps.indices.selectors import province_page, unit_page
from parindex.apps.results.models import HistorySource
from parindex.demo_province import accounts
from parindex.demo_province.indices import AIMS, RESULTS
from parindex.planning.targets import Status


def test_every_demo_result_and_target_is_recorded_by_the_secretariat(loaded):
    assert IndexValue.objects.count() == len(RESULTS)
    assert IndexTarget.objects.count() == len(AIMS)
    secretariat = User.objects.get(username=accounts.SECRETARIAT.username)
    assert set(IndexValue.objects.values_list("recorded_by", flat=True)) == {secretariat.pk}
    recorded = AuditEntry.objects.filter(action=services.VALUE_RECORD)
    assert recorded.count() == len(RESULTS)


def test_the_department_carries_the_real_positions(loaded):
    snv = Unit.objects.get(code="SNV")
    ddci = IndexValue.objects.filter(definition__code="DDCI", unit=snv).order_by("year")
    assert [(v.year, v.rank, v.rank_of) for v in ddci] == [
        (2021, 16, 23),
        (2022, 22, 25),
        (2023, 21, 23),
    ]
    sipas = IndexValue.objects.filter(definition__code="SIPAS", unit=snv).order_by("year")
    assert [(v.rank, v.rank_of) for v in sipas] == [(9, 16), (1, 17), (13, 17)]
    assert sipas.last().parts.count() == 5


def test_the_demo_pages_judge_the_targets(loaded):
    admin = User.objects.get(username=accounts.ADMIN.username)
    page = unit_page(admin, Unit.objects.get(code="SNV"))
    statuses = {
        (h.definition.code, year, view.status) for h in page.histories for year, view in h.targets
    }
    assert ("DDCI", 2023, Status.MISSED) in statuses
    assert ("SIPAS", 2022, Status.MET) in statuses
    assert ("PAR", 2024, Status.PENDING) in statuses
    province = province_page(admin)
    pci = next(h for h in province.histories if h.definition.code == "PCI")
    assert pci.at(2023).risen == 5
    assert pci.at(2023).value.score == D("66.17")


def test_leaders_may_record_their_units_ddci_in_the_demo(loaded):
    assert IndexDefinition.objects.get(code="DDCI").unit_may_record


def test_the_demo_par_history_runs_from_the_imported_2014_to_the_published_2023(loaded):
    history = par_history(Unit.objects.get(code="SNV"))
    assert [y.year for y in history] == list(range(2014, 2024))
    first, last = history[0], history[-1]
    assert (first.index, first.rank, first.of) == (D("73.02"), 4, 8)
    assert first.source == str(HistorySource.IMPORTED.label)
    assert last.source.startswith("Công bố trên hệ thống: ")
    assert all(y.published for y in history)  # 2024 is still in appraisal: not shown

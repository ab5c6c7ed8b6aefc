"""The frozen inputs: everything the engine saw as canonical JSON, read back exactly, and
computed from what was read back (never from live data)."""

import dataclasses
import json
from decimal import Decimal as D

import pytest

from parindex import scoring
from parindex.apps.results import inputs as frozen
from parindex.demo_province.structure import demo_scores, demo_units, engine_set


def demo_inputs(**changes):
    units = tuple(u for u in demo_units() if u.code in ("SNV", "STP", "P-DONGHA", "X-CAMLO"))
    scores = demo_scores(2024)
    values = {
        "round": frozen.RoundInfo("6f1c0b0e-0000-4000-8000-000000000001", "Đợt 2024", 2024),
        "criteria": engine_set(2024),
        "units": units,
        "scores": {u.code: scores[u.code] for u in units},
        "previous": {"SNV": frozen.PreviousFigure(D("84.66"), 5, 2023, "imported")},
    }
    values.update(changes)
    return frozen.Inputs(**values)


def test_plain_figures_lose_trailing_zeros_and_never_use_exponents():
    assert frozen.plain(D("60.0000")) == "60"
    assert frozen.plain(D("0.7500")) == "0.75"
    assert frozen.plain(D("1E+2")) == "100"
    assert frozen.plain(D("-0.00")) == "0"
    assert frozen.plain(D("19.446")) == "19.446"


def test_the_criteria_set_reads_back_equal():
    criteria = engine_set(2023)
    data = frozen.criteria_data(criteria)
    assert frozen.criteria_from_data(json.loads(json.dumps(data))) == criteria


def test_entries_keep_every_recorded_value():
    entry = scoring.Entry(numerator=D("1208"), denominator=D("2054"), items=frozenset({"b", "a"}))
    data = frozen.entry_data(entry)
    assert data == {"numerator": "1208", "denominator": "2054", "items": ["a", "b"]}
    assert frozen.entry_from_data(data) == entry
    assert frozen.entry_data(scoring.NOT_APPLICABLE) == {"not_applicable": True}
    assert frozen.entry_from_data({"not_applicable": True}) == scoring.NOT_APPLICABLE


def test_the_canonical_text_is_stable_and_sorted():
    text = frozen.freeze(demo_inputs())
    assert frozen.freeze(frozen.thaw(text)) == text
    assert text == frozen.canonical(json.loads(text))
    assert ": " not in text.split('"criteria"')[0]
    assert "Sở Nội vụ" in text  # Vietnamese kept as written, not escaped
    assert len(frozen.sha256(text)) == 64


def test_computing_from_the_frozen_text_equals_computing_directly():
    inputs = demo_inputs()
    computed = frozen.compute_inputs(inputs)
    direct = scoring.compute(
        inputs.criteria,
        inputs.units,
        inputs.scores,
        {"SNV": scoring.Previous(D("84.66"), 5)},
    )
    assert computed.results_text == frozen.results_text(direct)
    assert computed.result.unit("SNV").previous_index == D("84.66")


def test_recomputing_the_frozen_text_gives_byte_identical_results():
    first = frozen.compute_inputs(demo_inputs())
    again = frozen.compute_frozen(first.inputs_text)
    assert again.results_text == first.results_text
    assert again.results_sha256 == first.results_sha256
    assert again.inputs_sha256 == first.inputs_sha256


def test_extra_entries_lie_over_both_sides_and_are_frozen_with_the_rest():
    survey = scoring.Entry(score=D("0"))
    plain = frozen.compute_inputs(demo_inputs())
    inputs = demo_inputs(extra={"SNV": {"1.3.1": survey}})
    merged = inputs.merged_scores()["SNV"]
    assert merged.appraised["1.3.1"] == survey
    assert merged.self_scored["1.3.1"] == survey
    computed = frozen.compute_inputs(inputs)
    assert computed.inputs.extra == {"SNV": {"1.3.1": survey}}
    assert computed.inputs_sha256 != plain.inputs_sha256
    snv = computed.result.unit("SNV")
    assert snv.appraised.node("1.3.1").achieved == 0
    assert snv.appraised.achieved < plain.result.unit("SNV").appraised.achieved


def test_figures_stored_with_trailing_zeros_are_published_plain():
    criteria = engine_set(2024)
    first = dataclasses.replace(criteria.fields[0], max_points=D("13.0000"))
    stored = dataclasses.replace(criteria, fields=(first, *criteria.fields[1:]))
    computed = frozen.compute_inputs(demo_inputs(criteria=stored))
    group = json.loads(computed.results_text)["groups"][0]
    assert group["fields"][0]["max_points"] == "13"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "{}",
        '{"format": "parindex.result-inputs", "version": 99}',
        '{"format": "parindex.result-inputs", "version": 1, "round": {}}',
    ],
)
def test_broken_inputs_are_refused_with_a_message(text):
    with pytest.raises(frozen.InputsBroken, match="dữ liệu đầu vào đã lưu không đọc được"):
        frozen.thaw(text)


def test_a_figure_that_is_no_string_is_refused():
    data = json.loads(frozen.freeze(demo_inputs()))
    data["previous"]["SNV"]["index"] = 84.66
    with pytest.raises(frozen.InputsBroken, match="không phải là số dạng chuỗi"):
        frozen.thaw(json.dumps(data))

"""The survey rule in criteria files (YAML and XLSX) and in score files."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from interchange_support import line_of, read_xlsx, replaced

from parindex.interchange import (
    ImportFailed,
    Problem,
    dump_criteria_xlsx,
    dump_criteria_yaml,
    load_criteria,
    load_scores,
)
from parindex.interchange import errors as e
from parindex.scoring import Band, Entry, SurveyMeasure, SurveyRule, Unit

FILE = "criteria.yaml"
SURVEY_YAML = """\
code: KS-2024
name: Bộ tiêu chí có khảo sát
year: 2024
groups:
  - {code: so, name: "Sở, ban, ngành"}
fields:
  - code: "1"
    title: Kết quả khảo sát
    max_points: 39
    children:
      - code: "1.1"
        title: Mức độ hài lòng (SIPAS)
        max_points: 10
        rule: survey
        survey: sipas
      - code: "1.2"
        title: Hài lòng về công chức (theo mức)
        max_points: 4
        rule: survey
        survey: sipas
        measure: satisfied
        factor: "3"
        bands: "95:4; 90:3.5; 80:2"
      - code: "1.3"
        title: Điều tra xã hội học
        max_points: 25
        rule: survey
        survey: XHH-2024
        measure: weighted
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    with pytest.raises(ImportFailed) as caught:
        load_criteria(write(tmp_path, text))
    return caught.value.problems


def at(text: str, snippet: str, column: str, message: str) -> Problem:
    return Problem(FILE, None, line_of(text, snippet), column, message)


def test_it_reads_every_parameter_of_a_survey_rule(tmp_path: Path):
    nodes = load_criteria(write(tmp_path, SURVEY_YAML)).node_map()
    assert nodes["1.1"].rule == SurveyRule(survey="sipas")
    assert nodes["1.2"].rule == SurveyRule(
        survey="sipas",
        measure_of=SurveyMeasure.SATISFIED,
        factor="3",
        bands=(Band(D(95), D(4)), Band(D(90), D("3.5")), Band(D(80), D(2))),
    )
    assert nodes["1.3"].rule == SurveyRule(survey="XHH-2024", measure_of=SurveyMeasure.WEIGHTED)


@pytest.mark.parametrize("dump", [dump_criteria_yaml, dump_criteria_xlsx])
def test_a_written_file_loads_back_equal(tmp_path: Path, dump):
    criteria = load_criteria(write(tmp_path, SURVEY_YAML))
    path = tmp_path / ("again.yaml" if dump is dump_criteria_yaml else "again.xlsx")
    dump(criteria, path)
    assert load_criteria(path) == criteria


def test_the_sheet_has_a_column_for_the_survey_and_the_factor(tmp_path: Path):
    criteria = load_criteria(write(tmp_path, SURVEY_YAML))
    dump_criteria_xlsx(criteria, tmp_path / "c.xlsx")
    header, *rows = read_xlsx(tmp_path / "c.xlsx")["Tiêu chí"]
    row = dict(zip(header, next(r for r in rows if r[0] == "1.2"), strict=True))
    assert (row["rule"], row["survey"], row["measure"], row["factor"], row["bands"]) == (
        "survey",
        "sipas",
        "satisfied",
        "3",
        "95:4; 90:3.5; 80:2",
    )


def test_a_proportional_rule_writes_no_bands(tmp_path: Path):
    criteria = load_criteria(write(tmp_path, SURVEY_YAML))
    dump_criteria_yaml(criteria, tmp_path / "c.yaml")
    written = (tmp_path / "c.yaml").read_text(encoding="utf-8")
    first = written[written.index("code: '1.1'") : written.index("code: '1.2'")]
    assert "bands" not in first
    assert "survey: sipas" in first


def test_it_requires_the_survey(tmp_path: Path):
    text = replaced(SURVEY_YAML, "        survey: XHH-2024\n", "")
    message = e.PARAMETER_REQUIRED.format(rule="survey")
    assert problems(tmp_path, text) == (at(text, 'code: "1.3"', "survey", message),)


def test_it_refuses_an_unknown_measure(tmp_path: Path):
    text = replaced(SURVEY_YAML, "measure: weighted", "measure: percent")
    message = e.NOT_A_CHOICE.format(value="percent", choices="satisfied, weighted")
    assert problems(tmp_path, text) == (at(text, "measure: percent", "measure", message),)


def test_it_refuses_a_threshold_that_is_no_percentage(tmp_path: Path):
    text = replaced(SURVEY_YAML, '"95:4; 90:3.5; 80:2"', '"120:4; 90:3.5"')
    message = e.PERCENT_THRESHOLD.format(minimum="120")
    assert problems(tmp_path, text) == (at(text, "bands:", "bands", message),)


def test_it_refuses_a_factor_code_with_a_space(tmp_path: Path):
    text = replaced(SURVEY_YAML, 'factor: "3"', 'factor: "yếu tố 3"')
    message = e.BAD_CODE.format(value="yếu tố 3")
    assert problems(tmp_path, text) == (at(text, "factor:", "factor", message),)


def test_survey_parameters_are_refused_on_another_rule(tmp_path: Path):
    text = replaced(SURVEY_YAML, "        measure: weighted\n", "")
    old, new = "rule: survey\n        survey: XHH-2024", "rule: judged\n        survey: X"
    text = replaced(text, old, new)
    (problem,) = problems(tmp_path, text)
    assert (problem.column, problem.message) == (
        "survey",
        e.PARAMETER_NOT_FOR_RULE.format(rule="judged"),
    )


class TestScores:
    units = (Unit("SNV", "Sở Nội vụ", "so"),)

    def load(self, tmp_path: Path, lines: str):
        criteria = load_criteria(write(tmp_path, SURVEY_YAML))
        path = tmp_path / "scores.csv"
        header = "unit,node,self_score,appraised_score,numerator,denominator,count,value,items\n"
        path.write_text(header + lines, encoding="utf-8")
        return load_scores(path, criteria=criteria, units=list(self.units))

    def test_the_value_column_carries_the_measured_percentage(self, tmp_path: Path):
        scores = self.load(tmp_path, "SNV,1.1,,,,,,92.1,\n")
        assert scores["SNV"].appraised["1.1"] == Entry(value=D("92.1"))

    def test_a_percentage_above_100_is_refused_with_its_place(self, tmp_path: Path):
        with pytest.raises(ImportFailed) as caught:
            self.load(tmp_path, "SNV,1.1,,,,,,101,\n")
        (problem,) = caught.value.problems
        assert (problem.row, problem.column) == (2, "value")
        assert problem.message == "tỷ lệ 101 % vượt quá 100 %"

    def test_other_inputs_are_refused(self, tmp_path: Path):
        with pytest.raises(ImportFailed) as caught:
            self.load(tmp_path, "SNV,1.1,,,5,10,,,\n")
        assert {p.column for p in caught.value.problems} == {"numerator", "denominator"}

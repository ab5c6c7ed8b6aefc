"""Every rule kind described in Vietnamese words with its parameters."""

from decimal import Decimal as D

import pytest

from parindex.apps.frameworks.rule_words import describe, kind_label, number
from parindex.scoring import (
    AccuracyRule,
    Band,
    BandsRule,
    BonusRule,
    CountRule,
    DeductionRule,
    JudgedRule,
    RatioRule,
    RelativeRule,
    SurveyMeasure,
    SurveyRule,
    ZeroDenominator,
)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (JudgedRule(), "Chấm theo đánh giá: từ 0 đến điểm tối đa"),
        (
            RatioRule(zero_denominator=ZeroDenominator.NOT_APPLICABLE),
            "Tỷ lệ: điểm tối đa × tử số / mẫu số; mẫu số bằng 0 → không áp dụng",
        ),
        (
            RatioRule(full_at=D("0.9")),
            "Tỷ lệ: điểm tối đa × tử số / mẫu số; đạt từ 90 % được điểm tối đa; "
            "mẫu số bằng 0 → 0 điểm",
        ),
        (RelativeRule(), "So sánh trong nhóm: điểm tối đa × giá trị / giá trị cao nhất của nhóm"),
        (
            BandsRule(bands=(Band(D(75), D("0.5")), Band(D(90), D(1)))),
            "Theo mức của giá trị; từ 90 → 1 điểm; từ 75 → 0,5 điểm; thấp hơn → 0 điểm",
        ),
        (CountRule(), "Đếm số lượng: mỗi lần 1 điểm, tối đa bằng điểm tối đa"),
        (CountRule(D("0.5"), D(2)), "Đếm số lượng: mỗi lần 0,5 điểm, tối đa 2 điểm"),
        (
            DeductionRule(D("0.5"), D(2)),
            "Điểm trừ vào tổng điểm: mỗi trường hợp trừ 0,5 điểm; trừ tối đa 2 điểm",
        ),
        (
            DeductionRule(),
            "Điểm trừ vào tổng điểm: mỗi trường hợp trừ 1 điểm; không giới hạn mức trừ",
        ),
        (
            BonusRule(cap=D(1), minimum=D(11)),
            "Điểm thưởng ngoài điểm tối đa: đạt từ 11 trở lên → 1 điểm",
        ),
        (
            BonusRule(cap=D(2), points_each=D("0.5")),
            "Điểm thưởng ngoài điểm tối đa: mỗi lần 0,5 điểm, tối đa 2 điểm",
        ),
        (
            AccuracyRule(bands=(Band(D(0), D(0)), Band(D(90), D(1)))),
            "Tính khi thẩm định: tỷ lệ % tiêu chí có điểm tự chấm bằng điểm thẩm định (tính "
            "chính xác của tự chấm); "
            "từ 90 → 1 điểm; từ 0 → 0 điểm",
        ),
        (
            SurveyRule(),
            "Tính từ kết quả khảo sát sự hài lòng (SIPAS): tỷ lệ % câu trả lời hài lòng (khảo "
            "sát); điểm = điểm tối đa × tỷ lệ / 100",
        ),
        (
            SurveyRule(
                survey="XHH-2024",
                measure_of=SurveyMeasure.WEIGHTED,
                factor="2",
                bands=(Band(D(90), D(1)),),
            ),
            "Tính từ kết quả cuộc khảo sát mã XHH-2024: điểm bình quân theo trọng số % (khảo "
            "sát); chỉ tính yếu tố 2; từ 90 → 1 điểm; thấp hơn → 0 điểm",
        ),
        (None, "Chưa có cách chấm"),
    ],
)
def test_each_rule_reads_as_a_sentence(rule, words):
    assert describe(rule) == words


def test_stored_numbers_lose_their_trailing_zeros():
    assert [number(D("2.5000")), number(D("100.0000")), number(D("17831"))] == [
        "2,5",
        "100",
        "17.831",
    ]


def test_kinds_have_vietnamese_names():
    assert kind_label("ratio") == "Tỷ lệ"
    assert kind_label("không có") == "không có"

"""Who issues a report: the header block, number symbol, place and signature.

The province's reports are issued by the body the settings name (``REPORT_ISSUER``,
by default the Department of Home Affairs of ``PARINDEX_PROVINCE``); a unit's analysis
report is issued by the unit itself, under the province's People's Committee unless it
is a People's Committee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

PROVINCE_COMMITTEE = "UBND tỉnh {province}"
COMMITTEE_PREFIXES = ("ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ")
COMMITTEE = "Ủy ban nhân dân"
COMMITTEE_SYMBOL = "UBND"
COMMITTEE_SIGNER = ("TM. Ủy ban nhân dân", "Chủ tịch")
DEPARTMENT_PREFIX = "sở "
DEPARTMENT_SIGNER = ("Giám đốc",)
HEAD_SIGNER = ("Thủ trưởng đơn vị",)
NUMBER_LINE = "Số:        /{symbol}"
DATE_LINE = "{place}, ngày {day} tháng {month} năm {year}"


@dataclass(frozen=True, slots=True)
class Issuer:
    """The header block's left side, the number symbol, the place and who signs.

    ``lines``: the issuing body, from the superior body down; the first ``superiors``
    lines name the superior body (regular type), the others the issuer (bold);
    ``full_name``: how sentences name the issuer; ``signer``: the title lines above the
    signature.
    """

    lines: tuple[str, ...]
    symbol: str
    place: str
    signer: tuple[str, ...]
    signer_name: str = ""
    superiors: int = 1
    full_name: str = ""

    @property
    def name(self) -> str:
        return self.full_name or self.lines[-1]


def province_issuer() -> Issuer:
    province = settings.PARINDEX_PROVINCE
    return Issuer(
        lines=(PROVINCE_COMMITTEE.format(province=province), settings.REPORT_ISSUER),
        symbol=settings.REPORT_SYMBOL,
        place=settings.REPORT_PLACE,
        signer=(settings.REPORT_SIGNER_TITLE,),
        signer_name=settings.REPORT_SIGNER_NAME,
    )


def committee_of(name: str) -> str | None:
    """``UBND xã Cam Lộ`` → ``xã Cam Lộ``; ``None`` for a unit that is no People's Committee."""
    for prefix in COMMITTEE_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :].strip()
    return None


def unit_issuer(*, name: str, code: str, parent: str | None = None) -> Issuer:
    """A unit's report: a People's Committee stands alone (Ủy ban nhân dân / xã Cam Lộ);
    another unit sits under its parent, or under the province's People's Committee."""
    if (area := committee_of(name)) is not None:
        return Issuer(
            lines=(COMMITTEE, area),
            symbol=f"BC-{COMMITTEE_SYMBOL}",
            place=settings.REPORT_PLACE,
            signer=COMMITTEE_SIGNER,
            superiors=0,
            full_name=name,
        )
    superior = parent or PROVINCE_COMMITTEE.format(province=settings.PARINDEX_PROVINCE)
    signer = DEPARTMENT_SIGNER if name.lower().startswith(DEPARTMENT_PREFIX) else HEAD_SIGNER
    return Issuer(
        lines=(superior, name),
        symbol=f"BC-{code.upper()}",
        place=settings.REPORT_PLACE,
        signer=signer,
    )


def number_line(issuer: Issuer) -> str:
    return NUMBER_LINE.format(symbol=issuer.symbol)


def date_line(place: str, day: date) -> str:
    """``Quảng Trị, ngày 05 tháng 01 năm 2025``: days below 10 and months below 3 get a
    leading zero, as Nghị định 30/2020/NĐ-CP asks."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return DATE_LINE.format(place=place, day=f"{day.day:02d}", month=month, year=day.year)

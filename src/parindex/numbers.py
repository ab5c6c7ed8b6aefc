"""Vietnamese number display: decimal comma, dot between thousands (17.831; 94,58).

Files (CSV, JSON, XLSX cells) keep plain dot decimals; only what people read on screen
or in a report goes through :func:`format_vn`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def format_vn(value: Decimal | int | None, decimals: int | None = None, empty: str = "") -> str:
    """``Decimal("94.58")`` → ``"94,58"``; ``17831`` → ``"17.831"``; ``None`` → ``empty``.

    With ``decimals``, the value is first rounded half-up to that many places.
    """
    if value is None:
        return empty
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return f"{sign}{out},{fraction}" if fraction else f"{sign}{out}"

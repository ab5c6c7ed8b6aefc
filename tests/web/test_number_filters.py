"""Template filters show numbers, changes and rank moves the Vietnamese way."""

from decimal import Decimal as Dec

import pytest
from django.template import Context, Template

from parindex.apps.core.templatetags.parindex_format import rank_move, trend, vn, vn_signed


def render(source, **context):
    return Template("{% load parindex_format %}" + source).render(Context(context))


def test_vn_uses_a_decimal_comma_and_rounds_to_the_given_places():
    assert render("{{ x|vn:2 }}", x=Dec("94.578")) == "94,58"


def test_vn_separates_thousands_with_a_dot():
    assert vn(17831) == "17.831"


def test_vn_shows_a_dash_for_nothing():
    assert vn(None, 2) == "—"


@pytest.mark.parametrize(
    ("change", "shown"),
    [(Dec("3.85"), "+3,85"), (Dec("-1.2"), "-1,20"), (Dec(0), "0,00"), (Dec("0.001"), "0,00")],
)
def test_vn_signed_puts_a_plus_only_before_a_visible_rise(change, shown):
    assert vn_signed(change, 2) == shown


@pytest.mark.parametrize(("places", "shown"), [(2, "▲ 2"), (-3, "▼ 3"), (0, "="), (None, "—")])
def test_rank_move_shows_places_gained_or_lost(places, shown):
    assert rank_move(places) == shown


@pytest.mark.parametrize(("change", "css"), [(Dec(1), "up"), (-1, "down"), (0, ""), (None, "")])
def test_trend_names_the_colour_of_a_change(change, css):
    assert trend(change) == css

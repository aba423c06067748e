"""Amounts, numbers and dates are written the way a reader of the active language expects."""

from datetime import date
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from estimates.services import format_money


def test_amounts_keep_us_punctuation_in_spanish():
    """Spanish as written in the US (CLDR es-US): patients compare these with US bills."""
    with translation.override("es"):
        assert format_money(Decimal("3039.555")) == "$3,039.56"
    with translation.override("en"):
        assert format_money(Decimal("3039.555")) == "$3,039.56"


def test_dates_are_spelled_in_the_readers_language():
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    context = Context({"day": date(2027, 1, 15)})
    with translation.override("es"):
        assert template.render(context) == "15 de enero de 2027"
    with translation.override("en"):
        assert template.render(context) == "Jan. 15, 2027"

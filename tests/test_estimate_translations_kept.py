"""The calculator remembers each sentence's translation per language (Django's gettext is slow for a text
with no entry): each estimate is still worded in the language active when it is worked out."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

from estimates import calculator
from estimates.calculator import FeeLine, ScheduleTerms, estimate_calculate, estimate_compare

TERMS = ScheduleTerms(name="Medicare 2026", year=2026, part_b_deductible=Decimal("283.00"))
LINES = [FeeLine(cpt="63030", name="Disc surgery", approved=Decimal("1125.30"))]


def _explanation():
    return estimate_calculate(lines=LINES, coverage="medicare", terms=TERMS, deductible_remaining=Decimal("0"))


def test_each_estimate_is_worded_in_the_language_active_then():
    english = _explanation()
    with translation.override("es"):
        spanish = _explanation()
        what_if = estimate_compare(lines=LINES, coverage="medicare", terms=TERMS)
    again = _explanation()
    assert english.lines[0].explanation.startswith("Medicare approves $1,125.30.")
    assert spanish.lines[0].explanation.startswith("Medicare aprueba $1,125.30.")
    assert again == english
    workers_comp = "An accepted workers' comp claim pays the whole bill, so you pay nothing."
    with translation.override("es"):
        assert gettext(workers_comp) != workers_comp
        assert gettext(workers_comp) in [row.reason for row in what_if]  # the "what if" rows too
    assert translation.get_language() == "en"


def test_a_change_of_languages_or_catalogs_forgets_the_kept_translations(settings):
    _explanation()
    assert calculator._translated
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]
    assert not calculator._translated

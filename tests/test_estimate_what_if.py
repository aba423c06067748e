"""Below the result: the same procedures under each other coverage, in one table."""

from decimal import Decimal as D

from django.urls import reverse

from estimates.services import FeeLine, ScheduleTerms, estimate_compare
from tests.conftest import WORKED_EXAMPLE

TERMS = ScheduleTerms("Medicare 2026", 2026, D("283.00"))
LINES = [FeeLine("63030", "Disc", D("1125.30"), D("3400.00")), FeeLine("22612", "Fusion", D("1914.25"))]


def test_the_comparison_covers_every_other_coverage_with_the_same_amounts():
    rows = estimate_compare(lines=LINES, terms=TERMS, coverage="medicare", deductible_remaining=D("0"))
    totals = {row.coverage: row.total_patient_pays for row in rows}
    assert totals == {
        "medicare_supplement": D("0.00"),
        "medicare_advantage": D("3039.55"),  # its terms unknown: all of it, under the $9,250 maximum
        "medicare_secondary": D("607.91"),  # its own deductible unknown: the most you could pay
        "workers_comp": D("0.00"),
        "no_fault": D("0.00"),
        "self_pay": D("3400.00"),
    }
    assert next(row for row in rows if row.coverage == "self_pay").missing == ("22612",)


def test_the_page_shows_what_a_supplement_would_change(patient_client, schedule):
    html = patient_client.get(reverse("estimates:estimate"), WORKED_EXAMPLE).text
    table = html[html.index("What if your insurance were different?") :]
    supplement = table[table.index("Medicare with a supplement plan (Medigap, AARP, BCBS)") :]
    assert supplement.split("</tr>")[0].endswith('<td class="text-end">$0.00</td>')
    assert "plus CPT 22612 (no price yet)" in table
    assert "Original Medicare only</th>" not in table  # the chosen coverage is the result above

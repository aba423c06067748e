"""Each line explained in plain words with the patient's own numbers."""

from decimal import Decimal as D

from django.urls import reverse

from estimates.services import FeeLine, ScheduleTerms, estimate_calculate

TERMS = ScheduleTerms("Medicare 2026", 2026, D("283.00"))
DISC = FeeLine("63030", "Lower back disc surgery", D("1125.30"), D("3400.00"))
FUSION = FeeLine("22612", "Lower back fusion", D("1914.25"))


def sentences(coverage, **amounts):
    result = estimate_calculate(lines=[DISC, FUSION], coverage=coverage, terms=TERMS, **amounts)
    return [line.explanation for line in result.lines]


def test_medicare_lines_show_the_deductible_then_the_coinsurance():
    first, second = sentences("medicare", deductible_remaining=D("283"))
    assert first == (
        "Medicare approves $1,125.30. You still owed $283.00 of your deductible, so you pay that first, "
        "then 20% of the remaining $842.30 = $168.46."
    )
    assert second == "Medicare approves $1,914.25. Your deductible is met, so you pay 20% = $382.85."


def test_other_coverages_explain_each_line_in_their_own_terms():
    assert sentences("medicare_supplement", deductible_remaining=D("0"))[0] == (
        "Medicare approves $1,125.30. Your supplement plan pays $225.06, so you pay $0.00."
    )
    assert (
        "toward your secondary plan's deductible"
        in sentences("medicare_secondary", deductible_remaining=D("0"), secondary_deductible_remaining=D("100"))[0]
    )
    assert sentences("workers_comp")[0] == "The workers' comp insurer pays all of the $1,125.30 fee. You pay $0.00."
    assert sentences("no_fault", no_fault_deductible=D("200"))[0] == (
        "The fee is $1,125.30. You pay $200.00 of your policy's deductible; the car insurer pays $925.30."
    )
    assert sentences("self_pay") == ["The clinic's self-pay price for this surgeon's fee is $3,400.00."]


def test_the_page_lists_each_lines_explanation_by_name(patient_client, schedule):
    html = patient_client.get(
        reverse("estimates:estimate"), {"procedure": "63030", "coverage": "medicare", "deductible_remaining": "283"}
    ).text
    assert "<strong>Lower back disc surgery:</strong> Medicare approves $1,125.30. You still owed $283.00" in html


def test_a_supplement_line_says_the_deductible_is_what_you_pay():
    first, second = sentences("medicare_supplement", deductible_remaining=D("283"))
    assert first == (
        "Medicare approves $1,125.30. Your supplement plan pays $168.46; you pay the $283.00 of your Part B "
        "deductible you still owed."
    )
    assert second == "Medicare approves $1,914.25. Your supplement plan pays $382.85, so you pay $0.00."

"""An unknown Part B deductible is the conservative case: the whole deductible of the
schedule's year is still owed, and the estimate says so. 0 means met. Page, API and
calculator agree."""

from decimal import Decimal as D

from django.urls import reverse

from estimates.services import FeeLine, ScheduleTerms, estimate_calculate
from tests.conftest import WORKED_EXAMPLE

TERMS_2026 = ScheduleTerms("Medicare 2026", 2026, D("283.00"))
TERMS_2025 = ScheduleTerms("Medicare 2025", 2025, D("257.00"))
DISC = FeeLine("63030", "Lower back disc surgery", D("1125.30"))


def test_the_calculator_counts_an_unknown_deductible_as_the_years_whole_deductible():
    result = estimate_calculate(lines=[DISC], coverage="medicare", terms=TERMS_2026)
    assert result.total_patient_pays == D("451.46")  # 283 + 20% of 842.30 = 451.46, not the $225.06 of a met deductible
    assert result.deductible_remaining == D("283.00")
    assert any("we count all of it: $283.00 for 2026" in sentence for sentence in result.assumptions)


def test_the_deductible_assumed_follows_the_schedules_year():
    result = estimate_calculate(lines=[DISC], coverage="medicare", terms=TERMS_2025)
    assert result.deductible_remaining == D("257.00")
    assert any("$257.00 for 2025" in sentence for sentence in result.assumptions)


def test_zero_means_met_and_the_estimate_says_so():
    result = estimate_calculate(lines=[DISC], coverage="medicare", terms=TERMS_2026, deductible_remaining=D("0"))
    assert result.total_patient_pays == D("225.06")
    assert any("you have met your Part B deductible for 2026" in sentence for sentence in result.assumptions)


def test_the_page_with_a_blank_deductible_shows_the_owed_deductible(patient_client, schedule):
    response = patient_client.get(
        reverse("estimates:estimate"), {"procedure": "63030", "coverage": "medicare", "deductible_remaining": ""}
    )
    assert response.status_code == 200
    assert "$451.46" in response.text
    assert "$225.06" not in response.text
    assert "we count all of it: $283.00 for 2026" in response.text
    assert "Leave it blank: we count all $283.00 as still owed." in response.text  # the hint agrees


def test_the_api_without_a_deductible_uses_the_full_deductible_and_says_which_assumption(patient_client, schedule):
    body = patient_client.get(reverse("estimates:api"), {"procedure": "63030", "coverage": "medicare"}).json()
    assert body["total_patient_pays"] == "451.46"
    assert body["deductible_remaining"] == "283.00"
    assert any("we count all of it: $283.00 for 2026" in sentence for sentence in body["assumptions"])


def test_the_api_with_zero_treats_the_deductible_as_met(patient_client, schedule):
    body = patient_client.get(reverse("estimates:api"), WORKED_EXAMPLE).json()
    assert body["total_patient_pays"] == "495.38"  # one operation: $382.85 + 20% of $562.65
    assert body["deductible_remaining"] == "0.00"
    assert any("you have met your Part B deductible" in sentence for sentence in body["assumptions"])


def test_every_medicare_coverage_counts_a_blank_as_owed(patient_client, schedule):
    def total(coverage):
        params = {"procedure": ["63030", "22612"], "coverage": coverage}
        return patient_client.get(reverse("estimates:api"), params).json()["total_patient_pays"]

    # One operation: 63030 at half ($562.65) takes the $283 first: 283 + 20% of 279.65 (55.93) = 338.93;
    # 22612 in full: 20% of 1,914.25 = 382.85. In all 721.78.
    assert total("medicare") == "721.78"
    assert total("medicare_supplement") == "283.00"
    assert total("medicare_secondary") == "721.78"  # secondary deductible unknown too: the most you could pay


def test_the_worked_example_link_passes_zero_and_gives_495_38_and_0_with_a_supplement(patient_client, schedule):
    page = patient_client.get(reverse("estimates:estimate")).text
    assert "coverage=medicare&amp;deductible_remaining=0" in page
    assert "deductible already met" in page
    example = patient_client.get(reverse("estimates:estimate"), WORKED_EXAMPLE).text
    assert "$495.38" in example
    assert "You entered 0, so we take it that you have met your Part B deductible for 2026." in example
    supplement = patient_client.get(
        reverse("estimates:estimate"), {**WORKED_EXAMPLE, "coverage": "medicare_supplement"}
    ).text
    assert "You would pay about <strong>$0.00</strong>" in supplement

"""Amounts as people type them ("$283", "1,000"), and limits with one clear message each."""

import pytest
from django.urls import reverse


def api(client, **params):
    return client.get(reverse("estimates:api"), {"procedure": "63030", **params})


@pytest.mark.parametrize(
    ("typed", "total"),
    [("$283", "451.46"), ("283", "451.46"), (" 283.00 ", "451.46"), ("$ 100", "305.06"), ("100,50", "305.46")],
)
def test_a_part_b_deductible_is_read_as_people_type_it(patient_client, schedule, typed, total):
    response = api(patient_client, coverage="medicare", deductible_remaining=typed)
    assert response.status_code == 200, response.json()
    assert response.json()["total_patient_pays"] == total


def test_a_grouped_amount_like_1_000_is_accepted(patient_client, schedule):
    body = api(patient_client, coverage="no_fault", no_fault_deductible="1,000").json()
    assert body["total_patient_pays"] == "1000.00"
    body = api(patient_client, coverage="no_fault", no_fault_deductible="$1,000.00").json()
    assert body["total_patient_pays"] == "1000.00"


@pytest.mark.parametrize("typed", ["2830", "99999", "283.01"])
def test_a_part_b_deductible_above_the_years_deductible_is_refused_with_a_clear_message(
    patient_client, schedule, typed
):
    response = api(patient_client, coverage="medicare", deductible_remaining=typed)
    assert response.status_code == 400
    assert response.json()["errors"]["deductible_remaining"] == [
        "The Part B deductible for 2026 is $283.00, so you cannot owe more than that. "
        "Check the amount (for example 283, not 2830)."
    ]


@pytest.mark.parametrize("field", ["secondary_deductible_remaining", "no_fault_deductible"])
def test_other_deductibles_have_a_sensible_upper_bound(patient_client, schedule, field):
    response = api(patient_client, coverage="medicare_secondary", **{field: "20000"})
    assert response.status_code == 400
    assert response.json()["errors"][field] == [
        "That is more than $10,000, more than almost any plan's deductible. Check the amount."
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345678901", "The Part B deductible for 2026"),
        ("-5", "Enter 0 or more."),
        ("1.234", "Use at most 2 digits after the point (cents)."),
        ("1,2,3", "Enter an amount in dollars"),
        ("Infinity", "Enter an amount in dollars"),
    ],
)
def test_each_mistake_gets_exactly_one_message_of_ours(patient_client, schedule, typed, message):
    errors = api(patient_client, coverage="medicare", deductible_remaining=typed).json()["errors"]
    assert len(errors["deductible_remaining"]) == 1
    assert errors["deductible_remaining"][0].startswith(message)


def test_the_page_shows_the_limit_beside_the_field_and_no_django_digit_message(patient_client, schedule):
    response = patient_client.get(
        reverse("estimates:estimate"),
        {"procedure": "63030", "coverage": "medicare", "deductible_remaining": "12345678901"},
    )
    assert response.status_code == 400
    assert "you cannot owe more than that" in response.text
    assert "digits" not in response.text

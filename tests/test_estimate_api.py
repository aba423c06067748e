import pytest
from django.urls import reverse

from tests.conftest import WORKED_EXAMPLE


def api(client, **params):
    return client.get(reverse("estimates:api"), params)


def test_the_worked_example_through_the_api(patient_client, schedule):
    response = api(patient_client, **WORKED_EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    # Two procedures, so one operation by default: 22612 (the highest, $1,914.25) in full, 63030 at half.
    # 20% of 1,914.25 = 382.85; half of 1,125.30 = 562.65, 20% = 112.53; 382.85 + 112.53 = 495.38.
    assert body["total_patient_pays"] == "495.38"
    assert body["total_approved"] == "2476.90"
    assert body["same_operation"] is True
    assert body["setting"] is None
    assert body["fee_schedule"] == "Medicare 2026"
    assert body["lines"][0] == {
        "cpt": "63030",
        "name": "Lower back disc surgery",
        "approved": "562.65",
        "medicare_pays": "450.12",
        "other_pays": "0.00",
        "patient_pays": "112.53",
        "explanation": "Medicare approves $562.65. Your deductible is met, so you pay 20% = $112.53.",
        "group": "surgeon",
        "reduction": {
            "percent_paid": 50,
            "amount": "562.65",
            "full_amount": "1125.30",
            "reason": "A second procedure in the same operation: Medicare pays the surgeon half for it.",
        },
    }
    assert body["lines"][1]["reduction"] is None
    assert [group["key"] for group in body["groups"]] == ["surgeon"]
    assert body["groups"][0]["subtotal_patient_pays"] == "495.38"
    assert body["deductible_remaining"] == "0.00"
    assert body["explanation"]
    assert body["assumptions"]


def test_supplement_example_is_zero_when_the_deductible_is_met(patient_client, schedule):
    body = api(
        patient_client, procedure=["63030", "22612"], coverage="medicare_supplement", deductible_remaining="0"
    ).json()
    assert body["total_patient_pays"] == "0.00"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"coverage": "medicare"}, "procedure", "Choose at least one procedure."),
        ({"procedure": "6303", "coverage": "medicare"}, "procedure", "is not a CPT code"),
        ({"procedure": "abcde", "coverage": "medicare"}, "procedure", "is not a CPT code"),
        ({"procedure": "99999", "coverage": "medicare"}, "procedure", "We have no price for CPT 99999"),
        ({"procedure": ["63030"] * 11, "coverage": "medicare"}, "procedure", "at most 10"),
        ({"procedure": ["63030", "63030"], "coverage": "medicare"}, "procedure", "only once"),
        ({"procedure": "63030", "coverage": "gold_plan"}, "coverage", "Choose one of the insurance types"),
        ({"procedure": "63030"}, "coverage", "This field is required."),
        (
            {"procedure": "63030", "coverage": "medicare", "deductible_remaining": "-1"},
            "deductible_remaining",
            "0 or more",
        ),
        (
            {"procedure": "63030", "coverage": "medicare", "deductible_remaining": "lots"},
            "deductible_remaining",
            "amount",
        ),
        (
            {"procedure": "63030", "coverage": "medicare", "deductible_remaining": "1e9"},
            "deductible_remaining",
            "amount",
        ),
        ({"procedure": "63030", "coverage": "no_fault", "no_fault_deductible": "NaN"}, "no_fault_deductible", "amount"),
        (
            {"procedure": "63030", "coverage": "medicare_supplement", "supplement_covers_deductible": "maybe"},
            "supplement_covers_deductible",
            "true or false",
        ),
    ],
)
def test_bad_input_is_a_400_that_says_what_to_fix(patient_client, schedule, params, field, message):
    response = api(patient_client, **params)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])


def test_the_api_needs_a_login(client, schedule):
    response = api(client, **WORKED_EXAMPLE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_api_takes_three_queries_however_many_procedures(
    patient_client,
    schedule,
    django_assert_num_queries,
):
    # The user, the active schedule and its fees: this test's schedule is not committed, so the snapshot is
    # read from the database every time (tests/test_estimate_schedule_snapshot.py: none on a warm cache).
    with django_assert_num_queries(3):
        api(patient_client, procedure=["63030"], coverage="medicare")
    with django_assert_num_queries(3):
        api(patient_client, procedure=["63030", "22612"], coverage="medicare")

"""/api/estimate's contract for the whole bill: `same_operation`, `setting`, the Medicare Advantage terms,
`groups` with subtotals and each line's `reduction`; a place Medicare does not pay for is a 400, never $0;
and the number of queries does not grow with the number of procedures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from estimates.models import Fee, Procedure, SavedEstimate
from tests.conftest import WORKED_EXAMPLE
from tests.factories import ProcedureFactory


@pytest.fixture
def full_schedule(schedule):
    """The worked example's schedule with facility and anesthesia figures, and a third procedure."""
    schedule.anesthesia_conversion_factor = Decimal("20.44")
    schedule.facility_amounts_are_demo = True
    schedule.save()
    Fee.objects.filter(schedule=schedule, procedure__cpt_code="63030").update(
        asc_amount=Decimal("3410.00"),
        hospital_outpatient_amount=Decimal("6905.00"),
        inpatient_amount=Decimal("13850.00"),
        opps_status="J1",
    )
    Fee.objects.filter(schedule=schedule, procedure__cpt_code="22612").update(
        hospital_outpatient_amount=Decimal("17250.00"), inpatient_amount=Decimal("30150.00"), opps_status="J1"
    )
    Procedure.objects.filter(cpt_code="63030").update(anesthesia_base_units=8, anesthesia_minutes=120)
    Procedure.objects.filter(cpt_code="22612").update(anesthesia_base_units=8, anesthesia_minutes=240)
    laminectomy = ProcedureFactory(cpt_code="63047", plain_name="Lower back surgery to free the nerves")
    laminectomy.anesthesia_base_units, laminectomy.anesthesia_minutes = 8, 150
    laminectomy.save()
    Fee.objects.create(
        schedule=schedule,
        procedure=laminectomy,
        medicare_approved=Decimal("1358.80"),
        asc_amount=Decimal("3410.00"),
        hospital_outpatient_amount=Decimal("6905.00"),
        inpatient_amount=Decimal("13850.00"),
        opps_status="J1",
    )
    return schedule


def api(client, **params):
    return client.get(reverse("estimates:api"), params)


def test_same_operation_defaults_to_true_with_two_procedures_and_false_prices_them_apart(patient_client, schedule):
    assert api(patient_client, **WORKED_EXAMPLE).json()["total_patient_pays"] == "495.38"
    apart = api(patient_client, **WORKED_EXAMPLE, same_operation="false").json()
    assert apart["same_operation"] is False
    assert apart["total_patient_pays"] == "607.91"  # 225.06 + 382.85
    assert all(line["reduction"] is None for line in apart["lines"])
    one = api(patient_client, procedure="63030", coverage="medicare", deductible_remaining="0").json()
    assert one["same_operation"] is False  # one procedure: nothing to cut


def test_a_hospital_outpatient_estimate_has_three_groups_and_a_total(patient_client, full_schedule):
    body = api(patient_client, **WORKED_EXAMPLE, setting="hospital_outpatient").json()
    assert [group["key"] for group in body["groups"]] == ["surgeon", "facility", "anesthesia"]
    subtotals = [group["subtotal_patient_pays"] for group in body["groups"]]
    # Surgeon 495.38; facility J1 20% of 17,250 capped at 1,736.00; anesthesia (8 + 24) x 20.44 = 654.08 -> 130.82.
    assert subtotals == ["495.38", "1736.00", "130.82"]
    assert body["total_patient_pays"] == "2362.20"
    assert body["demo_amounts"] is True
    facility = body["groups"][1]["lines"]
    assert facility[0]["reduction"]["percent_paid"] == 0  # 63030 packaged into 22612's one payment
    assert len(body["lines"]) == 5


def test_medicare_advantage_terms_through_the_api(patient_client, full_schedule):
    body = api(
        patient_client,
        **{**WORKED_EXAMPLE, "coverage": "medicare_advantage"},
        setting="inpatient",
        ma_inpatient_copay_per_day="400",
        ma_inpatient_days="5",
        ma_specialist_coinsurance="20%",
        ma_moop="6750",
        ma_moop_remaining="1500",
    ).json()
    # 495.38 + 2,000 + 130.82 = 2,626.20 would be owed, but only 1,500 is left of the maximum.
    assert body["total_patient_pays"] == "1500.00"
    assert body["ma_moop"] == "6750.00"
    assert body["ma_moop_remaining"] == "1500.00"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"setting": "asc"}, "setting", "Medicare does not pay for Lower back fusion (CPT 22612) in this place"),
        ({"setting": "spaceship"}, "setting", "Choose one of the places listed."),
        ({"same_operation": "perhaps"}, "same_operation", "true or false"),
        ({"coverage": "medicare_advantage", "ma_specialist_coinsurance": "120"}, "ma_specialist_coinsurance", "100%"),
        ({"coverage": "medicare_advantage", "ma_inpatient_days": "0"}, "ma_inpatient_days", "1 or more"),
        (
            {"coverage": "medicare_advantage", "ma_moop": "3000", "ma_moop_remaining": "4000"},
            "ma_moop_remaining",
            "cannot be more than the maximum",
        ),
    ],
)
def test_bad_new_parameters_are_a_400_that_says_what_to_fix(patient_client, full_schedule, params, field, message):
    response = api(patient_client, **{**WORKED_EXAMPLE, **params})
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"][field])


def test_the_page_refuses_a_place_medicare_does_not_pay_for_with_a_message(patient_client, full_schedule):
    response = patient_client.get(reverse("estimates:estimate"), {**WORKED_EXAMPLE, "setting": "asc"})
    assert response.status_code == 400
    assert "Medicare does not pay for Lower back fusion (CPT 22612) in this place" in response.text
    # The places Medicare pays for both procedures are named (22612 has no surgery center amount).
    assert (
        "For these procedures it pays: Hospital, going home the same day (outpatient); Hospital stay" in response.text
    )
    assert "$0.00" not in response.text.split("What will my surgery cost?")[-1].split("<form")[0]


def test_the_result_page_shows_the_groups_the_demo_notice_and_what_is_not_included(patient_client, full_schedule):
    html = patient_client.get(reverse("estimates:estimate"), {**WORKED_EXAMPLE, "setting": "inpatient"}).text
    assert "Hospital stay</th>" in html
    assert "Anesthesia</th>" in html
    assert "Subtotal: Surgeon" in html
    assert "Demo amounts:" in html
    assert "a hospital stay beyond 60 days, or an assistant surgeon" in html
    assert html.count("In all, you would pay about") == 0  # the total is said once, as the headline
    assert html.count("You would pay about <strong>$2,362.20</strong>") == 1  # 495.38 + 1,736.00 + 130.82


def test_saving_keeps_the_setting_and_an_old_estimate_stays_summed(patient_client, patient, full_schedule):
    patient_client.post(reverse("estimates:save"), {**WORKED_EXAMPLE, "setting": "hospital_outpatient"})
    saved = SavedEstimate.objects.get()
    assert (saved.same_operation, saved.setting, saved.total_patient_pays) == (
        True,
        "hospital_outpatient",
        Decimal("2362.20"),
    )
    html = patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text
    assert "$2,362.20" in html
    old = SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=full_schedule,
        coverage="medicare",
        inputs={
            "procedure": ["63030", "22612"],
            "coverage": "medicare",
            "deductible_remaining": "0",
            "fees": [
                {"cpt": "63030", "approved": "1125.30", "self_pay": "3400.00"},
                {"cpt": "22612", "approved": "1914.25", "self_pay": None},
            ],
            "terms": {"name": "Medicare 2026", "year": 2026, "part_b_deductible": "283.00", "coinsurance_rate": "0.2"},
        },
        result={"total_patient_pays": "607.91", "lines": []},
        total_patient_pays=Decimal("607.91"),
    )
    assert old.same_operation is False
    html = patient_client.get(reverse("estimates:saved_detail", args=[old.pk])).text
    assert "$607.91" in html  # saved before the one-operation rules: still summed
    assert "same_operation=false" in html  # and "estimate again" keeps it that way


def test_the_api_takes_three_queries_however_many_procedures_with_a_setting(
    patient_client, full_schedule, django_assert_num_queries
):
    # The user, the schedule and its fees (uncommitted here, so never from the cache; warm it is the user only).
    with django_assert_num_queries(3):
        api(patient_client, procedure=["63030"], coverage="medicare", setting="hospital_outpatient")
    with django_assert_num_queries(3):
        api(patient_client, procedure=["63030", "22612", "63047"], coverage="medicare", setting="hospital_outpatient")
    with django_assert_num_queries(3):
        api(patient_client, procedure=["63030", "22612", "63047"], coverage="medicare_advantage", setting="inpatient")

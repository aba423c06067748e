"""A saved estimate keeps its inputs and amounts, shows a total row, the date and the fee
schedule, and is worded again in the reader's language."""

from decimal import Decimal

from django.urls import reverse

from estimates.models import SavedEstimate
from tests.conftest import WORKED_EXAMPLE


def save(client, data=WORKED_EXAMPLE):
    client.post(reverse("estimates:save"), data)
    return SavedEstimate.objects.latest("created_at")


def test_the_saved_estimate_has_a_total_row_the_date_and_the_schedule(patient_client, schedule):
    saved = save(patient_client)
    html = patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text
    foot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert "Total" in foot
    assert "$495.38" in foot  # one operation: $382.85 + 20% of $562.65
    assert "$2,476.90" in foot  # $1,914.25 + half of $1,125.30
    assert f"Worked out on {saved.created_at:%b}" in html
    assert "with the fee schedule “Medicare 2026”" in html


def test_the_saved_inputs_and_amounts_are_stored_and_a_blank_stays_unknown(patient_client, schedule):
    saved = save(patient_client, {"procedure": ["63030"], "coverage": "medicare"})
    assert saved.inputs["deductible_remaining"] is None
    assert saved.inputs["fees"][0] | {"facility": {}} == {
        "cpt": "63030",
        "approved": "1125.30",
        "self_pay": "3400.00",
        "add_on": False,
        "facility": {},
        "opps_status": "",
        "asc_exempt": False,
        "anesthesia_base_units": None,
        "anesthesia_minutes": None,
        "self_pay_reduced": False,
    }
    assert saved.inputs["terms"]["part_b_deductible"] == "283.00"
    assert saved.total_patient_pays == Decimal("451.46")
    schedule.part_b_deductible = Decimal("300.00")
    schedule.save()
    html = patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text
    assert "$451.46" in html  # worked out with the deductible of the day it was saved
    assert "deductible_remaining" not in html.split("Estimate again")[0]


def test_a_spanish_reader_reads_the_saved_estimate_in_spanish(patient_client, schedule):
    from estimates.models import Procedure

    Procedure.objects.filter(cpt_code="22612").update(plain_name_es="Fusión de la espalda baja")
    saved = save(patient_client)
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    html = patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text
    assert "Usted paga el otro 20% (su coseguro)." in html
    assert "Fusión de la espalda baja" in html
    assert "In all, you would pay" not in html
    assert "Total" in html[html.index("<tfoot>") :]


def test_an_estimate_saved_before_amounts_were_frozen_still_shows_its_numbers(patient_client, patient, schedule):
    saved = SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=schedule,
        coverage="medicare",
        inputs={"procedure": ["63030"], "coverage": "medicare", "deductible_remaining": "0"},
        result={
            "lines": [
                {"cpt": "63030", "name": "Lower back disc surgery", "approved": "1125.30", "patient_pays": "225.06"}
            ],
            "explanation": ["old English words"],
        },
        total_patient_pays=Decimal("225.06"),
    )
    html = patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text
    assert "$225.06" in html
    assert "old English words" not in html


def test_estimate_again_carries_the_saved_inputs(patient_client, schedule):
    saved = save(patient_client)
    html = patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text
    assert "procedure=63030&amp;procedure=22612&amp;coverage=medicare&amp;same_operation=true" in html
    assert "deductible_remaining=0.00" in html


def test_the_saved_page_takes_a_fixed_number_of_queries(patient_client, schedule, django_assert_num_queries):
    saved = save(patient_client)  # the user is cached from here on (portal/accounts/user_cache.py)
    with django_assert_num_queries(2):
        patient_client.get(reverse("estimates:saved_detail", args=[saved.pk]))

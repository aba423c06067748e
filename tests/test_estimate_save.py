from decimal import Decimal

from django.urls import reverse

from estimates.models import SavedEstimate
from tests.conftest import WORKED_EXAMPLE


def test_saving_recalculates_on_the_server_and_shows_on_my_page(patient_client, patient, schedule):
    response = patient_client.post(reverse("estimates:save"), {**WORKED_EXAMPLE, "total_patient_pays": "0.01"})
    saved = SavedEstimate.objects.get()
    assert response.url == reverse("estimates:saved_detail", args=[saved.pk])
    assert saved.patient == patient
    assert saved.total_patient_pays == Decimal("495.38")  # posted totals are ignored; one operation
    assert saved.same_operation is True
    assert saved.inputs["procedure"] == ["63030", "22612"]
    assert saved.result["total_patient_pays"] == "495.38"
    assert saved.fee_schedule == schedule
    assert "$495.38" in patient_client.get(reverse("care:my_page")).text


def test_a_saved_estimate_keeps_its_numbers_when_prices_change(patient_client, schedule):
    patient_client.post(reverse("estimates:save"), WORKED_EXAMPLE)
    schedule.fees.update(medicare_approved=Decimal("1.00"))
    saved = SavedEstimate.objects.get()
    assert "$495.38" in patient_client.get(reverse("estimates:saved_detail", args=[saved.pk])).text


def test_bad_input_saves_nothing(patient_client, schedule):
    response = patient_client.post(reverse("estimates:save"), {"procedure": "99999", "coverage": "medicare"})
    assert response.status_code == 302
    assert not SavedEstimate.objects.exists()


def test_saving_is_post_only(patient_client, schedule):
    assert patient_client.get(reverse("estimates:save"), WORKED_EXAMPLE).status_code == 405


def test_another_patients_estimate_is_404(client, patient, other_patient, schedule):
    client.force_login(other_patient)
    client.post(reverse("estimates:save"), WORKED_EXAMPLE)
    theirs = SavedEstimate.objects.get()
    client.force_login(patient)
    assert client.get(reverse("estimates:saved_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("estimates:saved_delete", args=[theirs.pk])).status_code == 404
    assert "$495.38" not in client.get(reverse("estimates:saved_list")).text
    assert SavedEstimate.objects.filter(pk=theirs.pk).exists()


def test_the_owner_can_delete(patient_client, schedule):
    patient_client.post(reverse("estimates:save"), WORKED_EXAMPLE)
    saved = SavedEstimate.objects.get()
    patient_client.post(reverse("estimates:saved_delete", args=[saved.pk]))
    assert not SavedEstimate.objects.exists()

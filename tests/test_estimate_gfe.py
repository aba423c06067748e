import datetime

from django.urls import reverse


def test_good_faith_estimate_has_every_required_part(patient_client, patient, schedule):
    patient.date_of_birth = datetime.date(1960, 5, 17)
    patient.save()
    response = patient_client.post(
        reverse("estimates:good_faith_estimate"),
        {"procedure": "63030", "scheduled_date": "2026-12-14", "diagnosis_codes": "M51.16, m54.16"},
    )
    assert response.status_code == 200
    html = response.text
    for required in [
        patient.get_full_name(),
        "May 17, 1960",
        "Dec. 14, 2026",
        "CPT 63030",
        "$3,400.00",
        "M51.16, M54.16",
        "NPI 1234567893",
        "TIN 12-3456789",
        "scheduled separately",
        "not a contract",
        "$400 more",
        "patient-provider dispute resolution",
    ]:
        assert required in html, required


def test_no_self_pay_price_means_call_billing_not_a_number(patient_client, schedule):
    response = patient_client.get(reverse("estimates:good_faith_estimate"), {"procedure": "22612"})
    assert response.status_code == 400
    assert "call our billing office" in response.text


def test_bad_diagnosis_code_is_explained(patient_client, schedule):
    response = patient_client.post(
        reverse("estimates:good_faith_estimate"), {"procedure": "63030", "diagnosis_codes": "back pain"}
    )
    assert response.status_code == 400
    assert "is not an ICD-10 code" in response.text


def test_the_estimate_opens_from_a_link_and_keeps_personal_details_out_of_urls(patient_client, schedule):
    response = patient_client.get(reverse("estimates:good_faith_estimate"), {"procedure": "63030"})
    assert response.status_code == 200
    assert "$3,400.00" in response.text
    assert '<form method="post" action="/estimates/good-faith-estimate/"' in response.text


def test_a_link_saying_medicare_still_gives_the_self_pay_estimate(patient_client, schedule):
    response = patient_client.get(
        reverse("estimates:good_faith_estimate"), {"procedure": "63030", "coverage": "medicare"}
    )
    assert response.status_code == 200
    assert "$3,400.00" in response.text
    assert "$225.06" not in response.text


def test_the_result_links_to_the_good_faith_estimate_as_self_pay(patient_client, schedule):
    html = patient_client.get(reverse("estimates:estimate"), {"procedure": "63030", "coverage": "self_pay"}).text
    assert "/estimates/good-faith-estimate/?procedure=63030&amp;coverage=self_pay" in html


def test_a_missing_date_of_birth_is_asked_for_and_shown_once_given(patient_client, patient, schedule):
    patient.date_of_birth = None
    patient.save()
    html = patient_client.get(reverse("estimates:good_faith_estimate"), {"procedure": "63030"}).text
    assert "Date of birth:" in html
    assert "not given yet" in html
    assert 'name="date_of_birth"' in html
    html = patient_client.post(
        reverse("estimates:good_faith_estimate"), {"procedure": "63030", "date_of_birth": "1958-03-02"}
    ).text
    assert "March 2, 1958" in html
    assert "not given yet" not in html


def test_the_date_of_birth_on_the_account_is_filled_in(patient_client, patient, schedule):
    patient.date_of_birth = datetime.date(1960, 5, 17)
    patient.save()
    html = patient_client.get(reverse("estimates:good_faith_estimate"), {"procedure": "63030"}).text
    assert "May 17, 1960" in html
    assert 'value="1960-05-17"' in html

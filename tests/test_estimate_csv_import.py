from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estimates.models import Fee, FeeSchedule, Procedure
from tests.conftest import WORKED_EXAMPLE


def upload(client, schedule, text, name="fees.csv"):
    """The file as the admin form posts it: the preview comes back, and nothing is written yet."""
    url = reverse("admin:estimates_feeschedule_import", args=[schedule.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def upload_and_confirm(client, schedule, text):
    """Upload, check the preview, then press "Write these fees" (the checked text comes back in a hidden field)."""
    before = list(Fee.objects.filter(schedule=schedule).values_list("procedure__cpt_code", "medicare_approved"))
    preview = upload(client, schedule, text)
    assert preview.status_code == 200, preview.text
    assert "Write these fees" in preview.text
    after = list(Fee.objects.filter(schedule=schedule).values_list("procedure__cpt_code", "medicare_approved"))
    assert after == before  # a preview writes nothing
    url = reverse("admin:estimates_feeschedule_import", args=[schedule.pk])
    return client.post(url, {"csv_text": preview.context["confirm"].initial["csv_text"]})


def next_year(client, billing, verified_login):
    verified_login(client, billing)
    return FeeSchedule.objects.create(
        name="Medicare 2027", year=2027, effective_date="2027-01-01", part_b_deductible=Decimal("300.00")
    )


def test_billing_loads_next_years_schedule_from_csv_and_the_calculator_uses_it(
    client, billing, verified_login, patient, schedule
):
    new = next_year(client, billing, verified_login)
    csv_text = (
        "cpt_code,medicare_approved,patient_share,self_pay_price,official_name,plain_name,body_region\n"
        "63030,1200.00,,3500,,,\n"
        "22612,,400.00,,,,\n"
        "63047,1400.50,,,Lumbar Laminectomy,Lower back surgery to free the nerves,lumbar\n"
    )
    response = upload_and_confirm(client, new, csv_text)
    assert response.status_code == 302
    assert Fee.objects.get(schedule=new, procedure__cpt_code="22612").medicare_approved == Decimal("2000.00")
    assert Procedure.objects.get(cpt_code="63047").plain_name == "Lower back surgery to free the nerves"

    client.post(reverse("admin:estimates_feeschedule_changelist"), {"action": "activate", "_selected_action": [new.pk]})
    schedule.refresh_from_db()
    assert not schedule.is_active
    client.force_login(patient)
    body = client.get(reverse("estimates:api"), WORKED_EXAMPLE).json()
    assert body["fee_schedule"] == "Medicare 2027"  # the year once, not "Medicare 2027 (2027)"
    # One operation: 22612 ($2,000) in full = 400.00; 63030 at half (600.00), 20% = 120.00. In all 520.00.
    assert body["total_patient_pays"] == "520.00"


def test_a_bad_file_writes_nothing_and_names_every_bad_line(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    csv_text = "cpt_code,medicare_approved\n63030,1200.00\n6303,10\n22612,lots\n99999,5\n63030,1\n"
    response = upload(client, new, csv_text)
    assert response.status_code == 400
    html = response.text
    assert "Line 3" in html
    assert "Line 4" in html
    assert "Line 6: CPT 63030 appears twice." in html
    assert not Fee.objects.filter(schedule=new).exists()


def test_a_new_code_without_names_is_refused_and_nothing_is_written(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    response = upload(client, new, "cpt_code,medicare_approved\n63030,1200\n99999,5\n")
    assert response.status_code == 400
    assert "is new, so give official_name and plain_name" in response.text
    assert not Fee.objects.filter(schedule=new).exists()


def test_binary_or_headerless_files_get_a_clear_message(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    response = client.post(
        reverse("admin:estimates_feeschedule_import", args=[new.pk]),
        {"file": SimpleUploadedFile("fees.csv", b"\xff\xfe\x00\x01binary", content_type="text/csv")},
    )
    assert "CSV in UTF-8" in response.text
    assert "the header needs cpt_code" in upload(client, new, "code,price\n1,2\n").text


def test_export_lists_fees_with_the_patient_share(client, billing, verified_login, schedule):
    verified_login(client, billing)
    response = client.post(
        reverse("admin:estimates_feeschedule_changelist"), {"action": "export_csv", "_selected_action": [schedule.pk]}
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("schedule,year,cpt_code")
    assert any(line.endswith(",1125.30,225.06,3400.00") for line in lines)


def test_editors_and_patients_cannot_reach_fee_schedules(client, editor, patient, schedule, verified_login):
    verified_login(client, editor)
    assert client.get(reverse("admin:estimates_feeschedule_changelist")).status_code == 403
    client.force_login(patient)
    assert client.get(reverse("admin:estimates_feeschedule_changelist")).status_code == 302


def test_export_cannot_smuggle_a_spreadsheet_formula(client, billing, verified_login, schedule):
    Procedure.objects.filter(cpt_code="63030").update(plain_name='=HYPERLINK("http://evil.example")')
    verified_login(client, billing)
    response = client.post(
        reverse("admin:estimates_feeschedule_changelist"), {"action": "export_csv", "_selected_action": [schedule.pk]}
    )
    assert ",\"'=HYPERLINK" in response.content.decode()

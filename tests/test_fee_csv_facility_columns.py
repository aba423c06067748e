"""The fee CSV's new columns (facility amount per setting, OPPS status, add-on flag, anesthesia units and
minutes): every line's problems listed at once, a preview before anything is written, then the write."""

import re
from decimal import Decimal

from django.urls import reverse

from estimates.csv_import import parse_fee_csv
from estimates.models import Fee, Procedure
from portal.choices import BodyRegion
from tests.test_estimate_csv_import import next_year, upload, upload_and_confirm

HEADER = (
    "cpt_code,medicare_approved,asc_amount,hospital_outpatient_amount,inpatient_amount,opps_status,"
    "add_on,asc_exempt,anesthesia_base_units,anesthesia_minutes,official_name,plain_name,body_region\n"
)


def test_the_new_columns_are_previewed_then_written(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    text = HEADER + (
        "63030,1200.00,3500.00,7000.00,14000.00,J1,no,no,8,120,,,\n"
        "22614,480.00,,0,0,N,yes,,8,60,Arthrodesis each additional interspace,Fusion of one more level,lumbar\n"
    )
    preview = upload(client, new, text)
    assert preview.status_code == 200
    assert "Check 2 rows before they are written" in preview.text
    assert "New procedure" in preview.text
    assert "not paid there" in preview.text  # 22614 has no surgery center amount
    assert not Fee.objects.filter(schedule=new).exists()
    response = upload_and_confirm(client, new, text)
    assert response.status_code == 302
    disc = Fee.objects.get(schedule=new, procedure__cpt_code="63030")
    assert (disc.asc_amount, disc.hospital_outpatient_amount, disc.inpatient_amount, disc.opps_status) == (
        Decimal("3500.00"),
        Decimal("7000.00"),
        Decimal("14000.00"),
        "J1",
    )
    extra = Procedure.objects.get(cpt_code="22614")
    assert extra.is_add_on
    assert (extra.anesthesia_base_units, extra.anesthesia_minutes) == (8, 60)
    assert Fee.objects.get(schedule=new, procedure=extra).asc_amount is None  # blank: not offered there
    assert Procedure.objects.get(cpt_code="63030").anesthesia_minutes == 120


def test_a_file_without_the_new_columns_leaves_the_stored_figures_alone(client, billing, verified_login, schedule):
    Procedure.objects.filter(cpt_code="63030").update(anesthesia_base_units=8, is_add_on=False)
    Fee.objects.filter(schedule=schedule, procedure__cpt_code="63030").update(asc_amount=Decimal("3410.00"))
    verified_login(client, billing)
    response = upload_and_confirm(client, schedule, "cpt_code,medicare_approved\n63030,1130.00\n")
    assert response.status_code == 302
    fee = Fee.objects.get(schedule=schedule, procedure__cpt_code="63030")
    assert (fee.medicare_approved, fee.asc_amount) == (Decimal("1130.00"), Decimal("3410.00"))
    assert Procedure.objects.get(cpt_code="63030").anesthesia_base_units == 8


def test_every_problem_on_every_line_is_listed_at_once_and_nothing_is_written(
    client, billing, verified_login, schedule
):
    new = next_year(client, billing, verified_login)
    text = HEADER + (
        "63030,1200.00,lots,7000,,X9,maybe,no,8,120,,,\n"
        "22612,1914.25,,17250,30150,J1,no,no,eight,9999,,,\n"
        "63047,1358.80,3410,6905,13850,J1,no,no,8,150,Laminectomy,Lower back surgery to free the nerves,lumbar\n"
    )
    response = upload(client, new, text)
    assert response.status_code == 400
    problems = re.findall(r"(Line \d+: [^<]+)", response.text)
    assert [problem.split(":")[0] for problem in problems] == ["Line 2"] * 3 + ["Line 3"] * 2
    assert "asc_amount “lots” is not an amount" in response.text
    assert "opps_status must be one of J1, T, S, N, or blank." in response.text
    assert "add_on must be yes or no" in response.text
    assert "anesthesia_base_units must be a whole number from 0 to 30." in response.text
    assert "anesthesia_minutes must be a whole number from 0 to 1440." in response.text
    assert "Write these fees" not in response.text
    assert not Fee.objects.filter(schedule=new).exists()


def test_a_tampered_confirmation_is_checked_again_before_writing(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    url = reverse("admin:estimates_feeschedule_import", args=[new.pk])
    response = client.post(url, {"csv_text": "cpt_code,medicare_approved\n63030,-5\n"})
    assert response.status_code == 400
    assert "must be between 0 and 1,000,000" in response.text
    assert not Fee.objects.filter(schedule=new).exists()


def test_the_parser_reads_the_flags_and_leaves_absent_columns_out():
    rows, errors = parse_fee_csv(
        "cpt_code,medicare_approved,add_on,self_pay_reduced\n22614,462,Yes,TRUE\n",
        coinsurance_rate=Decimal("0.2"),
        regions=set(BodyRegion.values),
    )
    assert errors == []
    assert rows[0].procedure_fields == {"is_add_on": True}
    assert rows[0].fee_fields == {"self_pay_reduced": True}

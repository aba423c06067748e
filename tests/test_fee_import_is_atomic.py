"""A fee import that fails half-way writes nothing and answers a plain message (issue 28)."""

from decimal import Decimal

from django.db import DatabaseError

from estimates.models import Fee, FeeSchedule, Procedure
from estimates.services import FeeImportError
from tests.test_estimate_csv_import import upload_and_confirm


def test_fee_import_error_is_an_exception_class():
    assert isinstance(FeeImportError, type)
    assert issubclass(FeeImportError, ValueError)


def test_a_write_failing_half_way_through_the_admin_writes_nothing(
    client, billing, verified_login, schedule, monkeypatch
):
    verified_login(client, billing)
    new = FeeSchedule.objects.create(
        name="Medicare 2027", year=2027, effective_date="2027-01-01", part_b_deductible=Decimal("300.00")
    )
    procedures_before = Procedure.objects.count()
    real = Fee.objects.update_or_create
    calls = {"n": 0}

    def fail_on_the_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise DatabaseError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(Fee.objects, "update_or_create", fail_on_the_second)
    csv_text = (
        "cpt_code,medicare_approved,patient_share,self_pay_price,official_name,plain_name,body_region\n"
        "63047,1400.50,,,Lumbar Laminectomy,Lower back surgery to free the nerves,lumbar\n"
        "63030,1200.00,,3500,,,\n"
    )
    response = upload_and_confirm(client, new, csv_text)  # the preview writes nothing; the write fails
    assert response.status_code == 400
    assert "Line 3 could not be saved, so no fees were imported" in response.text
    assert calls["n"] == 2  # the first row was written before the failure, then undone
    assert not Fee.objects.filter(schedule=new).exists()
    assert Procedure.objects.count() == procedures_before

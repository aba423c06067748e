from datetime import date
from decimal import Decimal

import pytest

from estimates.models import Fee, FeeSchedule
from portal.accounts.roles import Role
from tests.factories import PatientFactory, ProcedureFactory, UserFactory


@pytest.fixture
def patient(db):
    return PatientFactory(email="patient.a@example.com", first_name="Ana")


@pytest.fixture
def other_patient(db):
    return PatientFactory(email="patient.b@example.com", first_name="Ben")


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR)


@pytest.fixture
def reviewer(db):
    return UserFactory(role=Role.MEDICAL_REVIEWER)


@pytest.fixture
def billing(db):
    return UserFactory(role=Role.BILLING)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def schedule(db):
    """The 2026 schedule with the worked example's two procedures."""
    schedule = FeeSchedule.objects.create(
        name="Medicare 2026",
        year=2026,
        effective_date=date(2026, 1, 1),
        part_b_deductible=Decimal("283.00"),
        is_active=True,
    )
    disc = ProcedureFactory(cpt_code="63030", plain_name="Lower back disc surgery")
    fusion = ProcedureFactory(cpt_code="22612", plain_name="Lower back fusion")
    Fee.objects.create(
        schedule=schedule, procedure=disc, medicare_approved=Decimal("1125.30"), self_pay_price=Decimal("3400.00")
    )
    Fee.objects.create(schedule=schedule, procedure=fusion, medicare_approved=Decimal("1914.25"))
    return schedule


WORKED_EXAMPLE = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.accounts.models import User


@pytest.mark.django_db
def test_load_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    counts = User.objects.count()
    call_command("load_demo", stdout=StringIO())
    # Seven demo logins, and the patient of another care team (issue 29), who has no login.
    assert User.objects.count() == counts == 8
    assert User.objects.get(email="patient@example.com").check_password("demo-patient-pass")
    assert User.objects.patients().count() == 3


@pytest.mark.django_db
def test_load_demo_gives_the_demo_patient_the_questionnaire_schedule(settings):
    from django.utils import timezone

    from care.models import PathwayProcedure
    from outcomes.models import ScheduledInstrument
    from outcomes.selectors import questionnaires_due

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    patient = User.objects.get(email="patient@example.com")
    assert ScheduledInstrument.objects.count() == 3 * 6
    due = questionnaires_due(patient, timezone.localdate())
    assert sorted(d.scheduled.instrument.code for d in due) == ["nrs-back", "nrs-leg", "peg"]
    assert PathwayProcedure.objects.get().procedure.cpt_code == "63030"


@pytest.mark.django_db
def test_load_demo_refuses_demo_accounts_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo")
    assert not User.objects.exists()

"""Shared set-up for the caregiver-access tests (issue 32): invite through the patient's form, take
the link from the email, accept, switch."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care import access, caregivers
from care.models import CaregiverGrant
from portal.accounts.identity import normalize_email
from tests.factories import PatientFactory

SCOPES = ["may_tick_steps_and_mark_read", "may_ask_questions", "may_see_estimates", "send_reminders_to_caregiver"]


def invite(client, *, name="Sam", email="sam@example.com", **scopes):
    """Post the patient's invitation form; returns (grant, token from the emailed link)."""
    data = {"name": name, "email": email, **{scope: "on" for scope, on in scopes.items() if on}}
    response = client.post(reverse("care:caregiver_invite"), data)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    token = re.search(r"/caregiver/accept/([^/\s]+)/", mail.outbox[-1].body).group(1)
    return CaregiverGrant.objects.get(email=normalize_email(email), caregiver__isnull=True), token


def grant_for(patient, caregiver=None, *, all_scopes=True, **overrides) -> CaregiverGrant:
    """An accepted grant made directly (for tests about what happens after acceptance)."""
    caregiver = caregiver or PatientFactory(first_name="Sam")
    values = dict.fromkeys(SCOPES, all_scopes)
    values.update(overrides)
    grant = CaregiverGrant.objects.create(
        patient=patient, name=caregiver.first_name or "Sam", email=caregiver.email, language="en", **values
    )
    return caregivers.grant_accept(grant=grant, caregiver=caregiver)


def caregiver_client(grant: CaregiverGrant) -> Client:
    """The caregiver logged in and switched to the patient, as the switch button posts it."""
    client = Client()
    client.force_login(grant.caregiver)
    response = client.post(reverse("care:caregiving_switch"), {"patient": grant.patient_id})
    assert response.status_code == 302
    assert client.session[access.ACTING_FOR] == grant.patient_id
    return client


def expire(grant: CaregiverGrant) -> None:
    CaregiverGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

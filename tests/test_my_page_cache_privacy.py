"""A cached My page (care/my_page_cache.py) is only ever served to whom may see it: patient A's page
never to patient B, a caregiver of A sees A's (as the caregiver sees it, not as A does), a caregiver
of B never A's, and a revoked or expired caregiver nothing, even with A's pages in the cache."""

import pytest
from django.test import Client
from django.urls import reverse

from care import caregivers
from tests.caregiver_helpers import caregiver_client, expire, grant_for
from tests.factories import AssignmentFactory

MY_PAGE = reverse("care:my_page")


@pytest.fixture
def readings(patient, other_patient):
    AssignmentFactory(patient=patient, article__title="Reading of patient A")
    AssignmentFactory(patient=other_patient, article__title="Reading of patient B")


def warm(client) -> str:
    """Three reads: the last comes from the cache (the first may show a message, which is never stored)."""
    for _ in range(3):
        response = client.get(MY_PAGE)
    assert response.status_code == 200
    return response.text


@pytest.mark.usefixtures("readings")
def test_patient_as_page_is_never_served_to_patient_b(patient_client, other_patient):
    assert "Reading of patient A" in warm(patient_client)
    client = Client()
    client.force_login(other_patient)
    page = warm(client)
    assert "Reading of patient B" in page
    assert "Reading of patient A" not in page
    assert "Reading of patient B" not in warm(patient_client)


@pytest.mark.usefixtures("readings")
def test_a_caregiver_of_a_sees_as_page_as_a_caregiver(patient, patient_client):
    own = warm(patient_client)
    assert "Share with a family member or caregiver" in own
    page = warm(caregiver_client(grant_for(patient)))
    assert "Reading of patient A" in page
    assert "You are viewing for" in page
    assert "Share with a family member or caregiver" not in page  # the patient's own links stay the patient's
    assert "You are viewing for" not in warm(patient_client)


@pytest.mark.usefixtures("readings")
def test_a_caregiver_of_b_never_sees_as_page(patient, patient_client, other_patient):
    warm(patient_client)
    warm(caregiver_client(grant_for(patient)))
    page = warm(caregiver_client(grant_for(other_patient)))
    assert "Reading of patient B" in page
    assert "Reading of patient A" not in page


@pytest.mark.usefixtures("readings")
@pytest.mark.parametrize("end", ["revoked", "expired"])
def test_a_caregiver_whose_grant_ended_sees_nothing(patient, patient_client, end):
    grant = grant_for(patient)
    client = caregiver_client(grant)
    assert "Reading of patient A" in warm(client)
    warm(patient_client)
    if end == "revoked":
        caregivers.grant_revoke(grant=grant, by=patient)
    else:
        expire(grant)
    response = client.get(MY_PAGE)
    assert response.status_code == 404
    assert "Reading of patient A" not in response.text
    # Back on their own page (the session forgot the patient): their own, empty reading list.
    assert "Reading of patient A" not in warm(client)

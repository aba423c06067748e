"""The questionnaire admin: editable until patients answer, read-only after."""

import pytest
from django.urls import reverse

from outcomes.models import Instrument, Response
from tests.outcome_helpers import enrol_with_schedule, load_shipped


@pytest.fixture
def admin_client(client, superuser, verified_login):
    verified_login(client, superuser)
    return client


def test_an_unanswered_instrument_can_be_changed(admin_client):
    load_shipped()
    instrument = Instrument.objects.get(code="peg")
    page = admin_client.get(reverse("admin:outcomes_instrument_change", args=[instrument.pk]))
    assert page.status_code == 200
    assert b'name="name"' in page.content
    item_page = admin_client.get(reverse("admin:outcomes_item_change", args=[instrument.items.first().pk])).content
    assert b'name="options-0-label"' in item_page


def test_an_answered_instrument_is_read_only(admin_client, patient):
    pathway, _ = enrol_with_schedule(patient)
    instrument = Instrument.objects.get(code="peg")
    Response.objects.create(patient=patient, pathway=pathway, instrument=instrument, time_point="pre_op")
    url = reverse("admin:outcomes_instrument_change", args=[instrument.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="name"' not in page.content
    admin_client.post(url, {"name": "Changed"})
    assert Instrument.objects.get(pk=instrument.pk).name == "PEG three-item pain scale"
    item = instrument.items.first()
    item_page = admin_client.get(reverse("admin:outcomes_item_change", args=[item.pk])).content
    assert b'name="text"' not in item_page
    assert b'name="options-0-label"' not in item_page
    assert admin_client.post(reverse("admin:outcomes_instrument_delete", args=[instrument.pk])).status_code == 403

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


@pytest.fixture
def answered(patient):
    pathway, _ = enrol_with_schedule(patient)
    instrument = Instrument.objects.get(code="peg")
    Response.objects.create(patient=patient, pathway=pathway, instrument=instrument, time_point="pre_op")
    return instrument


def test_the_item_add_page_cannot_add_to_an_answered_instrument(admin_client, answered):
    """The pentest's finding: the item admin's add page took a new item for an answered questionnaire."""
    count = answered.items.count()
    response = admin_client.post(
        reverse("admin:outcomes_item_add"),
        {
            "instrument": answered.pk,
            "code": "extra",
            "order": 9,
            "text": "A new question",
            "options-TOTAL_FORMS": 0,
            "options-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert answered.items.count() == count
    page = admin_client.get(reverse("admin:outcomes_item_add")).text
    assert f'<option value="{answered.pk}"' not in page


def test_items_of_an_answered_instrument_cannot_be_deleted_in_bulk_or_one_by_one(admin_client, answered):
    item = answered.items.first()
    bulk = admin_client.post(
        reverse("admin:outcomes_item_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 400)
    assert admin_client.post(reverse("admin:outcomes_item_delete", args=[item.pk]), {"post": "yes"}).status_code == 403
    assert answered.items.filter(pk=item.pk).exists()


def test_the_model_refuses_new_items_and_options_on_an_answered_instrument(answered):
    from django.core.exceptions import ValidationError

    from outcomes.models import Item, Option

    with pytest.raises(ValidationError, match="cannot change"):
        Item(instrument=answered, code="x", order=9, text="New").full_clean()
    with pytest.raises(ValidationError, match="cannot change"):
        Option(item=answered.items.first(), order=9, value=9, label="New").full_clean()

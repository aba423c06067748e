"""Every admin page that shows patient data writes one audit event (issue 28).

The pages are found, not listed: every registered admin whose model holds a
patient's rows (walked from `_meta`, see tests/patient_data.py) or is the user
list, its list, a record's page, its history and an old version; plus the
extra admin pages that show patient data (FHIR bundle, reports).
"""

import contextlib

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from portal.audit.admin import PatientDataAdminMixin
from portal.audit.models import AuditEvent
from tests.patient_data import patient_models, touch_everything


@pytest.fixture
def busy_patient(patient, schedule):
    return touch_everything(patient, schedule=schedule)


def patient_admins():
    found = patient_models()
    user_model = get_user_model()
    for model, model_admin in admin.site._registry.items():
        if model is user_model:
            yield model, model_admin, "pk"
        elif model in found:
            yield model, model_admin, found[model]


def admin_urls(patient) -> list[str]:
    urls = []
    for model, _model_admin, path in patient_admins():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        row = model.objects.filter(**{path: patient.pk if path == "pk" else patient}).first()
        assert row is not None, f"the busy patient has no {model._meta.label}"
        urls.append(reverse(f"{info}_change", args=[row.pk]))
        urls.append(reverse(f"{info}_history", args=[row.pk]))
        if hasattr(row, "history") and (version := row.history.first()) is not None:
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"{info}_simple_history", args=[row.pk, version.history_id]))
    urls.append(reverse("admin:care_educationrecord_fhir", args=[patient.pk]))
    urls.append(reverse("admin:care_patientpathway_behind"))
    urls.append(reverse("admin:care_patientpathway_behind") + "?format=csv")
    urls.append(reverse("admin:outcomes_response_summary"))
    urls.append(reverse("admin:care_assignment_changelist") + f"?patient__id__exact={patient.pk}")
    return urls


def test_every_admin_for_patient_data_uses_the_one_mechanism():
    missing = [
        model._meta.label
        for model, model_admin, _path in patient_admins()
        if not isinstance(model_admin, PatientDataAdminMixin)
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_admin_page_showing_patient_data_writes_one_audit_event(client, superuser, verified_login, busy_patient):
    verified_login(client, superuser)
    urls = admin_urls(busy_patient)
    assert len(urls) > 20
    for url in urls:
        before = AuditEvent.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert AuditEvent.objects.count() == before + 1, f"{url} wrote {AuditEvent.objects.count() - before} events"


@pytest.mark.django_db
def test_a_list_records_its_filter_and_count_not_its_rows(client, superuser, verified_login, busy_patient):
    verified_login(client, superuser)
    client.get(
        reverse("admin:care_assignment_changelist"),
        {"patient__id__exact": busy_patient.pk, "q": busy_patient.last_name},
    )
    event = AuditEvent.objects.latest("pk")
    assert event.action == AuditEvent.Action.PATIENT_DATA_READ
    assert event.detail["page"] == "list"
    assert event.detail["filters"] == {"patient__id__exact": str(busy_patient.pk)}
    assert event.detail["count"] == busy_patient.assignments.count()
    assert busy_patient.last_name not in str(event.detail)  # the search words may be a name: only that there were some
    assert event.detail["words_typed"] is True


@pytest.mark.django_db
def test_the_fhir_bundle_names_the_patient(client, superuser, verified_login, busy_patient):
    verified_login(client, superuser)
    client.get(reverse("admin:care_educationrecord_fhir", args=[busy_patient.pk]))
    event = AuditEvent.objects.latest("pk")
    assert (event.target_type, event.target_id, event.detail["page"]) == (
        "accounts.user",
        str(busy_patient.pk),
        "FHIR bundle",
    )

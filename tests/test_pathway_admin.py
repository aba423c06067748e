"""Staff put a patient on a pathway in the admin and move the date; publishing needs a reviewer."""

from datetime import date

from django.urls import reverse

from care.models import PatientPathway, PatientStep
from tests.factories import PathwayStepFactory, PathwayTemplateFactory


def test_staff_put_a_patient_on_a_published_pathway(client, reviewer, patient, verified_login):
    step = PathwayStepFactory(days_from_surgery=-7, title="Stop blood thinners")
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:care_patientpathway_add"),
        {"patient": patient.pk, "template": step.template.pk, "surgery_date": "2026-12-21",
         "steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    pathway = PatientPathway.objects.get(patient=patient)
    assert pathway.added_by == reviewer
    assert PatientStep.objects.get(pathway=pathway).due_date == date(2026, 12, 14)


def test_changing_the_date_in_the_admin_moves_every_step(client, reviewer, patient, verified_login):
    from care import services

    step = PathwayStepFactory(days_from_surgery=-7)
    pathway = services.pathway_enrol(patient=patient, template=step.template, surgery_date=date(2026, 12, 21))
    verified_login(client, reviewer)
    patient_step = pathway.steps.get()
    response = client.post(
        reverse("admin:care_patientpathway_change", args=[pathway.pk]),
        {"surgery_date": "2027-01-04", "steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 1,
         "steps-0-id": patient_step.pk, "steps-0-pathway": pathway.pk},
    )  # fmt: skip
    assert response.status_code == 302, response.text
    patient_step.refresh_from_db()
    assert patient_step.due_date == date(2026, 12, 28)


def test_a_draft_pathway_cannot_be_given_to_a_patient(client, reviewer, patient, verified_login):
    draft = PathwayTemplateFactory(status="draft")
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:care_patientpathway_add"),
        {"patient": patient.pk, "template": draft.pk, "surgery_date": "2026-12-21",
         "steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not PatientPathway.objects.exists()


def test_an_editor_cannot_publish_or_change_a_published_pathway(client, editor, verified_login):
    published = PathwayStepFactory().template
    draft = PathwayTemplateFactory(status="in_review")
    PathwayStepFactory(template=draft)
    verified_login(client, editor)
    changelist = reverse("admin:care_pathwaytemplate_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "in_review"
    response = client.post(
        reverse("admin:care_pathwaytemplate_change", args=[published.pk]), {"name": "Changed by an editor"}
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.name != "Changed by an editor"


def test_a_reviewer_publishes_a_pathway_from_the_list(client, reviewer, verified_login):
    template = PathwayTemplateFactory(status="in_review")
    PathwayStepFactory(template=template)
    verified_login(client, reviewer)
    client.post(
        reverse("admin:care_pathwaytemplate_changelist"), {"action": "publish", "_selected_action": [template.pk]}
    )
    template.refresh_from_db()
    assert (template.status, template.reviewed_by) == ("published", reviewer)

"""The audit trail: who did what to which record, when and from where; append-only; superusers read it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from care import services as care_services
from education import services
from education.models import Article
from portal.audit.models import AuditEvent
from tests.factories import PASSWORD, ArticleFactory, AssignmentFactory, SectionFactory, SurgeonFactory

Action = AuditEvent.Action


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def test_login_and_logout_are_recorded_with_the_address(client, patient):
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.7")
    login = events(Action.LOGIN).get()
    assert (login.actor_id, login.actor_email, login.ip_address) == (patient.pk, patient.email, "192.0.2.7")
    assert events(Action.LOGOUT, actor_id=patient.pk).exists()


def test_a_failed_login_records_the_name_typed_but_never_the_password(client, patient):
    client.post(reverse("login"), {"username": "Nobody@Example.com", "password": "secret-typed-here"})
    failed = events(Action.LOGIN_FAILED).get()
    assert failed.actor_email == "nobody@example.com"
    assert failed.actor_id is None
    assert "secret-typed-here" not in str(failed.detail)


def test_the_address_behind_a_trusted_proxy_is_the_clients(client, patient, settings):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client.post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4",
    )
    assert events(Action.LOGIN).get().ip_address == "198.51.100.4"


def test_staff_viewing_and_changing_a_patient_in_the_admin_is_recorded(client, reviewer, patient, verified_login):
    verified_login(client, reviewer)
    url = reverse("admin:accounts_user_change", args=[patient.pk])
    assert client.get(url).status_code == 200
    viewed = events(Action.USER_VIEWED).get()
    assert (viewed.actor_id, viewed.target_type, viewed.target_id) == (reviewer.pk, "accounts.user", str(patient.pk))
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(first_name="Anabel", date_of_birth="", **_empty_inlines())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = events(Action.USER_CHANGED).get()
    assert changed.detail["changes"] == [{"changed": {"fields": ["First name"]}}]


def _empty_inlines():
    return {
        "assignments-TOTAL_FORMS": 0,
        "assignments-INITIAL_FORMS": 0,
        "care_teams-TOTAL_FORMS": 0,
        "care_teams-INITIAL_FORMS": 0,
        "care_team-TOTAL_FORMS": 0,
        "care_team-INITIAL_FORMS": 0,
        "caregiver_grants-TOTAL_FORMS": 0,  # the patient's caregivers (issue 32), read-only
        "caregiver_grants-INITIAL_FORMS": 0,
    }


def test_assignments_and_their_state_changes_are_recorded_once(patient_client, patient, reviewer):
    article = ArticleFactory()
    SectionFactory(article=article)
    [assignment] = care_services.assignments_create(patient=patient, articles=[article], assigned_by=reviewer)
    patient_client.get(article.get_absolute_url())
    patient_client.get(article.get_absolute_url())
    finish = reverse("care:assignment_finish", args=[assignment.pk])
    patient_client.post(finish)
    patient_client.post(finish)
    target = {"target_type": "care.assignment", "target_id": str(assignment.pk)}
    assert events(Action.ASSIGNMENT_CREATED, **target).count() == 1
    assert events(Action.ASSIGNMENT_OPENED, **target, actor_id=patient.pk).count() == 1
    assert events(Action.ASSIGNMENT_FINISHED, **target, actor_id=patient.pk).count() == 1


def test_publishing_and_unpublishing_are_recorded(reviewer):
    SurgeonFactory(user=reviewer)
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    services.article_publish(article=article, user=reviewer)
    services.article_return_to_draft(article=article, user=reviewer)
    published = events(Action.ARTICLE_PUBLISHED).get()
    assert (published.target_type, published.target_id) == ("education.article", str(article.pk))
    assert events(Action.ARTICLE_UNPUBLISHED, actor_id=reviewer.pk).exists()


def test_an_assignment_deleted_in_the_admin_is_recorded(client, reviewer, verified_login):
    assignment = AssignmentFactory()
    verified_login(client, reviewer)
    client.post(reverse("admin:care_assignment_delete", args=[assignment.pk]), {"post": "yes"})
    assert events(Action.ASSIGNMENT_DELETED, target_id=str(assignment.pk), actor_id=reviewer.pk).exists()


@pytest.mark.django_db
def test_records_cannot_be_changed_or_deleted():
    event = AuditEvent.objects.create(action=Action.LOGIN, actor_email="a@example.com")
    event.actor_email = "someone-else@example.com"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(actor_email="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().actor_email == "a@example.com"


@pytest.mark.django_db
def test_secrets_never_reach_a_records_detail():
    from portal.audit.services import audit_record

    event = audit_record(action=Action.LOGIN, detail={"password": "p", "token": "t", "q": "back pain", "via": "x"})
    assert event.detail == {"via": "x"}


def test_superusers_read_and_filter_the_trail_in_the_admin(client, superuser, patient, verified_login):
    Client().post(reverse("login"), {"username": patient.email, "password": "wrong-password-1"})
    verified_login(client, superuser)
    changelist = reverse("admin:audit_auditevent_changelist")
    filtered = client.get(changelist, {"action__exact": Action.LOGIN_FAILED})
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].result_list) == list(events(Action.LOGIN_FAILED))
    event = events(Action.LOGIN_FAILED).get()
    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text  # read-only
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"actor_email": "x@example.com"})
    assert AuditEvent.objects.get(pk=event.pk).actor_email == patient.email


def test_other_staff_cannot_see_the_trail(client, reviewer, verified_login):
    verified_login(client, reviewer)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    assert "audit" not in client.get(reverse("admin:index")).text.lower()

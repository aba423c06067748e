import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User
from portal.accounts.roles import Role


@pytest.fixture
def admin_client_(client, superuser, verified_login):
    verified_login(client, superuser)
    return client


def test_staff_add_a_patient_without_a_password(admin_client_):
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Patient@Example.com", "first_name": "New", "last_name": "Patient", "role": Role.PATIENT},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.patient@example.com")  # stored normalised (issue 28)
    assert not user.has_usable_password()
    assert user.is_patient
    assert not user.is_staff


def test_adding_a_duplicate_email_says_what_to_do(admin_client_, patient):
    response = admin_client_.post(reverse("admin:accounts_user_add"), {"email": patient.email, "role": Role.PATIENT})
    assert response.status_code == 200
    assert "Someone already has this email address" in response.text


def test_invitation_link_sets_password_and_logs_in_once(admin_client_, client, db):
    invited = User.objects.create_user("invited@example.com", first_name="Ivy")
    invited.groups.add(Group.objects.get(name=Role.PATIENT))
    response = admin_client_.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_invitation", "_selected_action": [invited.pk]}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Hello Ivy" in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/invite/\S+)", mail.outbox[0].body).group(1)

    admin_client_.logout()
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "my-chosen-password", "new_password2": "my-chosen-password"})
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == invited
    client.logout()
    assert "This link no longer works" in client.get(link, follow=True).text


def test_the_invitation_is_written_in_the_patients_language(admin_client_, db):
    invited = User.objects.create_user("ines@example.com", first_name="Inés", preferred_language="es")
    invited.groups.add(Group.objects.get(name=Role.PATIENT))
    admin_client_.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_invitation", "_selected_action": [invited.pk]}
    )
    assert mail.outbox[0].subject.startswith("Su invitación al portal para pacientes")
    assert "Hola, Inés:" in mail.outbox[0].body
    assert "El enlace funciona una sola vez." in mail.outbox[0].body

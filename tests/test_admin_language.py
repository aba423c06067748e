"""The admin has its own language per staff member (issue 34): a switch in its header saves it on the
account; the patient site's language switch does not change it, and the two-step pages follow it."""

from django.urls import reverse

from portal.accounts.roles import Role
from tests.factories import UserFactory


def test_the_admin_header_has_its_own_switch_that_is_saved_per_staff_member(client, editor, verified_login):
    verified_login(client, editor)
    index = client.get(reverse("admin:index"))
    assert reverse("admin:admin_language") in index.text
    response = client.post(reverse("admin:admin_language"), {"language": "es", "next": reverse("admin:index")})
    assert response.url == reverse("admin:index")
    editor.refresh_from_db()
    assert (editor.admin_language, editor.preferred_language) == ("es", "")
    assert client.get(reverse("admin:index"))["Content-Language"] == "es"


def test_the_patient_sites_switch_does_not_change_the_admin(client, editor, verified_login):
    verified_login(client, editor)
    client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    editor.refresh_from_db()
    assert editor.preferred_language == "es"
    admin_page = client.get(reverse("admin:index"))
    assert admin_page["Content-Language"] == "en"
    assert "Site administration" in admin_page.text
    assert client.get(reverse("home"))["Content-Language"] == "es"  # the patient site follows its own switch


def test_another_staff_member_keeps_their_own_admin_language(client, editor, verified_login):
    other = UserFactory(role=Role.EDITOR, admin_language="es")
    verified_login(client, other)
    assert client.get(reverse("admin:index"))["Content-Language"] == "es"
    client.logout()
    verified_login(client, editor)
    assert client.get(reverse("admin:index"))["Content-Language"] == "en"


def test_a_bad_language_is_refused(client, editor, verified_login):
    verified_login(client, editor)
    assert client.post(reverse("admin:admin_language"), {"language": "fr"}).status_code == 400
    assert client.get(reverse("admin:admin_language")).status_code == 405


def test_the_switch_only_returns_to_this_site(client, editor, verified_login):
    verified_login(client, editor)
    response = client.post(reverse("admin:admin_language"), {"language": "es", "next": "https://evil.example/"})
    assert response.url == reverse("admin:index")

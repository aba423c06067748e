"""A patient changes their own email address, confirmed from both addresses (issue 28).

Walked as a person does it: the form on the "Change your email address" page, the two
emails, each link opened (a page with a button) and its button pressed, logged in.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal import ratelimit
from portal.accounts.models import EmailChange, User
from portal.audit.models import AuditEvent
from tests.factories import PASSWORD, PatientFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/accounts/email/change/(?:new|old)/[^/\s]+/)")


@pytest.fixture
def ask(patient_client, django_capture_on_commit_callbacks):
    """Post the form as the browser does; the emails are sent once the request's transaction commits."""

    def post(new_email, password=PASSWORD, client=patient_client):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("email_change"), {"new_email": new_email, "password": password})

    return post


@pytest.fixture
def press(patient_client, django_capture_on_commit_callbacks):
    """Open a link (the page with the button), then press the button."""

    def open_and_press(path, answer="confirm", client=patient_client):
        page = client.get(path)
        with django_capture_on_commit_callbacks(execute=True):
            pressed = client.post(path, {"answer": answer})
        return page, pressed

    return open_and_press


def links_by_recipient() -> dict[str, str]:
    """The link in each email just sent, by the address it went to."""
    found = {}
    for message in mail.outbox:
        match = LINK.search(message.body)
        if match:
            found[message.to[0]] = match.group(1)
    return found


def test_my_page_leads_to_the_page(patient_client):
    assert reverse("email_change") in patient_client.get(reverse("care:my_page")).text
    page = patient_client.get(reverse("email_change"))
    assert page.status_code == 200
    assert "patient.a@example.com" in page.text


def test_a_wrong_password_is_refused(ask, patient):
    response = ask("ana.new@example.com", password="not-my-password")
    assert response.status_code == 400
    assert "That password is not right" in response.text
    assert not EmailChange.objects.exists()
    assert mail.outbox == []


def test_an_address_another_account_has_is_refused_without_saying_whose(ask, other_patient):
    response = ask("patient.b@example.com")
    assert response.status_code == 400
    assert "This email address cannot be used. Choose another one." in response.text
    assert "Ben" not in response.text
    assert not EmailChange.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("sam.lee@example.com", "ſam.lee@example.com"),  # long s
        ("kim.lee@example.com", "\u212aim.lee@example.com"),  # Kelvin sign
        ("sam.lee@example.com", "ｓａｍ.ｌｅｅ＠ｅｘａｍｐｌｅ.ｃｏｍ"),  # full-width letters
        ("sam.lee@example.com", "Sam.LEE@Example.COM"),
    ],
)
def test_a_look_alike_spelling_of_a_taken_address_is_refused_as_taken(ask, stored, typed):
    PatientFactory(email=stored)
    response = ask(typed)
    assert response.status_code == 400
    assert "This email address cannot be used" in response.text
    assert not EmailChange.objects.exists()


def test_the_current_address_is_refused(ask):
    response = ask("PATIENT.A@example.com")
    assert response.status_code == 400
    assert "already your email address" in response.text


def test_asking_sends_one_link_to_each_address_and_changes_nothing_yet(ask, patient):
    response = ask("Ana.New@Example.COM")
    assert response.status_code == 302
    links = links_by_recipient()
    assert set(links) == {"ana.new@example.com", "patient.a@example.com"}
    assert "/new/" in links["ana.new@example.com"]
    assert "/old/" in links["patient.a@example.com"]
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"
    change = EmailChange.objects.get()
    # Only hashes are stored: no link's token is in the database.
    assert all(link.split("/")[-2] not in (change.new_token_hash, change.old_token_hash) for link in links.values())


def test_the_new_address_link_alone_changes_nothing(ask, press, patient_client, patient):
    ask("ana.new@example.com")
    page, pressed = press(links_by_recipient()["ana.new@example.com"])
    assert page.status_code == 200
    assert "Yes, this is my new address" in page.text
    assert pressed.status_code == 302
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EMAIL_CHANGED).exists()
    status = patient_client.get(pressed.url).text
    assert "Link sent to the new address: opened." in status
    assert "Link sent to your current address: not opened yet." in status


def test_opening_the_links_without_pressing_changes_nothing(ask, patient_client, patient):
    """A mail scanner that opens every link in an email confirms nothing."""
    ask("ana.new@example.com")
    for path in links_by_recipient().values():
        assert patient_client.get(path).status_code == 200
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"


def test_both_links_change_it_normalised_end_other_sessions_audit_and_tell_both(ask, press, patient_client, patient):
    other_device = Client()
    other_device.force_login(patient)
    assert other_device.get(reverse("care:my_page")).status_code == 200
    ask("Ana.New@EXAMPLE.com")
    links = links_by_recipient()
    mail.outbox.clear()
    press(links["patient.a@example.com"], answer="approve")
    _, pressed = press(links["ana.new@example.com"])
    assert pressed.status_code == 302
    patient.refresh_from_db()
    assert patient.email == "ana.new@example.com"
    # This browser goes on; the other one is logged out.
    assert patient_client.get(reverse("care:my_page")).status_code == 200
    assert other_device.get(reverse("care:my_page")).status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.EMAIL_CHANGED)
    assert (event.actor_id, event.target_id, event.detail["via"]) == (patient.pk, str(patient.pk), "self")
    assert "patient.a@example.com" not in str(event.detail)
    assert sorted(message.to[0] for message in mail.outbox) == ["ana.new@example.com", "patient.a@example.com"]
    assert all("is changed" in message.body for message in mail.outbox)
    # The new address logs in; the old one no longer does.
    assert Client().post(reverse("login"), {"username": "ANA.NEW@example.com", "password": PASSWORD}).status_code == 302
    assert User.objects.filter(email="patient.a@example.com").count() == 0


def test_a_used_link_is_refused(ask, press):
    ask("ana.new@example.com")
    path = links_by_recipient()["ana.new@example.com"]
    press(path)
    page, pressed = press(path)
    assert (page.status_code, pressed.status_code) == (400, 400)
    assert "This link was used already" in pressed.text


def test_an_expired_link_is_refused(ask, press, patient):
    ask("ana.new@example.com")
    EmailChange.objects.update(created_at=EmailChange.objects.get().created_at - timedelta(hours=24, minutes=1))
    page, pressed = press(links_by_recipient()["ana.new@example.com"])
    assert (page.status_code, pressed.status_code) == (400, 400)
    assert "more than 24 hours old" in page.text
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"


@pytest.mark.parametrize("change", [lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), lambda token: "x"])
def test_a_tampered_link_is_refused(ask, press, change):
    ask("ana.new@example.com")
    path = links_by_recipient()["ana.new@example.com"]
    token = path.split("/")[-2]
    page, pressed = press(path.replace(token, change(token)))
    assert (page.status_code, pressed.status_code) == (404, 404)
    assert "This link does not work" in page.text
    assert EmailChange.objects.get().new_confirmed_at is None


def test_another_account_cannot_use_the_link(ask, press, other_patient):
    ask("ana.new@example.com")
    other = Client()
    other.force_login(other_patient)
    page, pressed = press(links_by_recipient()["ana.new@example.com"], client=other)
    assert (page.status_code, pressed.status_code) == (404, 404)


def test_a_visitor_who_is_not_logged_in_is_asked_to_log_in(ask):
    ask("ana.new@example.com")
    path = links_by_recipient()["patient.a@example.com"]
    response = Client().get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_links_die_when_the_address_changes_meanwhile(ask, press, patient):
    ask("ana.new@example.com")
    links = links_by_recipient()
    patient.email = "changed.by.superuser@example.com"
    patient.save()
    page, _ = press(links["patient.a@example.com"], answer="approve")
    assert page.status_code in (302, 400)  # the session ended with the address change, or the link is closed
    client = Client()
    client.force_login(patient)
    page, pressed = press(links["ana.new@example.com"], client=client)
    assert (page.status_code, pressed.status_code) == (400, 400)
    assert "This request is closed" in page.text
    patient.refresh_from_db()
    assert patient.email == "changed.by.superuser@example.com"


def test_the_old_address_can_say_no(ask, press, patient):
    ask("ana.new@example.com")
    links = links_by_recipient()
    page, pressed = press(links["patient.a@example.com"], answer="cancel")
    assert "No, keep my address" in page.text
    assert pressed.status_code == 302
    page, _ = press(links["ana.new@example.com"])
    assert page.status_code == 400
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"


def test_the_old_address_must_answer_yes_or_no(ask, patient_client):
    ask("ana.new@example.com")
    path = links_by_recipient()["patient.a@example.com"]
    response = patient_client.post(path, {})
    assert response.status_code == 400
    assert "Yes, change my address" in response.text
    assert EmailChange.objects.get().old_confirmed_at is None


def test_asking_again_replaces_the_first_request(ask, press, patient):
    ask("first.try@example.com")
    first = links_by_recipient()
    ask("second.try@example.com")
    second = links_by_recipient()
    page, _ = press(first["first.try@example.com"])
    assert page.status_code == 400
    press(second["patient.a@example.com"], answer="approve")
    press(second["second.try@example.com"])
    patient.refresh_from_db()
    assert patient.email == "second.try@example.com"


def test_an_address_taken_before_the_last_link_is_refused(ask, press, patient):
    ask("ana.new@example.com")
    links = links_by_recipient()
    press(links["patient.a@example.com"], answer="approve")
    PatientFactory(email="ana.new@example.com")
    _, pressed = press(links["ana.new@example.com"])
    assert pressed.status_code == 409
    assert "can no longer be used" in pressed.text
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"


def test_the_emails_are_in_the_patients_language(ask, press, patient):
    patient.preferred_language = "es"
    patient.save()
    ask("ana.new@example.com")
    bodies = {message.to[0]: message for message in mail.outbox}
    assert "Hola" in bodies["ana.new@example.com"].body
    assert "Hola" in bodies["patient.a@example.com"].body


def test_staff_use_the_same_pages(client, editor, verified_login, ask):
    verified_login(client, editor)
    assert ask("editor.new@example.com", client=client).status_code == 302
    assert set(links_by_recipient()) == {"editor.new@example.com", editor.email}


def test_guessing_the_password_here_is_limited(settings, monkeypatch, patient_client):
    settings.RATE_LIMITS_ENABLED = True
    monkeypatch.setattr(ratelimit, "time", type("Stopped", (), {"time": staticmethod(lambda: 1_800_000_000.0)}))
    cache.clear()
    url = reverse("email_change")
    data = {"new_email": "ana.new@example.com", "password": "a-wrong-guess"}
    statuses = [patient_client.post(url, data).status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    assert patient_client.get(url).status_code == 429
    cache.clear()


def test_the_page_asks_the_database_a_fixed_number_of_times(ask, patient_client, django_assert_max_num_queries):
    url = reverse("email_change")
    ask("ana.new@example.com")
    with django_assert_max_num_queries(4) as first:
        assert patient_client.get(url).status_code == 200
    few = len(first)
    for n in range(5):  # older, cancelled requests add no queries
        ask(f"try{n}@example.com")
    with django_assert_max_num_queries(few):
        assert patient_client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_superuser_sees_the_waiting_request_on_the_person_page_without_its_links(
    client, django_user_model, verified_login
):
    person = django_user_model.objects.create_user(email="waiting@example.com", password="x-long-password-1")
    EmailChange.objects.create(
        user=person, old_email=person.email, new_email="new-one@example.com", new_token_hash="a" * 64
    )
    admin_user = django_user_model.objects.create_superuser(
        email="root-inline@example.com", password="x-long-password-2"
    )
    verified_login(client, admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "new-one@example.com" in html
    assert "a" * 64 not in html

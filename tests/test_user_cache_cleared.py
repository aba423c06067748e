"""Every change to what the cached user holds shows on the next request: a stale user is a defect.

Each test warms the cache first (a page read by the person), makes the change the way a person or
staff make it, and checks what the next request sees. Without the receiver that clears the cache,
each would fail (the warm entry would still be served).
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from portal.accounts import user_cache
from portal.accounts.roles import Role
from tests.factories import PASSWORD
from tests.test_cache_degrades import unreachable_redis  # noqa: F401 (fixture)

LIST = reverse("education:article_list")
NEW_PASSWORD = "a-brand-new-passphrase-42"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(LIST).status_code == 200
    return client


def warm(user) -> None:
    assert isinstance(cache.get(user_cache.cache_key(user.pk)), dict), "the cache should hold the user"


def is_logged_out(client) -> bool:
    response = client.get(LIST)
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_saved_user_is_read_afresh(patient):
    logged_in(patient)
    warm(patient)
    patient.first_name = "Anabel"
    patient.save()
    assert user_cache.load(patient.pk).first_name == "Anabel"


def test_a_deactivated_account_is_logged_out_at_once(patient):
    client = logged_in(patient)
    warm(patient)
    patient.is_active = False
    patient.save()
    assert is_logged_out(client)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(patient):
    here, elsewhere = logged_in(patient), logged_in(patient)
    warm(patient)
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert is_logged_out(elsewhere)
    assert here.get(LIST).status_code == 200


def test_a_password_set_by_staff_ends_every_session(patient):
    client = logged_in(patient)
    warm(patient)
    patient.set_password(NEW_PASSWORD)
    patient.save()
    assert is_logged_out(client)


def test_an_email_change_ends_the_other_sessions(patient):
    client = logged_in(patient)
    warm(patient)
    patient.email = "ana.new@example.com"
    patient.save(update_fields=["email"])
    assert is_logged_out(client)


def test_a_role_taken_away_shows_at_once_from_either_side(patient):
    logged_in(patient)
    warm(patient)
    group = Group.objects.get(name=Role.PATIENT)
    patient.groups.remove(group)
    assert not user_cache.load(patient.pk).is_patient
    patient.groups.add(group)
    assert user_cache.load(patient.pk).is_patient
    group.user_set.remove(patient)  # from the group's side, as the admin's group page does
    assert not user_cache.load(patient.pk).is_patient


def test_all_roles_cleared_from_the_groups_side(patient):
    logged_in(patient)
    warm(patient)
    Group.objects.get(name=Role.PATIENT).user_set.clear()
    assert not user_cache.load(patient.pk).is_patient


def test_a_renamed_or_deleted_role_is_read_afresh(patient):
    user_cache.load(patient.pk)
    group = Group.objects.create(name="Volunteers")
    patient.groups.add(group)
    assert user_cache.load(patient.pk).has_role("Volunteers")
    group.name = "Helpers"
    group.save()
    assert user_cache.load(patient.pk).has_role("Helpers")
    group.delete()
    assert not user_cache.load(patient.pk).has_role("Helpers")


def test_a_lockout_clears_the_cached_user(patient):
    logged_in(patient)
    warm(patient)
    attacker = Client()
    for _ in range(5):
        attacker.post(reverse("login"), {"username": patient.email, "password": "wrong-password-1"})
    assert not isinstance(cache.get(user_cache.cache_key(patient.pk)), dict)


def test_the_text_size_chosen_in_the_header_shows_on_the_next_page(patient):
    client = logged_in(patient)
    warm(patient)
    client.post(reverse("text_size_switch"), {"size": "200", "next": LIST})
    assert 'class="text-size-200"' in client.get(LIST).text


def test_the_language_chosen_shows_on_the_next_page(patient):
    client = logged_in(patient)
    warm(patient)
    client.post(reverse("language_switch"), {"language": "es", "next": LIST})
    client.cookies.pop("django_language", None)  # the account's choice, not the cookie's, must win
    assert '<html lang="es"' in client.get(LIST).text


def test_domain_apps_clear_a_user_with_one_call(patient):
    logged_in(patient)
    warm(patient)
    user_cache.user_cache_clear(patient.pk)
    assert not isinstance(cache.get(user_cache.cache_key(patient.pk)), dict)


def test_a_read_made_before_a_change_commits_never_puts_the_old_row_back(
    patient, django_capture_on_commit_callbacks, django_assert_num_queries
):
    user_cache.load(patient.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        patient.first_name = "Anabel"
        patient.save()
        # Another request now reads the committed row (the old name) and must not store it.
        assert user_cache.load(patient.pk) is not None
        assert not isinstance(cache.get(user_cache.cache_key(patient.pk)), dict)
    # Committed: the first read after the commit refills the cache, the next costs nothing.
    assert user_cache.load(patient.pk).first_name == "Anabel"
    with django_assert_num_queries(0):
        assert user_cache.load(patient.pk).first_name == "Anabel"


def test_a_stale_row_read_before_a_clear_cannot_replace_the_clears_marker(patient, monkeypatch):
    """The race: a miss reads the old row, a change commits and clears, then the miss stores."""
    user_cache.user_cache_clear(patient.pk)
    real_query = user_cache._row_query

    def read_then_change(user_id):
        rows = list(real_query(user_id))  # the old row
        user_cache.user_cache_clear(user_id)  # a change commits meanwhile
        return type("Rows", (), {"first": lambda self: rows[0]})()

    monkeypatch.setattr(user_cache, "_row_query", read_then_change)
    user_cache.load(patient.pk)
    assert not isinstance(cache.get(user_cache.cache_key(patient.pk)), dict)


@pytest.mark.usefixtures("unreachable_redis")
def test_with_redis_down_the_user_comes_from_the_database_and_a_password_change_still_ends_sessions(patient):
    client = logged_in(patient)
    assert client.get(LIST).status_code == 200
    patient.set_password(NEW_PASSWORD)
    patient.save()
    assert is_logged_out(client)

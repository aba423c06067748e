"""The logged-in user comes from the cache: on a warm cache a page asks the database nothing about
who is asking (portal/accounts/user_cache.py), and the user it gets is the same as the ORM's."""

import os
import uuid

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.core.cache import cache, caches
from django.urls import reverse

from portal.accounts import user_cache
from portal.accounts.roles import Role
from tests.factories import PASSWORD, ArticleFactory, FAQFactory, SectionFactory
from tests.test_estimate_schedule_snapshot import committed, schedule  # noqa: F401 (fixtures: a committed schedule)
from tests.test_redis_cache_client import redis_up

ESTIMATE = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


def _user_queries(captured) -> list[str]:
    return [query["sql"] for query in captured if '"accounts_user"' in query["sql"]]


def test_a_warm_articles_list_takes_no_query(patient_client, db, django_assert_num_queries):
    ArticleFactory(title="Neck surgery")
    patient_client.get(reverse("education:article_list"))
    with django_assert_num_queries(0):
        assert "Neck surgery" in patient_client.get(reverse("education:article_list")).text


def test_a_warm_faq_page_takes_no_query(patient_client, db, django_assert_num_queries):
    FAQFactory(article=ArticleFactory(title="Back surgery"), question="Does it hurt?", answer="A little.")
    patient_client.get(reverse("education:faq_list"))
    with django_assert_num_queries(0):
        assert "Does it hurt?" in patient_client.get(reverse("education:faq_list")).text


def test_a_warm_article_takes_no_query(patient_client, db, django_assert_num_queries):
    article = ArticleFactory(title="Back Surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="", body="Discs wear out.", order=1)
    patient_client.get(article.get_absolute_url())
    with django_assert_num_queries(0) as queries:
        assert "Discs wear out." in patient_client.get(article.get_absolute_url()).text
    assert _user_queries(queries.captured_queries) == []


@pytest.mark.usefixtures("schedule")  # the committed one of tests/test_estimate_schedule_snapshot.py
def test_a_warm_estimate_takes_no_query(patient_client, django_assert_num_queries):
    patient_client.get(reverse("estimates:api"), ESTIMATE)
    with django_assert_num_queries(0):
        response = patient_client.get(reverse("estimates:api"), ESTIMATE)
    assert response.status_code == 200
    assert response.json()["total_patient_pays"] == "495.38"


def test_a_miss_reads_the_user_and_their_roles_in_one_query(patient, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(1):
        user = user_cache.load(patient.pk)
        assert user.is_patient  # the roles come with it: no query for the groups
    with django_assert_num_queries(0):
        again = user_cache.load(patient.pk)
        assert again.is_patient
        assert again.has_role(Role.PATIENT)
        assert not again.has_role(Role.EDITOR)
    assert (again.pk, again.email, again.text_size, again.first_name) == (
        patient.pk,
        patient.email,
        patient.text_size,
        patient.first_name,
    )
    assert again.get_session_auth_hash() == patient.get_session_auth_hash()


def test_a_cached_users_groups_are_built_when_read_and_take_no_query(patient, django_assert_num_queries):
    from django.contrib.auth.models import Group
    from django.db.models import prefetch_related_objects

    patient.groups.add(Group.objects.create(name="Study volunteers"))
    user_cache.user_cache_clear(patient.pk)
    user_cache.load(patient.pk)
    user = user_cache.load(patient.pk)
    assert "groups" not in dict.keys(user._prefetched_objects_cache)  # not built until read
    with django_assert_num_queries(0):
        names = sorted(group.name for group in user.groups.all())
        prefetch_related_objects([user], "groups")
        assert sorted(group.name for group in user.groups.all()) == names
    assert names == sorted(patient.groups.values_list("name", flat=True))
    assert "Study volunteers" in names
    with django_assert_num_queries(1):  # a filtered read still asks the database, as with the ORM's
        assert user.groups.filter(name="Study volunteers").exists()


def test_a_cached_users_groups_changed_through_the_user_are_read_afresh(patient):
    from django.contrib.auth.models import Group

    user_cache.load(patient.pk)
    user = user_cache.load(patient.pk)  # from the cache, groups not built yet
    user.groups.add(Group.objects.create(name="Study volunteers"))  # drops the prefetched groups, as Django does

    assert "Study volunteers" in {group.name for group in user.groups.all()}


def test_no_password_hash_is_kept_in_the_cache_yet_code_that_reads_it_gets_it(patient, django_assert_num_queries):
    user_cache.load(patient.pk)
    entry = cache.get(user_cache.cache_key(patient.pk))
    assert "password" not in entry["fields"]
    assert patient.password not in repr(entry)
    user = user_cache.load(patient.pk)
    with django_assert_num_queries(1):  # loaded when read, as a deferred field
        assert user.password == patient.password
    assert user.check_password(PASSWORD)


def test_a_rotated_secret_key_never_reads_an_entry_made_with_the_old_one(patient, settings):
    user_cache.load(patient.pk)
    old_key = user_cache.cache_key(patient.pk)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + uuid.uuid4().hex
    assert user_cache.cache_key(patient.pk) != old_key


def test_a_session_signed_with_a_fallback_secret_still_works_and_moves_to_the_new_one(client, patient, settings):
    client.force_login(patient)
    client.get(reverse("education:article_list"))  # warms the cache under the first secret
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + uuid.uuid4().hex
    assert client.get(reverse("education:article_list")).status_code == 200
    assert client.session[HASH_SESSION_KEY] == patient.get_session_auth_hash()


# Round trips with Redis -----------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            # A Redis database of the tester's own may be named (each key is prefixed anyway).
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/10"),
            "KEY_PREFIX": f"test-user-cache-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_timeout": 2},
        }
    }
    return caches["default"]


class RedisRoundTrips:
    def __init__(self, monkeypatch):
        from redis.connection import AbstractConnection

        self.count = 0
        original = AbstractConnection.send_packed_command

        def counted(connection, *args, **kwargs):
            self.count += 1
            return original(connection, *args, **kwargs)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)


def test_with_redis_a_warm_list_page_is_one_round_trip_and_no_query(
    redis_cache, client, patient, monkeypatch, django_assert_num_queries
):
    ArticleFactory(title="Neck surgery")
    client.force_login(patient)
    url = reverse("education:article_list")
    client.get(url)
    client.get(url)
    trips = RedisRoundTrips(monkeypatch)
    with django_assert_num_queries(0):
        assert "Neck surgery" in client.get(url).text
    # the session, the content version, the user and the cached page in one read (portal/sessions.py)
    assert trips.count == 1


def test_with_redis_a_user_change_still_shows_at_once(redis_cache, client, patient):
    client.force_login(patient)
    client.get(reverse("education:article_list"))
    assert isinstance(redis_cache.get(user_cache.cache_key(patient.pk)), dict)
    patient.text_size = 200
    patient.save(update_fields=["text_size"])
    assert 'class="text-size-200"' in client.get(reverse("education:article_list")).text


def test_with_redis_the_content_version_comes_with_the_session_and_a_change_is_seen_at_once(
    redis_cache, patient, client, monkeypatch
):
    from portal.cache import _request_began, _request_ended

    redis_cache.set("education:content-version", 5, None)
    client.force_login(patient)
    _request_began()
    try:
        client.session.load()  # as the session middleware's first read: the version in the same MGET
        trips = RedisRoundTrips(monkeypatch)
        assert redis_cache.get("education:content-version") == 5
        assert trips.count == 0
        redis_cache.incr("education:content-version")  # a publish in this request
        assert redis_cache.get("education:content-version") == 6
    finally:
        _request_ended()
    assert redis_cache.get("education:content-version") == 6

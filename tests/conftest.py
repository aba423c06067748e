import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from estimates.models import Fee, FeeSchedule
from portal.accounts.roles import Role
from portal.translations import catalogue_compile, catalogues
from tests.factories import PathwayStepFactory, PathwayTemplateFactory, PatientFactory, ProcedureFactory, UserFactory

# Property tests judge results, not speed: on a loaded 2-core CI machine Hypothesis's default 200 ms
# deadline fails correct code (seen on test_paying_more_deductible_never_lowers_the_patients_share).
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Spanish pages are tested with the real catalogue, even when pytest runs without `make test`."""
    for po_path in catalogues():
        catalogue_compile(po_path)


@pytest.fixture(autouse=True)
def english_unless_a_test_switches():
    """The test client runs requests in this thread, and a Spanish request leaves Spanish
    active; pure tests (which pytest-django runs last) then start in English again."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def search_index_at_once(request, monkeypatch):
    """The search index is written after the transaction commits; a test's transaction never commits
    (its on_commit callbacks never run), so tests index at once. Tests marked `after_commit_indexing`
    keep the real timing."""
    if request.node.get_closest_marker("after_commit_indexing") is None:
        from education import search

        monkeypatch.setattr(search, "index_after_commit", search.index_dirty)


@pytest.fixture(autouse=True)
def empty_local_cache():
    """Each test starts with an empty in-process cache: cached pages from an earlier test's
    (rolled back) content must not leak into the next. A real Redis is left alone."""
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(cache, LocMemCache):
        cache.clear()


@pytest.fixture(autouse=True)
def empty_event_buffer():
    """Events buffered in this process (portal/events.py, no Redis in tests) do not leak between tests."""
    from portal import events

    events._local.clear()
    yield
    events._local.clear()


@pytest.fixture
def patient(db):
    return PatientFactory(email="patient.a@example.com", first_name="Ana")


@pytest.fixture
def other_patient(db):
    return PatientFactory(email="patient.b@example.com", first_name="Ben")


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR)


@pytest.fixture
def reviewer(db):
    return UserFactory(role=Role.MEDICAL_REVIEWER)


@pytest.fixture
def billing(db):
    return UserFactory(role=Role.BILLING)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def verified_login(db):
    """Log `user` in on `client` with two-step login done, as the admin requires of staff.

    Gives the user a confirmed authenticator app and marks the session
    verified with django_otp's own login helper.
    """

    def login(client, user):
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        client.force_login(user)
        request = RequestFactory().get("/")
        request.user, request.session = user, client.session
        otp_login(request, device)
        request.session.save()
        return device

    return login


@pytest.fixture
def schedule(db):
    """The 2026 schedule with the worked example's two procedures."""
    schedule = FeeSchedule.objects.create(
        name="Medicare 2026",
        year=2026,
        effective_date=date(2026, 1, 1),
        part_b_deductible=Decimal("283.00"),
        is_active=True,
    )
    disc = ProcedureFactory(cpt_code="63030", plain_name="Lower back disc surgery")
    fusion = ProcedureFactory(cpt_code="22612", plain_name="Lower back fusion")
    Fee.objects.create(
        schedule=schedule, procedure=disc, medicare_approved=Decimal("1125.30"), self_pay_price=Decimal("3400.00")
    )
    Fee.objects.create(schedule=schedule, procedure=fusion, medicare_approved=Decimal("1914.25"))
    return schedule


WORKED_EXAMPLE = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


def restore_migration_data():
    """Live-server tests empty every table when they end, including the roles and
    regions that data migrations made; put them back for the tests that follow."""
    from django.apps import apps

    from education.models import Region, SearchSynonym, SearchWord
    from portal.accounts.roles import roles_sync
    from portal.choices import BodyRegion

    roles_sync(apps)
    for code in BodyRegion.values:
        Region.objects.get_or_create(code=code)
    if not SearchSynonym.objects.exists():
        seeds = importlib.import_module("education.migrations.0017_search_indexes_backfill_and_synonyms").SYNONYMS
        SearchSynonym.objects.bulk_create(
            [SearchSynonym(language=language, words=words) for language, rows in seeds.items() for words in rows]
        )
        importlib.import_module("education.migrations.0025_body_words_and_synonyms").seed(SearchWord, SearchSynonym)
        importlib.import_module("education.migrations.0026_everyday_symptom_phrases").seed(SearchSynonym)


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: they are the slowest, and their live server
    empties every table when each one ends."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_terminal_summary(terminalreporter):
    """The security matrix's totals per persona (tests/test_security_access_matrix.py), when it ran."""
    import sys

    matrix = sys.modules.get("tests.test_security_access_matrix")
    totals = getattr(matrix, "MATRIX_TOTALS", None)
    if not totals:
        return
    terminalreporter.section("authorization matrix totals")
    for persona, counts in totals.items():
        terminalreporter.write_line(f"{persona:<16} " + ", ".join(f"{key}: {value}" for key, value in counts.items()))
    leaks = sum(counts["leaks"] for counts in totals.values())
    terminalreporter.write_line(f"all personas: {sum(c['requests'] for c in totals.values())} requests, {leaks} leaks")


@pytest.fixture
def drive_step(db):
    """A published pathway's step, in English and Spanish, for the search tests of pathway steps."""
    template = PathwayTemplateFactory(name="Lower back surgery", name_es="Cirugía de la parte baja de la espalda")
    return PathwayStepFactory(
        template=template,
        days_from_surgery=-3,
        title="Ask someone to drive you home",
        title_es="Pida a alguien que lo lleve a casa",
        instructions="You cannot drive after surgery. Plan a ride home.",
        instructions_es="No puede manejar después de la cirugía. Busque quién lo lleve.",
    )


REDIS_TEST_LOCATION = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_buffer(monkeypatch):
    """A DegradingRedisCache on a real Redis, with a key prefix of its own, as portal.events's
    cache (skipped when no Redis answers at 127.0.0.1:6379); its event list is deleted after."""
    import uuid

    import redis

    from portal import events
    from portal.cache import DegradingRedisCache

    try:
        redis.Redis.from_url(REDIS_TEST_LOCATION, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    cache = DegradingRedisCache(REDIS_TEST_LOCATION, {"KEY_PREFIX": f"test-{uuid.uuid4()}"})
    monkeypatch.setattr(events, "caches", {"default": cache})
    yield cache
    cache.delete(events.KEY)

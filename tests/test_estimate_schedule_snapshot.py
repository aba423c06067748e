"""`/api/estimate` reads the active fee schedule from one cached snapshot, and every write that changes
what the snapshot holds makes a new one: a stale estimate is a defect, not a trade-off.

A test's transaction never commits, so Django never runs its on-commit callbacks; `committed` runs
them and then forgets them, as a real commit does. Each event is made through the admin, as billing
staff do it, and the patient's next estimate must show it.
"""

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from estimates import snapshot, views
from estimates.models import Fee, FeeSchedule, Procedure
from tests.conftest import WORKED_EXAMPLE
from tests.test_cache_degrades import unreachable_redis  # noqa: F401 (fixture)

TWO = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


@pytest.fixture
def committed(db, django_capture_on_commit_callbacks):
    """Run a block as if its writes committed: the on-commit callbacks run, then are dropped."""

    @contextlib.contextmanager
    def commit():
        start = len(connection.run_on_commit)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        del connection.run_on_commit[start:]

    return commit


@pytest.fixture
def schedule(committed):
    """The worked example's schedule, committed (the conftest one stays uncommitted in the test)."""
    with committed():
        schedule = FeeSchedule.objects.create(
            name="Medicare 2026",
            year=2026,
            effective_date=date(2026, 1, 1),
            part_b_deductible=Decimal("283.00"),
            is_active=True,
        )
        disc = Procedure.objects.create(
            cpt_code="63030",
            official_name="Lumbar discectomy",
            plain_name="Lower back disc surgery",
            body_region="lumbar",
        )
        fusion = Procedure.objects.create(
            cpt_code="22612", official_name="Lumbar fusion", plain_name="Lower back fusion", body_region="lumbar"
        )
        Fee.objects.create(schedule=schedule, procedure=disc, medicare_approved=Decimal("1125.30"))
        Fee.objects.create(schedule=schedule, procedure=fusion, medicare_approved=Decimal("1914.25"))
    return schedule


@pytest.fixture
def billing_client(billing, verified_login):
    staff = Client()
    verified_login(staff, billing)
    return staff


def estimate(client, **params):
    response = client.get(reverse("estimates:api"), params or TWO)
    assert response.status_code == 200, response.content
    return response.json()


def snapshot_served() -> bool:
    """Whether the cache holds a snapshot of the current version (what the next request would use)."""
    found = snapshot.cache.get_many([snapshot.VERSION_KEY, snapshot.SNAPSHOT_KEY])
    stored = found.get(snapshot.SNAPSHOT_KEY)
    return stored is not None and stored[0] == found.get(snapshot.VERSION_KEY)


class CountingCache:
    """The cache, counting the calls made through it."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


# A warm cache -----------------------------------------------------------------


def test_a_warm_estimate_is_one_cache_read_and_no_query_in_the_view(
    schedule, patient, django_assert_num_queries, monkeypatch
):
    request = RequestFactory().get(reverse("estimates:api"), TWO)
    SessionMiddleware(views.estimate_api).process_request(request)
    request.user = patient  # as the middleware leaves it: loaded before the view runs
    views.estimate_api(request)  # fills the cache
    counting = CountingCache(snapshot.cache)
    monkeypatch.setattr(snapshot, "cache", counting)
    with django_assert_num_queries(0):
        response = views.estimate_api(request)
    assert response.status_code == 200
    assert counting.calls == ["get"]  # the version only: this process holds the snapshot of that version


def test_the_whole_request_asks_the_database_nothing_on_a_warm_cache(
    patient_client, schedule, django_assert_num_queries
):
    estimate(patient_client)  # fills the cache
    # /api/estimate is for logged-in patients (LoginRequiredMiddleware) and is rate-limited per user, so the
    # request loads the user: from the cache, as the session (portal/accounts/user_cache.py). The estimate adds none.
    with django_assert_num_queries(0):
        body = estimate(patient_client)
    assert body["total_patient_pays"] == "495.38"
    with django_assert_num_queries(0):  # the same for one procedure or ten: the snapshot holds them all
        estimate(patient_client, procedure=["63030"], coverage="medicare")


def test_a_cold_cache_builds_the_snapshot_in_two_queries(schedule, django_assert_num_queries):
    with django_assert_num_queries(2):  # the active schedule, its fees with their procedures
        built = snapshot.schedule_snapshot()
    assert [procedure.cpt for procedure in built.procedures] == ["22612", "63030"]
    with django_assert_num_queries(0):
        assert snapshot.schedule_snapshot() == built


def test_no_active_schedule_is_cached_too_and_still_says_to_call_billing(
    patient_client, committed, django_assert_num_queries
):
    with committed():
        FeeSchedule.objects.create(name="Old", year=2025, effective_date=date(2025, 1, 1), part_b_deductible=257)
    assert patient_client.get(reverse("estimates:api"), TWO).status_code == 503
    with django_assert_num_queries(0):
        assert snapshot.schedule_snapshot() is None


def test_the_page_and_the_api_read_the_same_snapshot(patient_client, schedule):
    estimate(patient_client)
    page = patient_client.get(reverse("estimates:estimate"), WORKED_EXAMPLE)
    assert page.status_code == 200
    assert "Lower back disc surgery" in page.text
    assert snapshot_served()


# Every event that changes the snapshot makes a new one ---------------------------


def test_activating_another_schedule(patient_client, billing_client, schedule, committed):
    with committed():
        newer = FeeSchedule.objects.create(
            name="Medicare 2027", year=2027, effective_date=date(2027, 1, 1), part_b_deductible=Decimal("300.00")
        )
        Fee.objects.create(schedule=newer, procedure=Procedure.objects.get(cpt_code="63030"), medicare_approved=1500)
        Fee.objects.create(schedule=newer, procedure=Procedure.objects.get(cpt_code="22612"), medicare_approved=2000)
    assert estimate(patient_client)["fee_schedule"] == "Medicare 2026"
    with committed():
        response = billing_client.post(
            reverse("admin:estimates_feeschedule_changelist"), {"action": "activate", "_selected_action": [newer.pk]}
        )
    assert response.status_code == 302
    assert not snapshot_served()
    body = estimate(patient_client)
    assert body["fee_schedule"] == "Medicare 2027"
    assert body["total_approved"] == str(Decimal("2000") + Decimal("750.00"))  # 1,500 halved as the second


def test_importing_fees_from_a_csv(patient_client, billing_client, schedule, committed):
    assert estimate(patient_client)["total_approved"] == "2476.90"
    url = reverse("admin:estimates_feeschedule_import", args=[schedule.pk])
    preview = billing_client.post(url, {"file": _csv("cpt_code,medicare_approved\n63030,1200.00\n")})
    assert preview.status_code == 200, preview.text
    with committed():
        response = billing_client.post(url, {"csv_text": preview.context["confirm"].initial["csv_text"]})
    assert response.status_code == 302
    assert not snapshot_served()
    assert estimate(patient_client)["total_approved"] == "2514.25"  # 1,914.25 + half of 1,200.00


def test_editing_a_fee_in_the_admin(patient_client, billing_client, schedule, committed):
    assert estimate(patient_client)["total_approved"] == "2476.90"
    data = _schedule_form(schedule) | _fee_form(schedule, medicare_approved={"22612": "2000.00"})
    with committed():
        response = billing_client.post(reverse("admin:estimates_feeschedule_change", args=[schedule.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert not snapshot_served()
    assert estimate(patient_client)["total_approved"] == "2562.65"  # 2,000.00 + half of 1,125.30


def test_renaming_a_procedure_in_the_admin(patient_client, billing_client, schedule, committed):
    assert estimate(patient_client)["lines"][0]["name"] == "Lower back disc surgery"
    disc = Procedure.objects.get(cpt_code="63030")
    data = {
        "cpt_code": "63030",
        "official_name": disc.official_name,
        "plain_name": "Disc surgery in the lower back",
        "plain_name_es": "",
        "body_region": "lumbar",
        "approach": "",
        "anesthesia_base_units": "",
        "anesthesia_minutes": "",
    }
    with committed():
        response = billing_client.post(reverse("admin:estimates_procedure_change", args=[disc.pk]), data)
    assert response.status_code == 302
    assert not snapshot_served()
    assert estimate(patient_client)["lines"][0]["name"] == "Disc surgery in the lower back"


def test_changing_a_coverage_term_in_the_admin(patient_client, billing_client, schedule, committed):
    unknown_deductible = {"procedure": ["63030"], "coverage": "medicare"}  # a blank deductible is the whole one
    before = Decimal(estimate(patient_client, **unknown_deductible)["total_patient_pays"])
    data = _schedule_form(schedule, part_b_deductible="300.00") | _fee_form(schedule)
    with committed():
        response = billing_client.post(reverse("admin:estimates_feeschedule_change", args=[schedule.pk]), data)
    assert response.status_code == 302
    assert not snapshot_served()
    after = Decimal(estimate(patient_client, **unknown_deductible)["total_patient_pays"])
    # 17 dollars more of the deductible is owed, of which the patient would have paid 20% anyway.
    assert after - before == Decimal("17.00") - Decimal("3.40")


def test_adding_a_place_of_operation_in_the_admin(patient_client, billing_client, schedule, committed):
    """A setting (surgery center, hospital) is priced from the fee's facility amount: adding one offers it."""
    at_a_surgery_center = {"procedure": ["63030"], "coverage": "medicare", "setting": "asc"}
    refused = patient_client.get(reverse("estimates:api"), at_a_surgery_center)
    assert refused.status_code == 400
    assert "setting" in refused.json()["errors"]
    data = _schedule_form(schedule) | _fee_form(schedule, asc_amount={"63030": "3000.00"})
    with committed():
        response = billing_client.post(reverse("admin:estimates_feeschedule_change", args=[schedule.pk]), data)
    assert response.status_code == 302
    assert not snapshot_served()
    body = estimate(patient_client, **at_a_surgery_center)
    assert body["setting"] == "asc"
    assert any(group["key"] == "facility" and group["subtotal_approved"] == "3000.00" for group in body["groups"])


def test_a_snapshot_held_by_this_process_is_dropped_when_another_process_commits_a_change(
    patient_client, schedule, django_assert_num_queries
):
    assert estimate(patient_client)["total_approved"] == "2476.90"  # now held by this process
    # Another process's commit: the row changes there and the version with it; nothing runs in this process.
    Fee.objects.filter(procedure__cpt_code="22612").update(medicare_approved=Decimal("2000.00"))
    snapshot._new_version()
    with django_assert_num_queries(2):  # the schedule and its fees, read again
        assert estimate(patient_client)["total_approved"] == "2562.65"
    with django_assert_num_queries(0):
        assert estimate(patient_client)["total_approved"] == "2562.65"


# Races, rollbacks, evictions and outages ------------------------------------------


def test_a_change_not_yet_committed_is_read_by_its_own_transaction_and_never_cached(schedule, patient_client):
    estimate(patient_client)
    with contextlib.suppress(RuntimeError), transaction.atomic():
        fee = Fee.objects.get(procedure__cpt_code="22612")
        fee.medicare_approved = Decimal("9999.00")
        fee.save()
        assert estimate(patient_client)["total_approved"] == "10561.65"  # its own writes, from the database
        raise RuntimeError("roll back")
    # Rolled back: the cached snapshot (the committed amounts) is served again, untouched.
    assert snapshot_served()
    assert estimate(patient_client)["total_approved"] == "2476.90"


def test_a_snapshot_built_before_a_commit_is_never_served_after_it(schedule):
    version = snapshot.cache.get_many([snapshot.VERSION_KEY]).get(snapshot.VERSION_KEY)
    snapshot.schedule_snapshot()
    assert snapshot_served()
    snapshot._new_version()  # what a commit does (a reader may store a snapshot of the old data after this)
    assert snapshot.cache.get(snapshot.VERSION_KEY) != version
    assert not snapshot_served()


def test_an_evicted_version_key_never_brings_an_old_snapshot_back(schedule, django_assert_num_queries):
    snapshot.schedule_snapshot()
    snapshot.cache.delete(snapshot.VERSION_KEY)
    with django_assert_num_queries(2):
        snapshot.schedule_snapshot()
    assert snapshot_served()


def test_with_redis_down_estimates_come_from_the_database(
    patient_client,
    schedule,
    unreachable_redis,  # noqa: F811 (fixture)
    django_assert_num_queries,
):
    for _ in range(2):  # no cache to warm: every request reads the schedule again, none fails
        with django_assert_num_queries(4):  # session (database now), user, schedule, fees
            body = estimate(patient_client)
        assert body["total_patient_pays"] == "495.38"
    page = patient_client.get(reverse("estimates:estimate"), WORKED_EXAMPLE)
    assert page.status_code == 200


# The admin forms as the browser posts them -----------------------------------------------


def _csv(text):
    return SimpleUploadedFile("fees.csv", text.encode(), content_type="text/csv")


def _schedule_form(schedule, **overrides) -> dict:
    return {
        "name": schedule.name,
        "year": schedule.year,
        "effective_date": schedule.effective_date.isoformat(),
        "part_b_deductible": str(schedule.part_b_deductible),
        "coinsurance_rate": str(schedule.coinsurance_rate),
        "part_a_deductible": str(schedule.part_a_deductible),
        "anesthesia_conversion_factor": "",
        "ma_moop_limit": str(schedule.ma_moop_limit),
        "source_note": schedule.source_note,
    } | overrides


def _fee_form(schedule, *, medicare_approved=None, asc_amount=None) -> dict:
    fees = list(schedule.fees.select_related("procedure").order_by("procedure__cpt_code"))
    data = {
        "fees-TOTAL_FORMS": len(fees),
        "fees-INITIAL_FORMS": len(fees),
        "fees-MIN_NUM_FORMS": 0,
        "fees-MAX_NUM_FORMS": 1000,
    }
    for n, fee in enumerate(fees):
        approved = (medicare_approved or {}).get(fee.procedure.cpt_code, str(fee.medicare_approved))
        data |= {
            f"fees-{n}-id": fee.pk,
            f"fees-{n}-schedule": schedule.pk,
            f"fees-{n}-procedure": fee.procedure_id,
            f"fees-{n}-medicare_approved": approved,
            f"fees-{n}-self_pay_price": "",
            f"fees-{n}-asc_amount": (asc_amount or {}).get(fee.procedure.cpt_code, ""),
            f"fees-{n}-hospital_outpatient_amount": "",
            f"fees-{n}-inpatient_amount": "",
            f"fees-{n}-opps_status": "",
        }
    return data


def test_a_deploy_that_changes_the_snapshot_classes_reads_a_key_of_its_own(monkeypatch):
    before, fields_of = snapshot._shape(), snapshot.fields_of
    assert snapshot.SNAPSHOT_KEY.endswith(before)
    monkeypatch.setattr(snapshot, "fields_of", lambda cls: [*fields_of(cls), "a new field"])
    assert snapshot._shape() != before

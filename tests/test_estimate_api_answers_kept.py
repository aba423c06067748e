"""/api/estimate keeps each valid answer in the process (estimates/answers.py), and never serves a kept
answer once anything it was worked out from has changed: the schedule (a new version is a new snapshot,
in every process), the language, the question. Bounded; a mistake is never kept."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from estimates import answers, calculator, snapshot
from estimates.models import Fee, FeeSchedule, Procedure
from tests.test_cache_degrades import unreachable_redis  # noqa: F401 (fixture)
from tests.test_estimate_schedule_snapshot import billing_client, committed, schedule  # noqa: F401 (fixtures)

TWO = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


@pytest.fixture
def calculated(monkeypatch):
    """How many estimates were worked out (not served from the kept answers)."""
    count = []
    real = calculator.estimate_calculate

    def counted(**kwargs):
        count.append(kwargs["coverage"])
        return real(**kwargs)

    monkeypatch.setattr("estimates.views.estimate_calculate", counted)
    answers.forget()
    return count


def estimate(client, params=TWO):
    response = client.get(reverse("estimates:api"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_same_question_is_answered_from_the_kept_answer(patient_client, schedule, calculated):  # noqa: F811
    first = estimate(patient_client)
    second = estimate(patient_client)
    assert second == first
    assert first["total_patient_pays"] == "495.38"
    assert len(calculated) == 1
    estimate(patient_client, {**TWO, "same_operation": "false"})  # another question: worked out
    assert len(calculated) == 2


def test_another_patient_gets_the_same_answer_and_nothing_of_the_first(
    client,
    patient_client,
    schedule,  # noqa: F811
    calculated,
    other_patient,
):
    first = estimate(patient_client)
    client.force_login(other_patient)
    assert estimate(client) == first  # the answer holds only the question's figures, nobody's own
    assert len(calculated) == 1


def test_a_schedule_activated_changes_the_answer_at_once(
    patient_client,
    billing_client,  # noqa: F811
    schedule,  # noqa: F811
    committed,  # noqa: F811
    calculated,
):
    assert estimate(patient_client)["fee_schedule"] == "Medicare 2026"
    with committed():
        newer = FeeSchedule.objects.create(
            name="Medicare 2027", year=2027, effective_date=date(2027, 1, 1), part_b_deductible=Decimal("300.00")
        )
        Fee.objects.create(schedule=newer, procedure=Procedure.objects.get(cpt_code="63030"), medicare_approved=1500)
        Fee.objects.create(schedule=newer, procedure=Procedure.objects.get(cpt_code="22612"), medicare_approved=2000)
    assert estimate(patient_client)["fee_schedule"] == "Medicare 2026"  # a new schedule, not active yet
    with committed():
        response = billing_client.post(
            reverse("admin:estimates_feeschedule_changelist"), {"action": "activate", "_selected_action": [newer.pk]}
        )
    assert response.status_code == 302
    body = estimate(patient_client)
    assert body["fee_schedule"] == "Medicare 2027"
    assert body["total_approved"] == "2750.00"


def test_another_process_committing_a_change_changes_the_answer_here(
    patient_client,
    schedule,  # noqa: F811
    calculated,
):
    assert estimate(patient_client)["total_approved"] == "2476.90"  # kept by this process
    # Another process's commit: the rows change and the version with it; nothing runs in this process.
    Fee.objects.filter(procedure__cpt_code="22612").update(medicare_approved=Decimal("2000.00"))
    snapshot._new_version()
    assert estimate(patient_client)["total_approved"] == "2562.65"
    assert len(calculated) == 2


def test_each_language_has_its_own_answer(patient_client, schedule, calculated):  # noqa: F811
    english = estimate(patient_client)
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    spanish = estimate(patient_client)
    assert english["lines"][0]["explanation"].startswith("Medicare approves")
    assert spanish["lines"][0]["explanation"].startswith("Medicare aprueba")
    assert spanish["total_patient_pays"] == english["total_patient_pays"]


def test_a_mistake_is_never_kept_and_says_what_to_fix_each_time(patient_client, schedule):  # noqa: F811
    answers.forget()
    for _ in range(2):
        response = patient_client.get(reverse("estimates:api"), {"procedure": "99999", "coverage": "medicare"})
        assert response.status_code == 400
        assert "We have no price for CPT 99999" in response.json()["errors"]["procedure"][0]
    assert answers._kept[1] == {}


def test_the_kept_answers_are_bounded_oldest_first(patient_client, schedule, calculated, monkeypatch):  # noqa: F811
    monkeypatch.setattr(answers, "ANSWERS_KEPT", 3)
    for amount in range(5):
        estimate(patient_client, {**TWO, "deductible_remaining": str(amount)})
    assert len(answers._kept[1]) == 3
    estimate(patient_client, {**TWO, "deductible_remaining": "4"})  # among the newest: kept
    assert len(calculated) == 5
    estimate(patient_client, {**TWO, "deductible_remaining": "0"})  # the oldest: dropped, worked out again
    assert len(calculated) == 6


def test_a_query_longer_than_any_the_form_takes_is_not_kept(patient_client, schedule):  # noqa: F811
    answers.forget()
    estimate(patient_client, {**TWO, "note": "x" * answers.LONGEST_QUERY})
    assert answers._kept[1] == {}


def test_with_redis_down_every_answer_is_worked_out_and_none_fails(
    patient_client,
    schedule,  # noqa: F811
    unreachable_redis,  # noqa: F811
    calculated,
):
    for _ in range(2):  # each request builds its own snapshot from the database: nothing kept is served
        assert estimate(patient_client)["total_patient_pays"] == "495.38"
    assert len(calculated) == 2

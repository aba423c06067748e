"""`questionnaires_due(patient, today)`: the windows around the surgery, and My page's link."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from outcomes.models import Instrument, Response
from outcomes.selectors import questionnaires_due
from tests.outcome_helpers import enrol_with_schedule

SURGERY = date(2026, 6, 15)


def due_codes(patient, today):
    return sorted((d.scheduled.time_point, d.scheduled.instrument.code) for d in questionnaires_due(patient, today))


def test_pre_op_opens_30_days_before_surgery_and_closes_on_the_day(patient):
    enrol_with_schedule(patient, surgery_date=SURGERY)
    assert due_codes(patient, SURGERY - timedelta(days=31)) == []
    assert due_codes(patient, SURGERY - timedelta(days=30)) == [
        ("pre_op", "nrs-back"),
        ("pre_op", "nrs-leg"),
        ("pre_op", "peg"),
    ]
    assert len(due_codes(patient, SURGERY)) == 3
    assert due_codes(patient, SURGERY + timedelta(days=1)) == []


def test_six_weeks_is_open_from_28_to_56_days_after(patient):
    enrol_with_schedule(patient, surgery_date=SURGERY)
    assert due_codes(patient, SURGERY + timedelta(days=27)) == []
    assert {tp for tp, _ in due_codes(patient, SURGERY + timedelta(days=28))} == {"6w"}
    assert {tp for tp, _ in due_codes(patient, SURGERY + timedelta(days=56))} == {"6w"}
    assert due_codes(patient, SURGERY + timedelta(days=57)) == []


def test_later_time_points_open_around_3_6_12_and_24_months(patient):
    enrol_with_schedule(patient, surgery_date=SURGERY)
    for days, time_point in ((91, "3m"), (182, "6m"), (365, "12m"), (730, "24m")):
        assert {tp for tp, _ in due_codes(patient, SURGERY + timedelta(days=days))} == {time_point}


def test_sent_answers_are_no_longer_due_and_started_ones_are(patient):
    pathway, _ = enrol_with_schedule(patient, surgery_date=SURGERY)
    peg, leg = Instrument.objects.get(code="peg"), Instrument.objects.get(code="nrs-leg")
    Response.objects.create(patient=patient, pathway=pathway, instrument=peg, time_point="pre_op", status="sent")
    Response.objects.create(patient=patient, pathway=pathway, instrument=leg, time_point="pre_op")
    due = questionnaires_due(patient, SURGERY - timedelta(days=3))
    assert [(d.scheduled.instrument.code, d.started) for d in due] == [("nrs-back", False), ("nrs-leg", True)]


def test_another_patients_schedule_is_not_due_for_me(patient, other_patient):
    enrol_with_schedule(other_patient, surgery_date=SURGERY)
    assert questionnaires_due(patient, SURGERY) == []


def test_my_page_links_to_each_due_questionnaire(patient_client, patient):
    pathway, scheduled = enrol_with_schedule(patient, surgery_date=timezone.localdate() + timedelta(days=10))
    page = patient_client.get(reverse("care:my_page"))
    assert page.status_code == 200
    for entry in scheduled.filter(time_point="pre_op"):
        assert reverse("outcomes:start", args=[pathway.pk, entry.pk]) in page.content.decode()


def test_the_due_selector_uses_two_queries_whatever_the_schedule(patient, django_assert_num_queries):
    enrol_with_schedule(patient, surgery_date=SURGERY)
    with django_assert_num_queries(2):
        questionnaires_due(patient, SURGERY)
    with django_assert_num_queries(1):
        questionnaires_due(patient, SURGERY + timedelta(days=10))

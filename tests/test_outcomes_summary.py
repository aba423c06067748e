"""The staff outcomes page per surgeon and per procedure: counts, completion, median change, MCID, CSV, audit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import PathwayProcedure
from outcomes.models import Instrument, Response
from portal.audit.models import AuditEvent
from tests.factories import PathwayTemplateFactory, PatientFactory, ProcedureFactory, SurgeonFactory, surgeon_cares_for
from tests.outcome_helpers import enrol_with_schedule

URL = reverse("admin:outcomes_response_summary")


@pytest.fixture
def reviewer_client(client, reviewer, verified_login):
    verified_login(client, reviewer)
    return client


def sent(pathway, code, time_point, score):
    return Response.objects.create(
        patient=pathway.patient,
        pathway=pathway,
        instrument=Instrument.objects.get(code=code),
        time_point=time_point,
        status="sent",
        score=Decimal(score),
        answered_on=timezone.localdate(),
    )


def cohort(size, *, surgeon, procedure, template, scores):
    """`size` patients 50 days after surgery, each with pre-op and 6-week leg pain."""
    for n in range(size):
        patient = PatientFactory()
        pathway, _ = enrol_with_schedule(
            patient, surgery_date=timezone.localdate() - timedelta(days=50), template=template
        )
        surgeon_cares_for(patient=patient, surgeon=surgeon)
        PathwayProcedure.objects.create(pathway=pathway, procedure=procedure)
        before, after = scores[n % len(scores)]
        sent(pathway, "nrs-leg", "pre_op", before)
        if after is not None:
            sent(pathway, "nrs-leg", "6w", after)


@pytest.fixture
def world(db):
    surgeon, procedure, template = SurgeonFactory(), ProcedureFactory(cpt_code="63030"), PathwayTemplateFactory()
    # changes: −5 (reached), −1 (not), −3 (reached); one did not answer at 6 weeks
    cohort(4, surgeon=surgeon, procedure=procedure, template=template, scores=[(7, 2), (6, 5), (8, 5), (6, None)])
    return surgeon, procedure, template


def leg_row(page, time_point):
    return next(r for r in page.context["rows"] if r.instrument.code == "nrs-leg" and r.time_point == time_point)


def test_it_counts_answers_median_change_and_mcid(reviewer_client, world):
    surgeon, procedure, _ = world
    page = reviewer_client.get(URL, {"surgeon": surgeon.pk, "procedure": procedure.pk})
    assert page.status_code == 200
    pre, six = leg_row(page, "pre_op"), leg_row(page, "6w")
    assert (pre.eligible, pre.answered, pre.completion_percent) == (4, 4, 100)
    assert (six.eligible, six.answered, six.completion_percent) == (4, 3, 75)
    assert six.median_change == Decimal("-3.0")
    assert (six.reached_mcid, six.compared, six.mcid_percent) == (2, 3, 67)
    assert leg_row(page, "3m").eligible == 0


def test_another_surgeons_patients_are_not_counted(reviewer_client, world):
    page = reviewer_client.get(URL, {"surgeon": SurgeonFactory().pk})
    assert page.context["rows"] == []
    assert "No patient on a pathway matches." in page.text


def test_a_bad_filter_is_a_400_with_a_message(reviewer_client, world):
    page = reviewer_client.get(URL, {"surgeon": "999999"})
    assert page.status_code == 400
    assert "Select a valid choice" in page.text


def test_csv_export_has_one_line_per_time_point_and_safe_cells(reviewer_client, world):
    _, procedure, _ = world
    Instrument.objects.filter(code="nrs-leg").update(name="=HYPERLINK()")
    answer = reviewer_client.get(URL, {"procedure": procedure.pk, "format": "csv"})
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode().splitlines()
    assert lines[0].startswith("questionnaire,time point,patients due,answered")
    assert "nrs-leg,6w,4,3,75,-3.0,2,3,67" in lines
    assert len(lines) == 1 + 3 * 6


def test_each_staff_view_of_scores_is_audited(reviewer_client, reviewer, world):
    surgeon, _, _ = world
    reviewer_client.get(URL, {"surgeon": surgeon.pk})
    reviewer_client.get(URL, {"format": "csv"})
    reviewer_client.get(reverse("admin:outcomes_response_change", args=[Response.objects.first().pk]))
    events = AuditEvent.objects.filter(action="outcome_scores_viewed", actor_id=reviewer.pk)
    assert [e.detail.get("format", e.detail["page"]) for e in events.order_by("pk")] == ["html", "csv", "answers"]


def test_patients_and_editors_cannot_see_the_page(client, patient, editor, verified_login):
    client.force_login(patient)
    assert client.get(URL).status_code == 302
    verified_login(client, editor)
    assert client.get(URL).status_code == 403


def test_queries_stay_constant_as_answers_grow_tenfold(reviewer_client, django_assert_num_queries):
    surgeon, procedure, template = SurgeonFactory(), ProcedureFactory(cpt_code="22551"), PathwayTemplateFactory()
    cohort(2, surgeon=surgeon, procedure=procedure, template=template, scores=[(7, 2)])
    with django_assert_num_queries(11) as few:
        reviewer_client.get(URL, {"surgeon": surgeon.pk})
    budget = len(few.captured_queries)
    cohort(18, surgeon=surgeon, procedure=procedure, template=template, scores=[(7, 2), (5, 5)])
    with django_assert_num_queries(budget):
        page = reviewer_client.get(URL, {"surgeon": surgeon.pk})
    assert leg_row(page, "6w").answered == 20

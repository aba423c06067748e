"""care.read_together: several querysets in one query give the same instances as each read alone
(select_related objects, annotations, dates, times, decimals, JSON, order, slices, empty results)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F
from django.utils import timezone

from care import services
from care.models import Assignment, Bookmark, PatientStep
from care.read_together import read_together
from estimates.models import SavedEstimate
from outcomes.models import ScheduledInstrument
from tests.factories import AssignmentFactory, FAQFactory, PathwayStepFactory, TeachBackQuestionFactory
from tests.outcome_helpers import enrol_with_schedule


def querysets(patient):
    return [
        PatientStep.objects.filter(pathway__patient=patient)
        .select_related("step", "step__article", "pathway__template", "assignment", "acted_by")
        .order_by("due_date", "step__order", "pk"),
        Assignment.objects.filter(patient=patient)
        .select_related("article", "plan", "acted_by")
        .annotate(question_count=Count("article__teach_back_questions"))
        .order_by("order", "assigned_at"),
        Bookmark.objects.filter(patient=patient).select_related("article", "faq", "faq__article"),
        SavedEstimate.objects.filter(patient=patient)[:20],
        ScheduledInstrument.objects.filter(template__patients__patient=patient)
        .annotate(surgery_date=F("template__patients__surgery_date"))
        .select_related("instrument")
        .order_by("template__patients__surgery_date", "days_from_surgery", "instrument__code"),
    ]


def fields(obj) -> dict:
    return {key: value for key, value in vars(obj).items() if key != "_state"}


def test_one_query_gives_what_each_queryset_gives_alone(patient, schedule, django_assert_num_queries):
    today = timezone.localdate()
    template = PathwayStepFactory(title="Stop smoking", days_from_surgery=-7).template
    PathwayStepFactory(template=template, title="Walk", days_from_surgery=3)
    enrol_with_schedule(patient, surgery_date=today + timedelta(days=10), template=template)
    assignment = AssignmentFactory(patient=patient, note="Read this first")
    TeachBackQuestionFactory(article=assignment.article)
    services.assignment_finish(assignment=assignment)
    Bookmark.objects.create(patient=patient, faq=FAQFactory())
    SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=schedule,
        coverage="medicare",
        inputs={"procedure": ["63030"], "nested": {"a": [1, {"b": 2.5}]}},
        result={"total": "495.38"},
        total_patient_pays=Decimal("495.38"),
    )
    alone = [list(queryset) for queryset in querysets(patient)]
    together = querysets(patient)
    with django_assert_num_queries(1):
        read_together(*together)
    for mine, theirs in zip(together, alone, strict=True):
        mine = list(mine)
        assert len(mine) == len(theirs) > 0
        assert [fields(a) for a in mine] == [fields(b) for b in theirs]
    steps = list(together[0])
    assert steps[0].step.title == "Stop smoking"
    assert steps[0].pathway.template == template
    assert list(together[1])[0].question_count == 1
    saved = list(together[3])[0]
    assert saved.total_patient_pays == Decimal("495.38")
    assert saved.inputs["nested"] == {"a": [1, {"b": 2.5}]}


def test_empty_results_are_empty_lists(patient, django_assert_num_queries):
    steps, bookmarks = querysets(patient)[0], querysets(patient)[2]
    with django_assert_num_queries(1):
        read_together(steps, bookmarks)
    with django_assert_num_queries(0):
        assert list(steps) == []
        assert list(bookmarks) == []

"""Issue 26: every row of patient data can point only at content a medical reviewer published.

Walks every model's `_meta`: each foreign key from outside the content app to an article or one of
its parts must be refused by the database (a trigger, education/published_links.py) when it points
at a working copy or at a never-published article, through `save`, `bulk_create` and `update`.
"""

import copy

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from care.models import EducationRecord, ReadingPlan, ReadingPlanItem
from education.models import FAQ, Article, Figure, Section, TeachBackQuestion, WarningSign
from education.published_links import is_unpublished_link_error
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    FAQFactory,
    PathwayStepFactory,
    PatientFactory,
    SectionFactory,
    TeachBackQuestionFactory,
)

pytestmark = pytest.mark.django_db
CONTENT = (Article, Section, Figure, WarningSign, FAQ, TeachBackQuestion)
# Not patient data: monthly counts with no patient in them, folded from expired records (they may name
# an article taken off the portal since).
NOT_PATIENT_DATA = {"insights.MonthlyCount"}


def patient_links():
    """(model, field) for every foreign key from outside education/ to an article or one of its parts."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label == "education" or hasattr(model, "instance_type"):  # history copies log only
            continue
        if model._meta.label in NOT_PATIENT_DATA:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in CONTENT:
                found.append((model, field))
    return found


def a_published_article():
    article = ArticleFactory(status=Article.Status.PUBLISHED)
    SectionFactory(article=article)
    TeachBackQuestionFactory(article=article)
    FAQFactory(article=article)
    return article


def a_row(model, field, good):
    """A saved row of `model` whose `field` points at `good` (published content)."""
    if model is ReadingPlanItem:
        return ReadingPlanItem.objects.create(plan=ReadingPlan.objects.create(name="Plan"), article=good)
    if model._meta.label == "care.Assignment":
        return AssignmentFactory(article=good)
    if model._meta.label == "care.PathwayStep":
        return PathwayStepFactory(article=good)
    if model._meta.label == "care.Bookmark":
        return model.objects.create(patient=PatientFactory(), **{field.name: good})
    if model is EducationRecord:
        return EducationRecord.objects.create(
            patient=PatientFactory(), topic="t", language="en", response="understood", **{field.name: good}
        )
    if model._meta.label == "insights.SectionRead":
        return model.objects.create(
            patient=PatientFactory(), article=good, section_key=good.sections.first().key, created_at=timezone.now()
        )
    if model._meta.label == "insights.HelpfulVote":
        return model.objects.create(
            patient=PatientFactory(),
            article=good,
            part="section",
            part_key=good.sections.first().key,
            helpful=False,
            created_at=timezone.now(),
        )
    raise AssertionError(f"No example row for {model._meta.label}.{field.name}: add one to this test")


def target_of(field, article):
    """What `field` can point at on `article`: the article itself or its first part of that kind."""
    if field.related_model is Article:
        return article
    return field.related_model.objects.filter(article=article).order_by("pk").first()


def assert_refused(write):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        write()
    assert is_unpublished_link_error(refused.value)


def test_the_links_in_scope_today_are_all_found():
    names = {f"{model._meta.label}.{field.name}" for model, field in patient_links()}
    assert {
        "care.ReadingPlanItem.article",
        "care.Assignment.article",
        "care.PathwayStep.article",
        "care.Bookmark.article",
        "care.Bookmark.faq",
        "care.EducationRecord.article",
        "care.EducationRecord.question",
    } <= names


@pytest.mark.parametrize("target", ["never published", "in review"])
def test_every_patient_link_refuses_unpublished_content(target):
    for model, field in patient_links():
        live = a_published_article()
        bad_article = a_published_article()
        status = Article.Status.DRAFT if target == "never published" else Article.Status.IN_REVIEW
        Article.all_objects.filter(pk=bad_article.pk).update(status=status)
        good, bad = target_of(field, live), target_of(field, bad_article)
        assert bad is not None, f"{field.related_model.__name__} missing on the {target}"
        row = a_row(model, field, good)

        # save() of an existing row, pointing it elsewhere
        def save_existing(row=row, field=field, bad=bad):
            setattr(row, field.name, bad)
            row.save()

        assert_refused(save_existing)
        row.refresh_from_db()

        # save() of a new row (INSERT)
        def save_new(row=row, field=field, bad=bad):
            new = copy.copy(row)
            new.pk = None
            new._state.adding = True
            setattr(new, field.name, bad)
            new.save()

        assert_refused(save_new)

        # bulk_create
        def bulk(row=row, field=field, bad=bad, model=model):
            new = copy.copy(row)
            new.pk = None
            setattr(new, field.name, bad)
            model.objects.bulk_create([new])

        assert_refused(bulk)
        # QuerySet.update
        assert_refused(
            lambda model=model, row=row, field=field, bad=bad: model.objects.filter(pk=row.pk).update(
                **{field.attname: bad.pk}
            )
        )
        assert getattr(model.objects.get(pk=row.pk), field.attname) == good.pk


def test_hidden_faq_cannot_be_bookmarked_and_clinic_wide_published_one_can():
    bookmark_model = apps.get_model("care", "Bookmark")
    clinic_wide = FAQFactory(article=None, is_published=True)
    bookmark_model.objects.create(patient=PatientFactory(), faq=clinic_wide)
    hidden = FAQFactory(article=None, is_published=False)
    assert_refused(lambda: bookmark_model.objects.create(patient=PatientFactory(), faq=hidden))


def test_unpublishing_later_is_allowed_and_other_columns_still_change():
    live = a_published_article()
    assignment = AssignmentFactory(article=live)
    Article.all_objects.filter(pk=live.pk).update(status=Article.Status.DRAFT)
    assignment.note = "Please read this before your visit."
    assignment.save()  # the article link did not change: no check
    assert type(assignment).objects.get(pk=assignment.pk).note.startswith("Please")

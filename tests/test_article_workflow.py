"""Editors draft and submit; only medical reviewers publish; every change is in the history."""

from datetime import date

import pytest
from django.urls import NoReverseMatch, reverse

from education import services
from education.models import Article, Section
from education.services import add_months
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory


@pytest.fixture
def draft(db):
    article = ArticleFactory(status=Article.Status.DRAFT, medical_reviewer=None, reviewed_on=None, slug="draft-one")
    SectionFactory(article=article, body="First text.")
    return article


@pytest.fixture
def reviewer_surgeon(reviewer):
    return SurgeonFactory(user=reviewer, approves_content=True)


def test_editor_changes_a_section_and_submits_it_for_review(client, editor, draft, verified_login):
    verified_login(client, editor)
    url = reverse("admin:education_article_change", args=[draft.pk])
    data = change_form_data(draft, **{"sections-0-body": "Better text.", "_submit_for_review": "1"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW
    assert draft.sections.get().body == "Better text."


def test_editor_cannot_publish(client, editor, draft, verified_login):
    verified_login(client, editor)
    url = reverse("admin:education_article_change", args=[draft.pk])
    assert 'name="_publish"' not in client.get(url).text
    client.post(url, change_form_data(draft, _publish="1"))
    changelist = reverse("admin:education_article_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_reviewer_publishes_and_the_review_is_recorded(client, reviewer, reviewer_surgeon, draft, verified_login):
    services.article_submit_for_review(article=draft)
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:education_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.medical_reviewer == reviewer_surgeon
    assert draft.reviewed_on is not None
    assert draft.next_review_due == add_months(draft.reviewed_on, 24)


def test_a_reviewer_without_a_surgeon_profile_is_told_what_to_do(client, reviewer, draft, verified_login):
    services.article_submit_for_review(article=draft)
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:education_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "your login must belong to a surgeon who approves content" in response.text
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


def test_history_records_who_changed_what(client, editor, superuser, draft, verified_login):
    verified_login(client, editor)
    url = reverse("admin:education_article_change", args=[draft.pk])
    client.post(url, change_form_data(draft, **{"sections-0-body": "Second text."}))
    # An article's one history is its revisions: each a snapshot of every part, with who saved it.
    revision = draft.revisions.first()
    assert revision.created_by == editor
    assert [row["body"] for row in revision.content["sections"]] == ["Second text."]

    # A section is never reverted on its own (that would skip review): there is no row-by-row history
    # to revert; articles are restored from their revisions as a new draft (test_publishing_without_gaps).
    verified_login(client, superuser)
    with pytest.raises(NoReverseMatch):
        reverse("admin:education_section_simple_history", args=[draft.sections.get().pk, 1])
    assert not hasattr(Section, "history")


def test_overdue_reviews_are_listed_on_the_admin_index(client, editor, verified_login):
    overdue = ArticleFactory(title="Old article", next_review_due=date(2020, 1, 1))
    ArticleFactory(title="Fresh article", next_review_due=date(2999, 1, 1))
    verified_login(client, editor)
    html = client.get(reverse("admin:index")).text
    assert "Articles overdue for medical review" in html
    assert reverse("admin:education_article_change", args=[overdue.pk]) in html
    assert "Fresh article" not in html


def test_reading_grade_is_computed_and_flagged_above_grade_8(client, editor, verified_login):
    article = ArticleFactory(summary="Short words help.")
    SectionFactory(
        article=article,
        body="Notwithstanding considerable intraoperative technological sophistication, "
        "postoperative rehabilitation necessitates multidisciplinary collaboration.",
    )
    article.refresh_text_stats()
    assert article.reading_grade > 8
    verified_login(client, editor)
    html = client.get(reverse("admin:education_article_change", args=[article.pk])).text
    assert "above grade 8" in html
    # In the list, a filter (issue 34: the list keeps five columns).
    listed = client.get(reverse("admin:education_article_changelist"), {"grade": "high"}).context["cl"]
    assert list(listed.result_list) == [article]


def test_spanish_text_is_graded_with_a_spanish_formula():
    from education.readability import reading_grade

    plain_spanish = (
        "La mayoría de las personas tienen menos dolor después de la cirugía y sanan más rápido que con la "
        "cirugía abierta. Los cirujanos usan cuatro formas principales de hacerla: tubular, endoscópica, "
        "microscópica y percutánea."
    )
    assert reading_grade(plain_spanish, "es") <= 8
    # The English formula miscounts Spanish syllables and would flag plain Spanish as hard.
    assert reading_grade(plain_spanish, "es") < reading_grade(plain_spanish, "en")

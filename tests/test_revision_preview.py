"""Issue 26 follow-up: reviewers read a pending revision of a published article as a patient would
(`/admin/education/article/<id>/revisions/<revision_id>/preview/`), while patients keep the published text."""

import pytest
from django.apps import apps
from django.urls import reverse

from education.models import Article, WarningSign
from tests.factories import (
    ArticleFactory,
    FAQFactory,
    FigureFactory,
    SectionFactory,
    SurgeonFactory,
    WarningSignFactory,
)
from tests.publishing import save_change, section_body, submit_and_publish

BANNER = "Preview of an unpublished change: patients do not see this yet"


@pytest.fixture
def live(db, reviewer):
    SurgeonFactory(user=reviewer, approves_content=True)
    article = ArticleFactory(status=Article.Status.DRAFT, slug="fusion", title="Fusion")
    recovery = SectionFactory(article=article, kind="recovery", heading="Recovery", body="Walk a little every day.")
    FigureFactory(article=article, caption="The spine", section=recovery)
    FAQFactory(article=article, question="When can I shower?", answer="After two days.")
    WarningSignFactory(article=article, text="Fever over 101", urgency=WarningSign.Urgency.EMERGENCY)
    return submit_and_publish(article=article, user=reviewer)


@pytest.fixture
def change(live, editor):
    return save_change(live, user=editor, edit=section_body("Walk twice a day, then rest."))


def preview_url(article, revision):
    return reverse("admin:education_article_revision_preview", args=[article.pk, revision.pk])


def education_rows() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_app_config("education").get_models()}


def test_it_shows_the_revision_while_patients_read_the_published_text(
    client, reviewer, patient, live, change, verified_login
):
    verified_login(client, reviewer)

    preview = client.get(preview_url(live, change)).content.decode()

    assert BANNER in preview
    assert "Walk twice a day, then rest." in preview
    assert "Walk a little every day." not in preview
    # The whole body as patients see it: the figure under its section, questions and warning signs.
    assert preview.index("Walk twice a day") < preview.index("The spine")
    assert "When can I shower?" in preview
    assert "Fever over 101" in preview
    client.force_login(patient)
    patient_page = client.get(live.get_absolute_url()).content.decode()
    assert "Walk a little every day." in patient_page
    assert "Walk twice a day" not in patient_page


def test_it_writes_no_rows_and_is_never_cached(client, reviewer, live, change, verified_login):
    verified_login(client, reviewer)
    rows = education_rows()

    response = client.get(preview_url(live, change))

    assert response.status_code == 200
    assert education_rows() == rows
    assert "no-cache" in response["Cache-Control"]


def test_it_offers_no_helpful_votes_that_would_count_against_the_published_article(
    client, reviewer, patient, live, change, verified_login
):
    verified_login(client, reviewer)
    assert "Was this helpful?" not in client.get(preview_url(live, change)).content.decode()
    client.force_login(patient)
    assert "Was this helpful?" in client.get(live.get_absolute_url()).content.decode()


def test_the_review_page_links_to_the_preview_of_the_pending_revision(client, reviewer, live, change, verified_login):
    verified_login(client, reviewer)

    review = client.get(reverse("admin:education_article_review", args=[live.pk])).content.decode()

    assert preview_url(live, change) in review


def test_the_draft_form_and_revisions_page_link_to_it(client, editor, live, change, verified_login):
    verified_login(client, editor)

    draft = client.get(reverse("admin:education_article_draft", args=[live.pk])).content.decode()
    history = client.get(reverse("admin:education_article_revisions", args=[live.pk])).content.decode()

    assert preview_url(live, change) in draft
    assert preview_url(live, change) in history


def test_a_revision_of_another_article_is_not_found(client, reviewer, live, change, verified_login):
    other = ArticleFactory(slug="laminectomy")
    verified_login(client, reviewer)

    assert client.get(preview_url(other, change)).status_code == 404


def test_staff_who_may_not_change_articles_are_refused(client, billing, live, change, verified_login):
    verified_login(client, billing)

    assert client.get(preview_url(live, change)).status_code == 403


def test_visitors_are_sent_to_log_in_and_patients_to_the_admin_login(client, patient, live, change):
    url = preview_url(live, change)

    anonymous = client.get(url)
    client.force_login(patient)
    as_patient = client.get(url)

    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert as_patient.status_code == 302
    assert as_patient["Location"].startswith(reverse("admin:login"))


def test_it_renders_within_a_query_budget(
    client, reviewer, live, change, verified_login, django_assert_max_num_queries
):
    verified_login(client, reviewer)
    client.get(preview_url(live, change))  # session, permissions and site caches warmed

    # Two-step device and permissions (3), the article and the revision, its author (checked, then loaded)
    # and the glossary: none per part, however long the article.
    with django_assert_max_num_queries(8):
        client.get(preview_url(live, change))

"""Issue 26, reproductions 2-4: Publish applies the revision the reviewer read and no other; the diff
shows everything patients see; a draft import changes nothing in the cost calculator."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from education import revisions, services
from education.models import Article, ArticleRevision, Region
from estimates.models import Fee, Procedure
from tests.admin_forms import draft_form_data
from tests.factories import (
    ArticleFactory,
    FAQFactory,
    SectionFactory,
    SurgeonFactory,
    TeachBackQuestionFactory,
)
from tests.publishing import save_change, submit_and_publish

CHANGED = "This draft changed after you opened it. Review the new version."
DATA = Path(__file__).parent / "data"


@pytest.fixture
def reviewer_surgeon(reviewer):
    return SurgeonFactory(user=reviewer, approves_content=True)


@pytest.fixture
def live(db, reviewer, reviewer_surgeon):
    article = ArticleFactory(status=Article.Status.DRAFT, slug="fusion", title="Fusion")
    SectionFactory(article=article, kind="recovery", heading="Recovery", body="Walk a little every day.")
    SectionFactory(article=article, kind="overview", heading="Overview", body="First line.\nSecond line.")
    TeachBackQuestionFactory(
        article=article,
        question="When can you drive?",
        options=[
            {"text": "After two weeks", "correct": True, "why": "Your reactions need time."},
            {"text": "The next day", "correct": False, "why": "Too soon."},
        ],
    )
    FAQFactory(article=article, question="When can I shower?", answer="After two days.", topic="Wound care")
    return submit_and_publish(article=article, user=reviewer)


def shown_revision(html: str) -> str:
    return re.search(r'name="revision" value="(\d+)"', html).group(1)


def edit_recovery(client, live, body, **extra):
    """Change the Recovery section in the draft form, as the browser posts it."""
    data = draft_form_data(client, live, **extra)
    index = next(key.split("-")[1] for key, value in data.items() if key.endswith("-heading") and value == ["Recovery"])
    data[f"sections-{index}-body"] = [body]
    response = client.post(reverse("admin:education_article_draft", args=[live.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    live.refresh_from_db()


# Reproduction 2 --------------------------------------------------------------------------
def test_publish_applies_the_revision_the_reviewer_read_not_a_later_save(
    client, editor, reviewer, patient, live, verified_login
):
    verified_login(client, editor)
    edit_recovery(client, live, "Walk a little every day, with help.", _submit_for_review="1")
    assert live.changes_status == Article.Status.IN_REVIEW

    reviewer_client = client.__class__()
    verified_login(reviewer_client, reviewer)
    review_url = reverse("admin:education_article_review", args=[live.pk])
    page = reviewer_client.get(review_url).text
    assert "<ins>" in page
    assert "with help." in page
    read = shown_revision(page)

    # The editor saves again while it is in review: it stays in review, with other text.
    edit_recovery(client, live, "Run ten miles on day one.")
    assert live.changes_status == Article.Status.IN_REVIEW

    response = reviewer_client.post(review_url, {"revision": read, "_publish": "1", "comment": ""})
    assert response.status_code == 200
    assert CHANGED in response.text
    assert f'href="{review_url}"' in response.text
    assert "miles" in response.text  # the new diff is on the page now
    live.refresh_from_db()
    assert live.sections.get(heading="Recovery").body == "Walk a little every day."
    client.force_login(patient)
    assert "Run ten miles" not in client.get(live.get_absolute_url()).text

    # Publishing the version now shown publishes exactly it.
    response = reviewer_client.post(review_url, {"revision": shown_revision(response.text), "_publish": "1"})
    assert response.status_code == 302
    assert live.sections.get(heading="Recovery").body == "Run ten miles on day one."
    published = ArticleRevision.objects.filter(article=live, kind=ArticleRevision.Kind.PUBLISHED).first()
    assert (published.submitted_by, published.published_by) == (editor, reviewer)
    assert published.published_at is not None


def test_a_copy_never_sent_for_review_cannot_be_published_from_the_review_page_or_the_list(
    client, editor, reviewer, live, verified_login
):
    verified_login(client, editor)
    edit_recovery(client, live, "Never sent for review.")
    verified_login(client, reviewer)
    review_url = reverse("admin:education_article_review", args=[live.pk])
    page = client.get(review_url).text
    assert 'name="_publish"' not in page
    latest = live.revisions.first()
    response = client.post(review_url, {"revision": latest.pk, "_publish": "1"})
    assert response.status_code == 200
    response = client.post(
        reverse("admin:education_article_changelist"), {"action": "publish", "_selected_action": [live.pk]}, follow=True
    )
    assert "No changes sent for review" in response.text
    assert live.sections.get(heading="Recovery").body == "Walk a little every day."
    live.refresh_from_db()
    assert live.changes_status == Article.Status.DRAFT


def test_rows_of_an_unpublished_article_changed_without_a_revision_are_refused(reviewer, live):
    services.article_return_to_draft(article=live, user=reviewer)
    live.refresh_from_db()
    revision = services.article_submit_for_review(article=live, user=reviewer)
    live.sections.filter(heading="Recovery").update(body="Changed behind the revision's back.")
    with pytest.raises(services.DraftChanged):
        services.article_publish(revision=revision, user=reviewer)
    live.refresh_from_db()
    assert not live.is_published


# Reproduction 3 --------------------------------------------------------------------------
def test_the_review_page_shows_an_explanation_and_a_topic_change(client, editor, reviewer, live, verified_login):
    def edit(content):
        question = content["teach_back_questions"][0]
        question["options"][0]["why"] = "Your reactions are slow for a while."
        content["faqs"][0]["topic"] = "Bathing"

    save_change(live, user=editor, edit=edit)
    services.article_submit_for_review(article=live, user=editor)
    verified_login(client, reviewer)
    page = client.get(reverse("admin:education_article_review", args=[live.pk])).text
    assert "No differences from the published version" not in page
    assert "slow for a while." in page
    assert "Bathing" in page
    assert "Wound care" in page
    assert "When can you drive?" in page


def test_author_kind_regions_and_after_surgery_flag_are_shown(live):
    before = revisions.article_snapshot(live)
    author, lumbar = SurgeonFactory(name="Dr. New Author"), Region.objects.get_or_create(code="lumbar")[0]
    revision = save_change(
        live,
        edit=lambda content: content.update(
            author=author.pk, kind=Article.Kind.RECOVERY, is_post_operative=True, regions=[lumbar.pk]
        ),
    )
    changes = revisions.snapshot_diff(before, revision.content)
    notes = " ".join(note for change in changes for note in change.notes)
    assert "Dr. New Author" in notes
    assert str(Article.Kind.RECOVERY.label) in notes
    assert "lumbar" in notes
    assert {change.label for change in changes} >= {"Author", "Kind", "Body regions", "About life after surgery"}


def test_untouched_sections_posted_with_browser_line_endings_are_not_listed(client, editor, live, verified_login):
    verified_login(client, editor)
    data = draft_form_data(client, live)
    overview = next(k for k, v in data.items() if v == ["First line.\nSecond line."])
    data[overview] = ["First line.  \r\nSecond line.\r\n"]
    response = client.post(reverse("admin:education_article_draft", args=[live.pk]), data)
    assert response.status_code == 302
    live.refresh_from_db()
    draft = live.latest_revision.content
    assert next(row for row in draft["sections"] if row["heading"] == "Overview")["body"] == "First line.\nSecond line."
    assert revisions.snapshot_diff(revisions.article_snapshot(live), draft) == []


def test_publish_and_send_back_are_at_the_top_and_the_bottom(client, editor, reviewer, live, verified_login):
    verified_login(client, editor)
    edit_recovery(client, live, "Walk twice a day.", _submit_for_review="1")
    verified_login(client, reviewer)
    page = client.get(reverse("admin:education_article_review", args=[live.pk])).text
    assert page.count('name="_publish"') == 2
    assert page.count('name="_send_back"') == 2
    assert page.index('name="_publish"') < page.index("What changed")


# Reproduction 4 --------------------------------------------------------------------------
def test_a_draft_import_adds_nothing_to_the_calculator_until_it_is_published(
    client, reviewer, reviewer_surgeon, patient
):
    call_command("import_article", str(DATA / "clinic_page.txt"), stdout=StringIO(), stderr=StringIO())
    article = Article.all_objects.get(slug="keyhole-neck-surgery")
    assert article.status == Article.Status.DRAFT
    assert not Procedure.objects.exists()
    assert not Fee.objects.exists()
    client.force_login(patient)
    assert "Minimally Invasive Cervical Discectomy" not in client.get(reverse("estimates:estimate")).text

    submit_and_publish(article=article, user=reviewer)
    article.refresh_from_db()
    assert sorted(article.related_procedures.values_list("cpt_code", flat=True)) == ["63020", "63030"]
    assert Fee.objects.filter(procedure__cpt_code="63030").exists()
    assert "Minimally Invasive Cervical Discectomy" in client.get(reverse("estimates:estimate")).text
    assert article.procedures_found == []

"""A change to a published article waits in a draft: patients keep reading the approved
version everywhere until a medical reviewer publishes the change."""

import pytest
from django.urls import reverse

from care.models import Bookmark
from education import revisions, services
from education.models import FAQ, Article, ArticleRevision, ReviewComment
from portal.audit.models import AuditEvent
from tests.admin_forms import change_form_data, draft_form_data
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    FAQFactory,
    SectionFactory,
    SurgeonFactory,
    WarningSignFactory,
)
from tests.publishing import review_post, save_change, section_body, submit_and_publish


@pytest.fixture
def reviewer_surgeon(reviewer):
    return SurgeonFactory(user=reviewer, approves_content=True)


@pytest.fixture
def live_article(db, reviewer, reviewer_surgeon):
    article = ArticleFactory(status=Article.Status.DRAFT, slug="live-one", title="Live one", is_post_operative=True)
    SectionFactory(article=article, kind="recovery", heading="Recovery", body="Walk a little every day.")
    FAQFactory(article=article, question="When can I drive?", answer="After two weeks.")
    WarningSignFactory(article=article, urgency="emergency", text="Sudden weakness in both legs")
    return submit_and_publish(article=article, user=reviewer)


def test_an_editors_change_waits_while_patients_keep_reading_everywhere(
    client, editor, patient, live_article, verified_login
):
    AssignmentFactory(patient=patient, article=live_article)
    verified_login(client, editor)
    data = draft_form_data(client, live_article, **{"sections-0-body": "Walk twice a day.", "_submit_for_review": "1"})
    response = client.post(reverse("admin:education_article_draft", args=[live_article.pk]), data)
    assert response.status_code == 302

    live_article.refresh_from_db()
    assert live_article.changes_status == Article.Status.IN_REVIEW
    assert live_article.latest_revision.content["sections"][0]["body"] == "Walk twice a day."
    client.force_login(patient)
    page = client.get(live_article.get_absolute_url()).text
    assert "Walk a little every day." in page
    assert "Walk twice a day." not in page
    assert "Live one" in client.get(reverse("education:article_list")).text
    assert "Live one" in client.get(reverse("care:my_page")).text
    assert "When can I drive?" in client.get(reverse("education:faq_list")).text
    assert "Sudden weakness in both legs" in client.get(reverse("education:warning_sign_guide")).text
    assert "Live one" in client.get(reverse("education:search"), {"q": "walk"}).text
    assert "Live one" not in client.get(reverse("education:search"), {"q": "twice"}).text


def test_the_reviewer_sees_the_changes_then_publishing_shows_them_to_patients(
    client, editor, reviewer, patient, live_article, verified_login
):
    save_change(live_article, user=editor, edit=section_body("Walk twice a day."))
    services.article_submit_for_review(article=live_article, user=editor)

    verified_login(client, reviewer)
    index = client.get(reverse("admin:index")).text
    assert "Waiting for your review" in index
    assert reverse("admin:education_article_review", args=[live_article.pk]) in index
    review = client.get(reverse("admin:education_article_review", args=[live_article.pk])).text
    assert "<ins>twice </ins>" in review
    assert "<del>little every </del>" in review
    assert "Reading grade before" in review

    url = reverse("admin:education_article_review", args=[live_article.pk])
    assert client.post(url, review_post(live_article, _publish="1")).status_code == 302
    live_article.refresh_from_db()
    assert not live_article.has_unpublished_changes
    client.force_login(patient)
    assert "Walk twice a day." in client.get(live_article.get_absolute_url()).text


def test_publishing_updates_parts_in_place_so_bookmarks_survive(editor, reviewer, patient, live_article):
    faq = live_article.faqs.get()
    Bookmark.objects.create(patient=patient, faq=faq)
    save_change(live_article, edit=lambda content: content["faqs"][0].update(answer="After three weeks."))
    submit_and_publish(article=live_article, user=reviewer)
    faq.refresh_from_db()
    assert faq.answer == "After three weeks."
    assert Bookmark.objects.filter(patient=patient, faq=faq).exists()


def test_a_reviewer_sends_changes_back_with_a_comment_the_editor_sees(
    client, editor, reviewer, live_article, verified_login
):
    save_change(live_article, user=editor, edit=section_body("Walk far."))
    services.article_submit_for_review(article=live_article, user=editor)
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:education_article_review", args=[live_article.pk]),
        {"_send_back": "1", "comment": "Please say how far to walk."},
    )
    assert response.status_code == 302
    live_article.refresh_from_db()
    assert live_article.changes_status == Article.Status.DRAFT
    assert live_article.latest_revision.kind == ArticleRevision.Kind.SENT_BACK
    assert ReviewComment.objects.get(article=live_article).sent_back
    verified_login(client, editor)
    page = client.get(reverse("admin:education_article_draft", args=[live_article.pk])).text
    assert "Walk far." in page
    assert "Please say how far to walk." in page


def test_sending_back_needs_a_comment(client, editor, reviewer, live_article, verified_login):
    save_change(live_article, user=editor, edit=section_body("Walk far."))
    services.article_submit_for_review(article=live_article, user=editor)
    verified_login(client, reviewer)
    response = client.post(reverse("admin:education_article_review", args=[live_article.pk]), {"_send_back": "1"})
    assert response.status_code == 200
    assert "Say what the editor should change." in response.text
    live_article.refresh_from_db()
    assert live_article.changes_status == Article.Status.IN_REVIEW


def test_an_editor_cannot_publish_from_the_review_page(client, editor, live_article, verified_login):
    save_change(live_article, user=editor, edit=section_body("Walk far."))
    submitted = services.article_submit_for_review(article=live_article, user=editor)
    verified_login(client, editor)
    response = client.post(
        reverse("admin:education_article_review", args=[live_article.pk]), {"_publish": "1", "revision": submitted.pk}
    )
    assert response.status_code == 403
    assert live_article.sections.get().body == "Walk a little every day."
    assert ArticleRevision.objects.get(pk=submitted.pk).published_at is None


def test_the_published_article_is_read_only_in_the_admin(client, editor, live_article, verified_login):
    verified_login(client, editor)
    url = reverse("admin:education_article_change", args=[live_article.pk])
    page = client.get(url).text
    assert "Change this article (start a draft)" in page
    assert 'name="sections-0-body"' not in page
    response = client.post(url, change_form_data(live_article, **{"sections-0-body": "Sneaky edit."}))
    assert response.status_code == 403
    assert live_article.sections.get().body == "Walk a little every day."


def test_restoring_an_old_revision_makes_a_draft_that_waits_for_review(
    client, editor, reviewer, patient, live_article, verified_login
):
    first = live_article.live_revision
    save_change(live_article, edit=section_body("Rest in bed."))
    submit_and_publish(article=live_article, user=reviewer)

    verified_login(client, editor)
    response = client.post(reverse("admin:education_article_restore", args=[first.pk]))
    assert response.url == reverse("admin:education_article_draft", args=[live_article.pk])
    live_article.refresh_from_db()
    assert live_article.latest_revision.content["sections"][0]["body"] == "Walk a little every day."
    assert live_article.changes_status == Article.Status.DRAFT
    assert live_article.sections.get().body == "Rest in bed."  # patients: unchanged until published
    event = AuditEvent.objects.get(action=AuditEvent.Action.ARTICLE_REVERTED)
    assert event.detail["revision"] == first.pk
    assert ArticleRevision.objects.filter(kind=ArticleRevision.Kind.RESTORED, restored_from=first).exists()


def test_publish_unpublish_and_restore_are_audited_with_their_revision(reviewer, editor, live_article):
    published = AuditEvent.objects.get(action=AuditEvent.Action.ARTICLE_PUBLISHED)
    assert published.detail["revision"] == live_article.live_revision_id
    services.article_return_to_draft(article=live_article, user=reviewer)
    unpublished = AuditEvent.objects.get(action=AuditEvent.Action.ARTICLE_UNPUBLISHED)
    assert unpublished.detail["revision"] == live_article.live_revision_id


def test_revisions_page_lists_and_compares(client, editor, reviewer, live_article, verified_login):
    save_change(live_article, user=editor, edit=section_body("Walk a lot."))
    saved = ArticleRevision.objects.filter(kind=ArticleRevision.Kind.SAVED).latest("pk")
    verified_login(client, editor)
    url = reverse("admin:education_article_revisions", args=[live_article.pk])
    page = client.get(url, {"compare": saved.pk}).text
    assert "published now" in page
    assert "<ins>lot.</ins>" in page


def test_reimporting_a_published_article_makes_a_draft(live_article):
    from education.importer import parse_article

    parsed = parse_article("Live one\n\nA new summary line for the page.\n\nRecovery\n\nSwim every day.\n")
    result = services.article_import(parsed=parsed, slug=live_article.slug)
    assert result.article == live_article
    live_article.refresh_from_db()
    assert live_article.changes_status == Article.Status.IN_REVIEW
    assert live_article.latest_revision.content["summary"] == "A new summary line for the page."
    assert Article.all_objects.count() == 1
    assert live_article.is_published
    assert live_article.sections.get().body == "Walk a little every day."


def test_a_moved_warning_sign_is_named_in_the_changes(live_article):
    before = revisions.article_snapshot(live_article)
    after = revisions.article_snapshot(live_article)
    after["warning_signs"][0]["urgency"] = "call_clinic"
    [change] = revisions.snapshot_diff(before, after)
    assert change.part == "warning_signs"
    assert "Call the clinic" in change.notes[0]


def test_inserting_a_section_marks_only_it_as_added(live_article):
    before = revisions.article_snapshot(live_article)
    after = revisions.article_snapshot(live_article)
    after["sections"].insert(0, {"key": "new", "kind": "overview", "heading": "Overview", "body": "Hi.", "order": 0})
    assert [(c.part, c.status) for c in revisions.snapshot_diff(before, after)] == [("sections", "added")]


def test_publishing_english_again_flags_the_spanish_translation(reviewer, live_article):
    spanish = services.translation_start(article=live_article, language="es")
    assert not spanish.is_translation_out_of_date()  # not reviewed yet: nothing to compare
    spanish = submit_and_publish(article=spanish, user=reviewer)
    assert not spanish.is_translation_out_of_date()
    save_change(live_article)
    submit_and_publish(article=live_article, user=reviewer)
    spanish.refresh_from_db()
    assert spanish.is_translation_out_of_date()


def test_faq_of_a_live_article_cannot_be_edited_on_its_own_page(client, reviewer, live_article, verified_login):
    verified_login(client, reviewer)
    faq = live_article.faqs.get()
    response = client.post(
        reverse("admin:education_faq_change", args=[faq.pk]),
        {"question": "Changed?", "answer": "Yes.", "article": live_article.pk, "is_published": "on", "order": 0},
    )
    assert response.status_code == 403
    assert FAQ.objects.get(pk=faq.pk).question == "When can I drive?"


def test_any_two_revisions_can_be_compared(client, editor, reviewer, live_article, verified_login):
    first = save_change(live_article, user=editor, edit=section_body("Walk a lot."))
    second = save_change(live_article, user=editor, edit=section_body("Walk a lot, slowly."))
    verified_login(client, editor)
    url = reverse("admin:education_article_revisions", args=[live_article.pk])
    page = client.get(url, {"compare": second.pk, "against": first.pk}).text
    assert f"compared with revision {first.pk}" in page
    assert "slowly.</ins>" in page


def test_the_published_revision_keeps_the_pemat_rating_given_to_its_text(reviewer, live_article):
    from education.models import PematRating

    PematRating.objects.create(article=live_article, understandability=90, actionability=80)
    save_change(live_article, edit=section_body("Walk a lot."))
    live = submit_and_publish(article=live_article, user=reviewer)
    assert live.pemat.understandability == 90
    assert live.live_revision.content["pemat"] == {"understandability": 90, "actionability": 80}


def test_the_demo_article_carries_the_notes_for_its_reviewer(client, reviewer, verified_login):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", "--no-accounts", stdout=StringIO())
    article = Article.all_objects.get(slug="minimally-invasive-spine-surgery")
    assert article.review_comments.count() == 3
    # load_demo publishes through the same door: the published revision holds every part.
    content = article.live_revision.content
    assert any(figure["diagram"] for figure in content["figures"])
    assert len(content["teach_back_questions"]) == article.teach_back_questions.count() == 4
    verified_login(client, reviewer)
    page = client.get(reverse("admin:education_article_review", args=[article.pk])).text
    assert "now send the patient to 911" in page

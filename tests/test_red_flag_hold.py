"""A red flag holds publishing: an emergency sign under “call the clinic” is published only with a
medical reviewer's reason, which is kept on the revision and audited. The same rule holds for the
review page, the bulk action, clinic-wide warning signs and `import_article --publish`."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from education import services
from education.models import Article, ArticleRevision, WarningSign
from portal.audit.models import AuditEvent
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory, WarningSignFactory
from tests.publishing import review_post

MISPLACED = "Numbness around the genitals"


@pytest.fixture
def reviewer_surgeon(reviewer):
    return SurgeonFactory(user=reviewer, approves_content=True)


@pytest.fixture
def flagged(db):
    article = ArticleFactory(status=Article.Status.DRAFT, medical_reviewer=None, slug="flagged")
    SectionFactory(article=article, body="Some text.")
    WarningSignFactory(article=article, urgency="call_clinic", text=MISPLACED)
    services.article_submit_for_review(article=article)
    return article


def overrides():
    return AuditEvent.objects.filter(action=AuditEvent.Action.RED_FLAG_OVERRIDDEN)


def test_review_page_refuses_publish_without_a_reason(client, reviewer, reviewer_surgeon, flagged, verified_login):
    verified_login(client, reviewer)
    url = reverse("admin:education_article_review", args=[flagged.pk])
    assert 'name="red_flag_override"' in client.get(url).text
    response = client.post(url, review_post(flagged, _publish="1", comment=""), follow=True)
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.IN_REVIEW
    assert "Not published" in response.text
    assert MISPLACED in response.text
    assert not overrides().exists()


def test_review_page_publishes_with_a_reason_kept_on_the_revision_and_audited(
    client, reviewer, reviewer_surgeon, flagged, verified_login
):
    verified_login(client, reviewer)
    url = reverse("admin:education_article_review", args=[flagged.pk])
    reason = "The triage nurse calls back within 10 minutes; agreed with Dr. Vaksha."
    response = client.post(url, review_post(flagged, _publish="1", red_flag_override=reason))
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.PUBLISHED
    assert flagged.live_revision.red_flag_override == reason
    event = overrides().get()
    assert event.detail["reason"] == reason
    assert event.detail["signs"] == [MISPLACED]
    assert event.actor_email == reviewer.email
    revisions_page = client.get(reverse("admin:education_article_revisions", args=[flagged.pk])).text
    assert reason in revisions_page


def test_a_page_without_red_flags_publishes_without_a_reason(
    client, reviewer, reviewer_surgeon, flagged, verified_login
):
    flagged.warning_signs.update(urgency="emergency")
    services.article_submit_for_review(article=flagged)  # the new version is the one sent for review
    verified_login(client, reviewer)
    url = reverse("admin:education_article_review", args=[flagged.pk])
    assert 'name="red_flag_override"' not in client.get(url).text
    assert client.post(url, review_post(flagged, _publish="1")).status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.PUBLISHED
    assert flagged.live_revision.red_flag_override == ""


def test_bulk_publish_holds_a_flagged_article(client, reviewer, reviewer_surgeon, flagged, verified_login):
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:education_article_changelist"),
        {"action": "publish", "_selected_action": [flagged.pk]},
        follow=True,
    )
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.IN_REVIEW
    assert "review page" in response.text


CLINIC_WIDE_ADD = {"article": "", "language": "en", "urgency": "call_clinic", "group": "", "order": "0"}


def test_a_clinic_wide_red_flag_is_refused_without_a_reason(client, reviewer, verified_login):
    verified_login(client, reviewer)
    response = client.post(reverse("admin:education_warningsign_add"), {**CLINIC_WIDE_ADD, "text": MISPLACED})
    assert response.status_code == 200
    assert "Not published" in response.text
    assert not WarningSign.objects.filter(text=MISPLACED).exists()


def test_a_clinic_wide_red_flag_with_a_reason_is_saved_audited_and_in_its_history(client, reviewer, verified_login):
    verified_login(client, reviewer)
    reason = "Shown next to the 911 box on every page; agreed at the safety meeting."
    response = client.post(
        reverse("admin:education_warningsign_add"),
        {**CLINIC_WIDE_ADD, "text": MISPLACED, "red_flag_override": reason},
    )
    assert response.status_code == 302
    sign = WarningSign.objects.get(text=MISPLACED)
    assert overrides().get().detail["reason"] == reason
    assert reason in sign.history.latest().history_change_reason


def test_a_clinic_wide_clinic_sign_needs_no_reason(client, reviewer, verified_login):
    verified_login(client, reviewer)
    response = client.post(reverse("admin:education_warningsign_add"), {**CLINIC_WIDE_ADD, "text": "A mild fever"})
    assert response.status_code == 302
    assert not overrides().exists()


FLAGGED_PAGE = """Test Page
An introduction in plain words.
Summary
A short summary.
When to See a Specialist?
- Trouble passing urine
When to Go to the Emergency Room?
- Heavy bleeding from the wound

Dr. Test Surgeon
I am Dr. Test Surgeon. I wrote this page and I approve all of it.
"""


@pytest.fixture
def flagged_page(tmp_path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(FLAGGED_PAGE)
    return path


@pytest.mark.django_db
def test_import_publish_with_a_red_flag_is_refused_and_writes_nothing(flagged_page):
    with pytest.raises(CommandError, match="--override-red-flag"):
        call_command("import_article", str(flagged_page), "--publish", stdout=StringIO(), stderr=StringIO())
    assert not Article.all_objects.filter(slug="test-page").exists()


@pytest.mark.django_db
def test_import_publish_with_an_override_reason_publishes_and_audits(flagged_page):
    reason = "Imported for the pilot; the nurse line triages urine retention."
    call_command(
        "import_article", str(flagged_page), "--publish", "--override-red-flag", reason,
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    article = Article.all_objects.get(slug="test-page")
    assert article.is_published
    assert article.live_revision.red_flag_override == reason
    assert overrides().get().detail["reason"] == reason


@pytest.mark.django_db
def test_override_reason_only_goes_with_publish(flagged_page):
    with pytest.raises(CommandError, match="only goes with --publish"):
        call_command("import_article", str(flagged_page), "--override-red-flag", "x", stdout=StringIO())
    assert not ArticleRevision.objects.exists()

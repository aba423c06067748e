"""Who sees what on the content insights pages: editors see counts; medical reviewers (allowed to see
patient data) also read what patients said was unclear, and each such read is audited."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from insights.models import HelpfulVote
from portal.audit.models import AuditEvent
from tests.factories import ArticleFactory, PatientFactory, SectionFactory


@pytest.fixture
def article(db):
    article = ArticleFactory(title="Neck pain")
    section = SectionFactory(article=article, kind="recovery", heading="Getting better")
    HelpfulVote.objects.create(
        patient=PatientFactory(), article=article, part="section", part_key=section.key, helpful=False,
        unclear="What does fusion mean", created_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    return article


def test_an_editor_sees_the_counts_but_not_what_patients_wrote(client, verified_login, editor, article):
    verified_login(client, editor)
    page = client.get(reverse("admin:insights_article", args=[article.pk]))
    assert page.status_code == 200
    assert "Getting better" in page.text
    assert "What does fusion mean" not in page.text
    assert not AuditEvent.objects.filter(detail__page="content insights: what was unclear").exists()
    assert client.get(reverse("admin:insights_helpfulvote_changelist")).status_code == 403


def test_a_reviewer_reads_what_was_unclear_and_the_read_is_audited(client, verified_login, reviewer, article):
    verified_login(client, reviewer)
    page = client.get(reverse("admin:insights_article", args=[article.pk]))
    assert "What does fusion mean" in page.text
    event = AuditEvent.objects.get(detail__page="content insights: what was unclear")
    assert (event.action, event.actor_id, event.target_id, event.detail["texts"]) == (
        AuditEvent.Action.PATIENT_DATA_READ, reviewer.pk, str(article.pk), 1
    )  # fmt: skip


def test_the_list_of_helpful_votes_is_audited(client, verified_login, reviewer, article):
    verified_login(client, reviewer)
    assert client.get(reverse("admin:insights_helpfulvote_changelist")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PATIENT_DATA_READ, detail__page="list").exists()


def test_the_admin_home_links_to_the_insights(client, verified_login, editor, billing):
    verified_login(client, editor)
    assert reverse("admin:insights_overview") in client.get(reverse("admin:index")).text
    client.logout()
    verified_login(client, billing)
    assert reverse("admin:insights_overview") not in client.get(reverse("admin:index")).text


@pytest.mark.parametrize("name", ["admin:insights_overview"])
def test_staff_without_the_right_and_patients_are_kept_out(client, verified_login, billing, patient, name):
    verified_login(client, billing)
    assert client.get(reverse(name)).status_code == 403
    client.force_login(patient)
    assert client.get(reverse(name)).status_code == 302


def test_a_draft_or_unknown_article_is_404(client, verified_login, editor):
    verified_login(client, editor)
    draft = ArticleFactory(status="draft")
    assert client.get(reverse("admin:insights_article", args=[draft.pk])).status_code == 404


def test_a_bad_period_is_a_400_with_a_message(client, verified_login, editor):
    verified_login(client, editor)
    response = client.get(reverse("admin:insights_overview"), {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.status_code == 400
    assert "The first day must come before the last day." in response.text


def test_the_csv_goes_through_the_safe_writer_and_is_audited(client, verified_login, editor):
    ArticleFactory(title="=HYPERLINK(1)")
    verified_login(client, editor)
    response = client.get(reverse("admin:insights_overview"), {"format": "csv", "table": "articles"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CSV_EXPORTED, detail__export="insights-articles").exists()


def test_the_weekly_summary_can_be_switched_off_and_on(client, verified_login, editor):
    from insights.models import SummaryPreference

    verified_login(client, editor)
    client.post(reverse("admin:insights_summary_switch"), {})
    assert SummaryPreference.objects.get(user=editor).weekly_summary is False
    client.post(reverse("admin:insights_summary_switch"), {"weekly_summary": "on"})
    assert SummaryPreference.objects.get(user=editor).weekly_summary is True


def test_questions_patients_sent_are_counted_and_linked_only_for_staff_who_may_read_them(
    client, verified_login, editor, reviewer, article
):
    from care.models import PatientQuestion
    from tests.factories import AssignmentFactory

    assignment = AssignmentFactory(patient=PatientFactory(), article=article)
    PatientQuestion.objects.create(patient=assignment.patient, assignment=assignment, text="Can I swim?")
    url = reverse("admin:insights_article", args=[article.pk])
    questions = reverse("admin:care_patientquestion_changelist") + f"?assignment__article__id__exact={article.pk}"

    verified_login(client, editor)
    page = client.get(url).text
    assert "1 question in this period." in page
    assert "Read them" not in page

    client.logout()
    verified_login(client, reviewer)
    page = client.get(url).text
    assert f'href="{questions.replace("&", "&amp;")}"' in page
    listed = client.get(questions)
    assert listed.status_code == 200
    assert "Can I swim?" in listed.text


def test_a_reviewer_sees_only_what_their_care_teams_patients_wrote(client, verified_login, article):
    from care.models import CareTeam
    from portal.accounts.roles import Role
    from tests.factories import UserFactory

    elsewhere = UserFactory(role=Role.MEDICAL_REVIEWER, care_team=CareTeam.objects.create(name="Another team"))
    verified_login(client, elsewhere)
    page = client.get(reverse("admin:insights_article", args=[article.pk]))
    assert page.status_code == 200
    assert "What does fusion mean" not in page.text
    assert "<td>1</td>" in page.text  # the count of "no" answers is not patient data: it stays
    vote = HelpfulVote.objects.get()
    assert client.get(reverse("admin:insights_helpfulvote_change", args=[vote.pk])).status_code == 404

"""Issue 26: a change to a published article is a revision, never a row (as in Wagtail). The draft form
(`/admin/education/article/<id>/draft/`) is built from the latest revision; posting it, as a browser
posts it, records a new revision and writes no row of the article or its parts; patients keep the
published text until a medical reviewer publishes."""

import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from education import services
from education.models import Article, ArticleRevision, TeachBackQuestion
from tests.admin_forms import draft_form_data
from tests.factories import (
    ArticleFactory,
    FAQFactory,
    FigureFactory,
    SectionFactory,
    SurgeonFactory,
    TeachBackQuestionFactory,
)
from tests.publishing import submit_and_publish


@pytest.fixture
def live(db, reviewer):
    SurgeonFactory(user=reviewer, approves_content=True)
    article = ArticleFactory(status=Article.Status.DRAFT, slug="fusion", title="Fusion")
    recovery = SectionFactory(article=article, kind="recovery", heading="Recovery", body="Walk a little every day.")
    SectionFactory(article=article, kind="overview", heading="Overview", body="What fusion is.")
    FigureFactory(article=article, caption="The spine", section=recovery)
    FAQFactory(article=article, question="When can I shower?", answer="After two days.")
    TeachBackQuestionFactory(
        article=article,
        question="When can you drive?",
        options=[{"text": "After two weeks", "correct": True}, {"text": "The next day", "correct": False}],
    )
    return submit_and_publish(article=article, user=reviewer)


def education_rows() -> dict[str, int]:
    """How many rows every education model holds, revisions aside."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("education").get_models()
        if model is not ArticleRevision
    }


def field_index(data, prefix, field, value) -> str:
    return next(key.split("-")[1] for key, posted in data.items() if key.startswith(f"{prefix}-") and
                key.endswith(f"-{field}") and posted == [value])  # fmt: skip


def post_draft(client, live, data):
    return client.post(reverse("admin:education_article_draft", args=[live.pk]), data)


def test_posting_the_draft_form_records_a_revision_and_writes_no_rows(client, editor, patient, live, verified_login):
    verified_login(client, editor)
    data = draft_form_data(client, live)
    data[f"sections-{field_index(data, 'sections', 'heading', 'Recovery')}-body"] = ["Walk twice a day."]
    rows, revisions_before = education_rows(), live.revisions.count()

    response = post_draft(client, live, data)

    assert response.status_code == 302
    assert education_rows() == rows
    assert live.revisions.count() == revisions_before + 1
    live.refresh_from_db()
    assert live.latest_revision.kind == ArticleRevision.Kind.SAVED
    assert live.latest_revision.created_by == editor
    assert live.changes_status == Article.Status.DRAFT
    content = live.latest_revision.content
    assert [row["body"] for row in content["sections"]][0] == "Walk twice a day."
    # Parts keep their keys, so publishing updates them in place.
    assert {row["key"] for row in content["sections"]} == {str(k) for k in live.sections.values_list("key", flat=True)}
    assert content["figures"][0]["section"] == content["sections"][0]["key"]
    client.force_login(patient)
    page = client.get(live.get_absolute_url()).text
    assert "Walk a little every day." in page
    assert "Walk twice a day." not in page


def test_the_form_reopens_the_saved_draft_and_publishing_shows_it_to_patients(
    client, editor, reviewer, patient, live, verified_login
):
    verified_login(client, editor)
    data = draft_form_data(client, live, _submit_for_review="1")
    data[f"sections-{field_index(data, 'sections', 'heading', 'Recovery')}-body"] = ["Walk twice a day."]
    assert post_draft(client, live, data).status_code == 302
    assert "Walk twice a day." in client.get(reverse("admin:education_article_draft", args=[live.pk])).text
    live.refresh_from_db()
    assert live.changes_status == Article.Status.IN_REVIEW

    submit_and_publish(article=live, user=reviewer)
    client.force_login(patient)
    assert "Walk twice a day." in client.get(live.get_absolute_url()).text


def test_parts_added_removed_and_answer_keys_survive_a_draft(client, editor, reviewer, live, verified_login):
    option_keys = [option["key"] for option in live.teach_back_questions.get().options]
    verified_login(client, editor)
    data = draft_form_data(client, live)
    # The browser removes the FAQ's block and adds a new section (a form the page's script copies).
    faq = field_index(data, "faqs", "question", "When can I shower?")
    data = {key: value for key, value in data.items() if not key.startswith(f"faqs-{faq}-")}
    data["faqs-TOTAL_FORMS"] = ["0"]
    data["sections-TOTAL_FORMS"] = ["3"]
    data.update({"sections-2-kind": ["complications"], "sections-2-heading": ["Risks"], "sections-2-body": ["Few."]})
    data["sections-2-article"] = [str(live.pk)]
    question = field_index(data, "teach_back_questions", "question", "When can you drive?")
    data[f"teach_back_questions-{question}-options"] = ["* After two full weeks\nThe next day"]
    rows = education_rows()

    assert post_draft(client, live, data).status_code == 302

    assert education_rows() == rows
    live.refresh_from_db()
    content = live.latest_revision.content
    assert content["faqs"] == []
    assert [row["heading"] for row in content["sections"]] == ["Recovery", "Overview", "Risks"]
    assert [option["key"] for option in content["teach_back_questions"][0]["options"]] == option_keys
    submit_and_publish(article=live, user=reviewer)
    assert not live.faqs.exists()
    assert live.sections.count() == 3
    assert [option["key"] for option in TeachBackQuestion.objects.get(article=live).options] == option_keys


def test_a_reviewer_saves_and_publishes_their_own_draft(client, reviewer, patient, live, verified_login):
    verified_login(client, reviewer)
    data = draft_form_data(client, live, _publish="1")
    data[f"sections-{field_index(data, 'sections', 'heading', 'Recovery')}-body"] = ["Walk three times a day."]
    response = post_draft(client, live, data)
    assert response.url == reverse("admin:education_article_change", args=[live.pk])
    live.refresh_from_db()
    assert not live.has_unpublished_changes
    assert live.live_revision.published_by == reviewer
    client.force_login(patient)
    assert "Walk three times a day." in client.get(live.get_absolute_url()).text


def test_an_invalid_draft_shows_the_errors_and_writes_nothing(client, editor, live, verified_login):
    verified_login(client, editor)
    data = draft_form_data(client, live)
    data["title"] = [""]
    data[f"sections-{field_index(data, 'sections', 'heading', 'Recovery')}-body"] = [""]
    rows, revisions_before = education_rows(), live.revisions.count()

    response = post_draft(client, live, data)

    assert response.status_code == 200
    assert response.context["errors"]
    assert education_rows() == rows
    assert live.revisions.count() == revisions_before


def test_no_model_can_hold_a_working_copy_and_a_draft_edit_adds_no_article(client, editor, live, verified_login):
    for model in apps.get_models():
        assert "draft_for" not in {field.name for field in model._meta.get_fields()}, model._meta.label
    verified_login(client, editor)
    data = draft_form_data(client, live, title="Fusion, changed")
    assert post_draft(client, live, data).status_code == 302
    assert list(Article.all_objects.values_list("title", flat=True)) == ["Fusion"]
    assert services.draft_content(Article.all_objects.get()).get("title") == "Fusion, changed"


def test_an_article_never_published_is_edited_in_its_own_form(client, editor, verified_login):
    article = ArticleFactory(status=Article.Status.DRAFT)
    verified_login(client, editor)
    response = client.get(reverse("admin:education_article_draft", args=[article.pk]))
    assert response.url == reverse("admin:education_article_change", args=[article.pk])


def test_a_picture_uploaded_in_a_draft_is_a_file_the_revision_names(
    client, editor, reviewer, live, verified_login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    picture = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(picture, "PNG")
    verified_login(client, editor)
    data = draft_form_data(client, live)
    figure = field_index(data, "figures", "caption", "The spine")
    data[f"figures-{figure}-alt_text"] = ["A drawing of the spine."]
    data[f"figures-{figure}-image"] = SimpleUploadedFile("spine.png", picture.getvalue(), content_type="image/png")
    rows = education_rows()

    assert post_draft(client, live, data).status_code == 302

    assert education_rows() == rows
    live.refresh_from_db()
    name = live.latest_revision.content["figures"][0]["image"]
    assert name
    assert (tmp_path / name).exists()
    assert not live.figures.get().image
    submit_and_publish(article=live, user=reviewer)
    assert live.figures.get().image.name == name

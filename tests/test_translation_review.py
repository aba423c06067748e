"""A translation is content like any other: an editor updates it, a medical reviewer publishes it."""

from datetime import date

import pytest
from django.urls import reverse

from education.models import Article
from tests.admin_forms import draft_form_data
from tests.factories import ArticleFactory, FAQFactory, SectionFactory, SurgeonFactory, WarningSignFactory
from tests.publishing import save_change, submit_and_publish


@pytest.fixture
def out_of_date_translation(db, reviewer):
    SurgeonFactory(user=reviewer, approves_content=True)
    english = ArticleFactory(slug="neck-surgery", status=Article.Status.DRAFT, reviewed_on=date(2026, 6, 1))
    SectionFactory(article=english, body="Rest for two weeks.")
    submit_and_publish(article=english, user=reviewer)
    spanish = ArticleFactory(
        slug="cirugia-de-cuello", title="Cirugía de cuello", language="es", translation_of=english,
        status=Article.Status.DRAFT, reviewed_on=date(2026, 2, 1),
    )  # fmt: skip
    SectionFactory(article=spanish, body="Descanse una semana.")
    submit_and_publish(article=spanish, user=reviewer)
    # The English is changed and published again: the Spanish no longer says the same.
    save_change(english)
    submit_and_publish(article=english, user=reviewer)
    spanish.refresh_from_db()
    return spanish


def test_editor_updates_the_translation_and_reviewer_publishes_it(
    client, editor, reviewer, out_of_date_translation, verified_login
):
    spanish = out_of_date_translation
    assert spanish.is_translation_out_of_date()

    verified_login(client, editor)
    url = reverse("admin:education_article_draft", args=[spanish.pk])
    data = draft_form_data(client, spanish, **{"sections-0-body": "Descanse dos semanas.", "_submit_for_review": "1"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    spanish.refresh_from_db()
    assert spanish.changes_status == Article.Status.IN_REVIEW
    assert spanish.translation_of.slug == "neck-surgery"
    assert spanish.is_published
    assert spanish.sections.get().body == "Descanse una semana."

    client.logout()
    verified_login(client, reviewer)
    client.post(reverse("admin:education_article_changelist"), {"action": "publish", "_selected_action": [spanish.pk]})
    spanish.refresh_from_db()
    assert spanish.status == Article.Status.PUBLISHED
    assert spanish.sections.get().body == "Descanse dos semanas."
    assert not spanish.is_translation_out_of_date()
    assert spanish.revisions.filter(kind="published").count() >= 2  # first publication and this one


def test_a_translation_waiting_for_review_is_not_shown_as_spanish(patient_client, out_of_date_translation):
    """While the update waits for review, a Spanish reader gets the English, marked as English."""
    Article.all_objects.filter(pk=out_of_date_translation.pk).update(status=Article.Status.IN_REVIEW)
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    response = patient_client.get(reverse("education:article_detail", args=["neck-surgery"]))
    assert response.status_code == 200
    assert "Disponible solo en inglés" in response.text
    assert "Rest for two weeks." in response.text


def test_editor_starts_a_spanish_translation_as_a_draft_copy_of_every_part(client, editor, verified_login):
    english = ArticleFactory(slug="hip-surgery", title="Hip surgery")
    SectionFactory(article=english, body="Walk a little every day.")
    FAQFactory(article=english, question="Can I drive?")
    WarningSignFactory(article=english, text="A fever over 101 °F")
    verified_login(client, editor)
    changelist = reverse("admin:education_article_changelist")
    action = {"action": "start_spanish_translation", "_selected_action": [english.pk]}

    response = client.post(changelist, action, follow=True)
    spanish = Article.all_objects.get(translation_of=english)
    assert "is a Spanish draft" in response.text
    assert (spanish.language, spanish.status, spanish.slug) == ("es", Article.Status.DRAFT, "hip-surgery-es")
    assert [s.body for s in spanish.sections.all()] == ["Walk a little every day."]
    assert [f.question for f in spanish.faqs.all()] == ["Can I drive?"]
    assert [(w.text, w.language) for w in spanish.warning_signs.all()] == [("A fever over 101 °F", "es")]

    response = client.post(changelist, action, follow=True)
    assert "already has a translation" in response.text
    assert Article.all_objects.filter(translation_of=english).count() == 1

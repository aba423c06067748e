"""The portal in Spanish: switching, fallback marking, Spanish content and its review."""

from datetime import date

import pytest
from django.urls import reverse

from education.importer import parse_article
from education.models import Article
from tests.factories import ArticleFactory, AssignmentFactory, FAQFactory, SectionFactory, SurgeonFactory
from tests.publishing import save_change, submit_and_publish


@pytest.fixture
def english(db):
    article = ArticleFactory(title="Neck surgery", slug="neck-surgery", reviewed_on=date(2026, 1, 5))
    SectionFactory(article=article, body="English text.")
    return article


@pytest.fixture
def spanish(english):
    article = ArticleFactory(
        title="Cirugía de cuello",
        slug="cirugia-de-cuello",
        language="es",
        translation_of=english,
        reviewed_on=date(2026, 2, 1),
    )
    SectionFactory(article=article, body="Texto en español.")
    return article


def switch(client, language, next_url="/"):
    return client.post(reverse("language_switch"), {"language": language, "next": next_url})


def test_switching_is_remembered_on_the_account(patient_client, patient):
    response = switch(patient_client, "es", "/me/")
    assert response.url == "/me/"
    patient.refresh_from_db()
    assert patient.preferred_language == "es"
    html = patient_client.get(reverse("home")).text
    assert '<html lang="es">' in html


def test_the_account_language_wins_over_the_browser(client, patient):
    patient.preferred_language = "es"
    patient.save()
    client.force_login(patient)
    assert '<html lang="es">' in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").text


def test_the_browser_language_is_used_before_login(client, db):
    assert '<html lang="es">' in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").text


def test_an_unknown_language_is_refused_politely(patient_client):
    response = switch(patient_client, "fr")
    assert response.status_code == 400


def test_a_spanish_reader_is_sent_to_the_published_translation(patient_client, patient, english, spanish):
    switch(patient_client, "es")
    response = patient_client.get(english.get_absolute_url())
    assert response.status_code == 302
    assert response.url == spanish.get_absolute_url()
    assert "Texto en español." in patient_client.get(response.url).text


def test_an_english_reader_is_sent_to_the_original(patient_client, english, spanish):
    assert patient_client.get(spanish.get_absolute_url()).url == english.get_absolute_url()


def test_untranslated_articles_are_marked_available_in_english_only(patient_client, english):
    assert "Available in English only" not in patient_client.get(english.get_absolute_url()).text
    switch(patient_client, "es")
    html = patient_client.get(english.get_absolute_url()).text
    assert 'lang="en"' in html
    assert "Available in English only" in html or "Disponible solo en inglés" in html


def test_lists_show_the_translation_not_both(patient_client, english, spanish):
    switch(patient_client, "es")
    html = patient_client.get(reverse("education:article_list")).text
    assert "Cirugía de cuello" in html
    assert "Neck surgery" not in html
    switch(patient_client, "en")
    html = patient_client.get(reverse("education:article_list")).text
    assert "Neck surgery" in html
    assert "Cirugía de cuello" not in html


def test_a_draft_translation_is_not_shown(patient_client, english, spanish):
    Article.all_objects.filter(pk=spanish.pk).update(status=Article.Status.DRAFT)
    switch(patient_client, "es")
    assert patient_client.get(english.get_absolute_url()).status_code == 200


def test_faqs_follow_the_language(patient_client, english, spanish):
    FAQFactory(article=english, question="Does it hurt?")
    FAQFactory(article=spanish, question="¿Duele?")
    switch(patient_client, "es")
    html = patient_client.get(reverse("education:faq_list")).text
    assert "¿Duele?" in html
    assert "Does it hurt?" not in html


def test_faq_topics_offered_are_those_of_the_questions_shown(patient_client, english, spanish):
    FAQFactory(article=english, question="Does it hurt?", topic="Neck surgery")
    FAQFactory(article=spanish, question="¿Duele?", topic="Cirugía de cuello")
    switch(patient_client, "es")
    choices = dict(patient_client.get(reverse("education:faq_list")).context["form"].fields["topic"].choices)
    assert "Cirugía de cuello" in choices
    assert "Neck surgery" not in choices


def test_my_page_lists_an_assigned_article_by_its_translation(patient_client, patient, english, spanish):
    assignment = AssignmentFactory(patient=patient, article=english)
    switch(patient_client, "es")
    html = patient_client.get(reverse("care:my_page")).text
    assert "Cirugía de cuello" in html
    assert "Neck surgery" not in html
    patient_client.get(spanish.get_absolute_url())
    assignment.refresh_from_db()
    assert assignment.opened_at is not None  # reading the translation is reading the assignment


def test_a_surgeon_page_lists_articles_in_the_readers_language_and_marks_the_english_profile(
    patient_client, english, spanish
):
    Article.all_objects.filter(pk=spanish.pk).update(author=english.author, medical_reviewer=english.author)
    switch(patient_client, "es")
    html = patient_client.get(english.author.get_absolute_url()).text
    assert "Cirugía de cuello" in html
    assert "Neck surgery" not in html
    assert "Disponible solo en inglés" in html  # profiles are written in English


def test_spanish_search_finds_spanish_text(patient_client, english, spanish):
    spanish.refresh_text_stats()
    english.refresh_text_stats()
    switch(patient_client, "es")
    results = patient_client.get(reverse("education:search"), {"q": "español"}).context_data["results"]
    assert {r.article for r in results.answers if r.type == "section"} == {"Cirugía de cuello"}


def republish(article, reviewer):
    """A reviewer publishes a new revision of `article` (a draft saved with no change)."""
    save_change(article)
    return submit_and_publish(article=article, user=reviewer)


@pytest.fixture
def english_published_again(english, spanish, reviewer):
    SurgeonFactory(user=reviewer, approves_content=True)
    republish(english, reviewer)
    republish(spanish, reviewer)  # translated from the English as published now
    spanish.refresh_from_db()
    assert not spanish.is_translation_out_of_date()
    republish(english, reviewer)
    spanish.refresh_from_db()
    return spanish


def test_the_translation_goes_out_of_date_when_the_english_is_published_again(english_published_again):
    assert english_published_again.is_translation_out_of_date()


def test_reviewer_sees_out_of_date_translations_in_the_admin(client, editor, english_published_again, verified_login):
    verified_login(client, editor)
    html = client.get(reverse("admin:education_article_changelist"), {"translation": "out_of_date"}).text
    assert "Cirugía de cuello" in html
    assert "Out of date (English changed since)" in html  # the filter (issue 34: the list keeps five columns)


def test_the_importer_reads_a_spanish_page():
    from pathlib import Path

    parsed = parse_article((Path(__file__).parent / "data" / "pagina_clinica.txt").read_text(), language="es")
    assert [s.kind for s in parsed.sections] == ["epidemiology", "non_surgical", "surgical"]
    assert [(p.cpt, p.name, str(p.amount)) for p in parsed.procedures] == [
        ("63020", "Discectomía cervical mínimamente invasiva", "271.49")
    ]
    assert [(f.question, f.answer) for f in parsed.faqs] == [
        ("¿Cuánto tiempo estaré en el hospital?", "La mayoría de las personas vuelve a casa el mismo día."),
        ("¿Puedo manejar después de la cirugía?", "Espere hasta que ya no tome medicinas fuertes para el dolor."),
    ]
    assert [(w.urgency, w.group) for w in parsed.warning_signs] == [
        ("call_clinic", ""),
        ("emergency", "Sospecha de derrame cerebral"),
    ]


def test_the_import_command_links_a_translation(english):
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    path = Path(__file__).parent / "data" / "pagina_clinica.txt"
    call_command(
        "import_article",
        str(path),
        "--language",
        "es",
        "--translation-of",
        english.slug,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    translation = Article.all_objects.get(language="es")
    assert translation.translation_of == english
    assert translation.status == Article.Status.DRAFT  # a translation is reviewed like any article


def test_english_general_content_shown_to_a_spanish_reader_is_marked(patient_client, db):
    """Without Spanish glossary terms, general FAQs or warning signs, the English ones show, marked."""
    from tests.factories import GlossaryTermFactory, WarningSignFactory

    GlossaryTermFactory(term="Disc", language="en")
    FAQFactory(article=None, question="Where do I park?", language="en")
    WarningSignFactory(article=None, text="A fever over 101 °F", language="en")
    switch(patient_client, "es")
    english_parts = {
        "education:glossary": '<dt id="disc" lang="en">',
        "education:faq_list": '<section class="mb-4" lang="en">',
        "education:warning_sign_guide": '<fieldset lang="en">',
    }
    for name, english_part in english_parts.items():
        html = patient_client.get(reverse(name)).text
        assert "Disponible solo en inglés" in html, name
        assert english_part in html, name  # screen readers read it with an English voice


def test_did_you_mean_suggests_words_of_the_readers_language(patient_client, english, spanish):
    SectionFactory(article=english, body="A herniated disc.")
    SectionFactory(article=spanish, body="Una hernia herniada.")
    english.refresh_text_stats()
    spanish.refresh_text_stats()
    # "herniad" is closer to the Spanish "herniada" than to "herniated".
    english_results = patient_client.get(reverse("education:search"), {"q": "herniad"}).context_data["results"]
    assert english_results.suggestion == "herniated"
    switch(patient_client, "es")
    spanish_results = patient_client.get(reverse("education:search"), {"q": "herniadda"}).context_data["results"]
    assert spanish_results.suggestion == "herniada"


def test_a_question_or_warning_sign_is_written_in_its_articles_language(english, spanish):
    """Parts an editor adds in the admin take the article's language, also when it changes."""
    from tests.factories import WarningSignFactory

    faq = FAQFactory(article=spanish, question="¿Duele?")
    sign = WarningSignFactory(article=spanish, text="Fiebre")
    assert (faq.language, sign.language) == ("es", "es")
    spanish.language = "en"
    spanish.save()
    faq.refresh_from_db()
    sign.refresh_from_db()
    assert (faq.language, sign.language) == ("en", "en")

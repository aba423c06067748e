"""Search as patients write: warning signs first, lay words, forgiving queries, text snippets."""

import pytest
from django.urls import reverse

from education import search as search_module
from education.markdown import markdown_to_text
from education.models import SearchSynonym
from tests.factories import ArticleFactory, FAQFactory, SectionFactory, WarningSignFactory


def publish(title, body, heading="More information", kind="other", **kwargs):
    article = ArticleFactory(title=title, summary="About it.", **kwargs)
    SectionFactory(article=article, kind=kind, heading=heading, body=body)
    article.refresh_text_stats()
    return article


def search(client, q):
    return client.get(reverse("education:search"), {"q": q})


@pytest.fixture
def after_surgery(db):
    article = publish(
        "After your operation", "Rest at home. A mild fever on day one can happen.", is_post_operative=True
    )
    WarningSignFactory(article=article, urgency="call_clinic", text="A temperature over 101 degrees")
    WarningSignFactory(
        article=article, urgency="emergency", group="Sepsis", text="A high fever with shaking chills and a racing heart"
    )
    return article


def test_a_matching_warning_sign_is_shown_above_everything_in_its_urgency_words(patient_client, after_surgery):
    response = search(patient_client, "fever")
    results = response.context_data["results"]
    assert results.all[0].type == "warning"
    # Safe first (issue 31): the emergency sign above the call-the-clinic one, though “temperature” ranks higher.
    titles = [sign.title for sign in results.warnings]
    assert titles == ["Go to the emergency room or call 911", "Call the clinic today"]
    assert results.warnings[1].url == reverse("education:warning_sign_guide")
    html = response.text
    assert html.index("warning-emergency") < html.index("warning-clinic") < html.index("Best answers")
    assert "Check your warning signs in the guide" in html


def test_a_spanish_reader_sees_the_signs_in_spanish_words(patient_client, patient, db):
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    article = publish("Después de la operación", "Descanse en casa.", language="es", is_post_operative=True)
    WarningSignFactory(article=article, urgency="emergency", text="Sangrado fuerte de la herida")
    response = search(patient_client, "sangrado")
    assert response.context_data["results"].warnings[0].title == "Vaya a la sala de emergencias o llame al 911"
    assert "Revise sus señales de alerta en la guía" in response.text


def test_signs_do_not_jump_up_for_one_word_of_a_longer_question(patient_client, after_surgery):
    publish("Work", "Most people go back to work in a few weeks.")
    assert search(patient_client, "can I go back to work").context_data["results"].warnings == []


def test_a_question_shaped_query_finds_the_passage_with_some_of_its_words(patient_client, db):
    publish("Healing", "Most people heal in six weeks.", heading="Recovery", kind="recovery")
    results = search(patient_client, "how many weeks will my healing need").context_data["results"]
    assert results.answers[0].title == "Recovery"
    assert results.broadened


def test_every_word_matches_rank_above_some_word_matches(patient_client, db):
    publish("One", "Walking helps the back.")
    publish("Two", "Walking after surgery helps the back heal.")
    answers = search(patient_client, "walking after surgery").context_data["results"].answers
    assert answers[0].article == "Two"


def test_a_synonym_from_the_admin_list_finds_the_other_word(patient_client, db):
    SearchSynonym.objects.create(language="en", words="stitches, incision")
    publish("Wound care", "Keep the incision dry for two days.")
    answers = search(patient_client, "stitches").context_data["results"].answers
    assert answers
    assert answers[0].article == "Wound care"


def test_a_glossary_alias_works_as_a_synonym(patient_client, db):
    from tests.factories import GlossaryTermFactory

    GlossaryTermFactory(term="Deep vein thrombosis", slug="dvt", also_known_as="blood clot")
    publish("Clots", "Deep vein thrombosis can follow surgery.")
    answers = search(patient_client, "blood clot").context_data["results"].answers
    assert "Clots" in [answer.article for answer in answers]


def test_a_correctly_spelt_common_word_is_never_replaced(db):
    publish("Roots", "A nerve root can be pinched.")
    assert search_module.suggest("emergency room") == ""


def test_a_correction_is_offered_only_when_it_finds_something(patient_client, db):
    publish("Discs", "A herniated disc presses on a nerve.")
    results = search(patient_client, "herniatd").context_data["results"]
    assert results.suggestion == "herniated"
    assert search(patient_client, "qwzxvb").context_data["results"].suggestion == ""


def test_a_misspelt_word_is_corrected_on_its_own_in_a_longer_query(db):
    publish("Discs", "A herniated disc presses on a nerve.")
    assert search_module.suggest("herniatd disc pain") == "herniated disc pain"


def test_snippets_are_made_from_the_text_not_the_markdown(patient_client, db):
    publish("Costs", "### Medicare - CPT 63030\n\n- **Surgeon** fee is [paid](https://example.com) in part.")
    snippet = str(search(patient_client, "medicare").context_data["results"].answers[0].snippet)
    assert "###" not in snippet
    assert "**" not in snippet
    assert "https://" not in snippet
    assert "CPT 63030" in snippet


def test_a_faq_links_to_its_place_on_the_article(patient_client, db):
    article = publish("Back to work", "Rest first.")
    faq = FAQFactory(article=article, question="When can I drive?", answer="After two weeks.")
    answers = search(patient_client, "drive").context_data["results"].answers
    assert answers[0].url == f"{article.get_absolute_url()}#faq-{faq.pk}"


def test_plain_text_drops_markdown_marks():
    assert markdown_to_text("### Medicare - CPT 63030\n1. **One** [link](/x)") == ("Medicare - CPT 63030\nOne link")


def test_a_heading_match_outranks_a_passing_mention(patient_client, db):
    article = ArticleFactory(title="Living with it", summary="Day to day.")
    SectionFactory(article=article, kind="other", heading="Work and money", body="Talk to your boss. Sleep helps.")
    SectionFactory(article=article, kind="other", heading="Sleep", body="Lie on your side with a pillow.", order=2)
    article.refresh_text_stats()
    answers = search(patient_client, "sleep").context_data["results"].answers
    assert [answer.title for answer in answers[:2]] == ["Sleep", "Work and money"]

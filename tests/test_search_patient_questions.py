"""Patients' questions as they type them (issue 31, relevance second round).

A question finds the FAQ asked the same way first; a warning sign is raised only by whole words
of the question (“lot” is not “clot”); everyday ways of describing a symptom, typed with a
phone's curly apostrophe, find the sign in both languages.
"""

import pytest
from django.utils import translation

from education import search
from education.demo import demo_load, glossary_load
from tests.factories import ArticleFactory, FAQFactory, WarningSignFactory


def found(query, language="en"):
    with translation.override(language):
        return search.search(query, language)


def test_the_faq_asked_the_way_the_patient_asks_comes_first(db):
    article = ArticleFactory(title="Caring for your cut")
    FAQFactory(
        article=article,
        question="Shower and stitches: what the nurse checks",
        answer="After a shower the nurse checks the stitches. Keep the stitches dry in the shower.",
    )
    FAQFactory(article=article, question="Can I have a shower when I have stitches?", answer="Yes, after two days.")

    results = found("can I have a shower if I have stitches")

    assert [answer.title for answer in results.answers[:2]] == [
        "Can I have a shower when I have stitches?",
        "Shower and stitches: what the nurse checks",
    ]


def test_the_title_likeness_weighs_words_that_carry_meaning_above_stopwords():
    question = "can I have it if I had spine surgery before"

    asked_alike = search.title_match("Can I have this if I have had spine surgery before?", question, "en")
    same_topic = search.title_match("Does this hurt less than regular spine surgery?", question, "en")
    only_stopwords = search.title_match("Can I go back to work after this?", "how soon can i go home", "en")

    assert asked_alike > 0.8
    assert same_topic < 0.5
    assert only_stopwords < 0.5


def test_a_sign_is_raised_by_whole_words_not_letters_inside_them(db):
    WarningSignFactory(text="A blood clot in the leg", urgency="call_clinic")

    assert not found("will there be a lot of pain").warnings  # “lot” is inside “clot”
    assert [sign.key for sign in found("clot in my leg").warnings] == ["warning:A blood clot in the leg"]


@pytest.mark.parametrize(
    ("query", "language", "sign"),
    [
        ("I can’t keep food down", "en", "warning:An upset stomach (nausea) or throwing up (vomiting)"),
        ("i keep puking", "en", "warning:An upset stomach (nausea) or throwing up (vomiting)"),
        ("pins and needles in my arm", "en", "warning:Numbness or tingling in an arm or a leg"),
        ("no retengo nada", "es", "warning:Ganas de vomitar (náuseas) o vómitos que no paran"),
        ("tengo la pierna entumecida", "es", "warning:Entumecimiento u hormigueo en un brazo o una pierna"),
    ],
)
def test_everyday_words_for_a_symptom_find_its_sign_first(query, language, sign, db):
    demo_load()
    glossary_load()

    results = found(query, language)

    assert results.all, query
    assert results.all[0].type == "warning", [result.key for result in results.all[:3]]
    assert any(result.key.startswith(sign) for result in results.warnings), [r.key for r in results.warnings]

"""Search safe first and in patients' own words (issue 31), on the demo content in both languages.

Warning signs that match come before every other result, and emergency signs before
call-the-clinic signs; a correctly spelt everyday word is never “corrected”; Spanish
questions typed without accents, with stopwords, as full sentences, find the same signs.
"""

import pytest
from django.utils import translation

from education import search
from education.demo import demo_load, glossary_load
from education.search_lexicon import lexicon

CLOT = "warning:One calf or leg that hurts"
NUMBNESS = "warning:Numbness or tingling in an arm or a leg"
TEMPERATURE = "warning:A temperature over 101 degrees"
COAGULO = "warning:Una pantorrilla o una pierna que duele"
ENTUMECIMIENTO = "warning:Entumecimiento u hormigueo en un brazo o una pierna"
TEMPERATURA = "warning:Una temperatura de más de 101 grados"


@pytest.fixture
def demo(db):
    demo_load()
    glossary_load()


def found(query, language):
    with translation.override(language):
        return search.search(query, language)


def keys(results):
    return [result.key for result in results.all]


def has(results, prefix):
    return any(key.startswith(prefix) for key in keys(results))


def assert_safe_first(results):
    """Signs first on the page, every emergency sign above every call-the-clinic sign."""
    assert results.warnings, results.query
    assert results.all[: len(results.warnings)] == results.warnings
    urgencies = [sign.urgency for sign in results.warnings]
    assert urgencies == sorted(urgencies, key=lambda urgency: urgency != "emergency"), urgencies


# The demo loads in seconds, not milliseconds: each test asks several questions of one load.
SAFE_FIRST = [
    ("en", "numbness in my leg", NUMBNESS),
    ("en", "pain in my calf", CLOT),
    ("en", "fever", TEMPERATURE),
    ("es", "entumecimiento en la pierna", ENTUMECIMIENTO),
    ("es", "dolor en la pantorrilla", COAGULO),
    ("es", "fiebre", TEMPERATURA),
]


def test_emergency_signs_come_before_call_the_clinic_signs_and_both_before_answers(demo):
    for language, query, expected in SAFE_FIRST:
        results = found(query, language)
        assert_safe_first(results)
        assert has(results, expected), query
    # Where an emergency sign matches as well, it comes first ("pain" in a painful calf and in chest pain).
    calf = found("pain in my calf", "en")
    assert calf.warnings[0].is_emergency
    assert has(calf, CLOT)


def test_spelling_help_never_makes_things_worse(demo):
    results = found("pain in my calf", "en")
    assert results.suggestion == ""
    assert results.query == "pain in my calf"
    assert has(results, CLOT)  # the calf sign, found by the word typed
    # A word of the index, the glossary or the language's general word lists is never replaced.
    for query in ("pain in my calf", "my thigh hurts", "pain in my groin", "bladder", "numbness"):
        assert search.suggest(query, "en") == "", query
    assert search.suggest("me duele el muslo", "es") == ""
    assert search.suggest("cirugia", "es") == ""  # known without its accent: not a misspelling
    # A real misspelling is still corrected when the correction finds more.
    results = found("sciatcia", "en")
    assert results.suggestion == "sciatica"
    assert has(results, "glossary:Sciatica")


SENTENCES = [
    ("fiebre despues de la cirugia", "fiebre", TEMPERATURA),
    ("fiebre después de la cirugía", "fiebre", TEMPERATURA),
    ("me duele la pierna", "dolor pierna", COAGULO),
    ("tengo fiebre y escalofrios", "escalofríos", "warning:Fiebre alta con escalofríos"),
]


def test_spanish_sentences_typed_as_patients_type_find_the_same_signs(demo):
    for sentence, short, expected in SENTENCES:
        assert has(found(short, "es"), expected), short
        results = found(sentence, "es")
        assert_safe_first(results)
        assert has(results, expected), (sentence, keys(results))
    spanish = lexicon("es")
    assert search.with_accents("fiebre despues de la cirugia", spanish) == "fiebre después de la cirugía"
    assert search.with_accents("que es la ciatica", spanish) == "que es la ciática"
    assert search.with_accents("fever after surgery", lexicon("en")) == "fever after surgery"

"""The red-flag check finds every emergency sign placed under “call the clinic”, in English and Spanish:
the clinic's original layout (kept untouched as a fixture) is flagged sign by sign, and the corrected
demo sends each emergency sign to 911 and each clinic sign to the clinic."""

from pathlib import Path

import pytest
from django.utils import translation

from education import quality
from education.importer import parse_article

DATA = Path(__file__).parent / "data"
HEAD = {
    "en": "Fixture\nAn introduction.\nSummary\nSome words.\n",
    "es": "Fixture\nUna introducción.\nResumen\nUnas palabras.\n",
}
CONTENT = Path(__file__).parent.parent / "content"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def signs_of(text: str, language: str) -> list[quality.WarningSignText]:
    parsed = parse_article(text, language=language)
    return [quality.WarningSignText(urgency=s.urgency, text=s.text, group=s.group) for s in parsed.warning_signs]


def flags(text: str, language: str = "en", urgency: str = quality.CALL_CLINIC) -> set[str]:
    sign = quality.WarningSignText(urgency=urgency, text=text)
    return {str(flag.symptom) for flag in quality.warning_sign_red_flags([sign], language=language)}


# The clinic's layout, in our words: the signs it lists under "call the clinic" that need the ER.
CLINIC_MISPLACED = {
    "en": {
        "More numbness, or numbness around the genitals",
        "Not being able to feel or move your fingers or toes",
        "Fingers or toes that look pale, blue or white, or feel very cold",
        "Trouble passing urine, very bad constipation, or very bad diarrhea",
    },
    "es": {
        "Más entumecimiento, o entumecimiento alrededor de los genitales",
        "No poder sentir o mover los dedos de las manos o de los pies",
        "Dedos de las manos o de los pies que se ven pálidos, azules o blancos, o que se sienten muy fríos",
        "Problemas para orinar, estreñimiento muy fuerte o diarrea muy fuerte",
    },
}


@pytest.mark.parametrize(
    ("language", "path"), [("en", "clinic_warning_signs.txt"), ("es", "clinic_warning_signs.es.txt")]
)
def test_every_misplaced_sign_of_the_clinics_layout_is_flagged(language, path):
    signs = signs_of(HEAD[language] + (DATA / path).read_text(encoding="utf-8"), language)
    flagged = {flag.sign for flag in quality.warning_sign_red_flags(signs, language=language)}
    assert flagged == CLINIC_MISPLACED[language]


@pytest.mark.parametrize(
    ("text", "language", "symptom"),
    [
        ("Worsening weakness in your leg", "en", "new, worsening or sudden weakness, foot drop or paralysis"),
        (
            "Your leg feels weak and it is getting worse",
            "en",
            "new, worsening or sudden weakness, foot drop or paralysis",
        ),
        ("Foot drop", "en", "new, worsening or sudden weakness, foot drop or paralysis"),
        ("New weakness in an arm", "en", "new, worsening or sudden weakness, foot drop or paralysis"),
        ("Debilidad en la pierna que empeora", "es", "new, worsening or sudden weakness, foot drop or paralysis"),
        ("Pie caído", "es", "new, worsening or sudden weakness, foot drop or paralysis"),
        ("Coughing up blood", "en", "coughing up blood"),
        ("Tos con sangre", "es", "coughing up blood"),
        ("Toes that turn blue", "en", "fingers or toes that turn pale, blue or very cold"),
        ("Dedos de los pies muy fríos", "es", "fingers or toes that turn pale, blue or very cold"),
        ("Not being able to move an arm or a leg", "en", "not being able to move the fingers, toes, arms or legs"),
        ("No poder mover una pierna", "es", "not being able to move the fingers, toes, arms or legs"),
        ("Numbness in the buttocks or inner thighs", "en", "numbness in the groin, genitals or saddle area"),
    ],
)
def test_the_checker_matches_the_emergency_signs_in_both_languages(text, language, symptom):
    assert symptom in flags(text, language)


def test_a_sentence_that_itself_says_call_911_is_not_a_misplaced_sign():
    text = "Suspected blood clot in the leg: one calf is swollen. If you also have chest pain, call 911."
    assert flags(text) == set()
    assert flags("One calf is swollen. You also have chest pain.") == {"chest pain"}


def test_ordinary_clinic_signs_are_not_flagged():
    for text in ("Feeling more tired than before", "Very bad constipation or very bad diarrhea", "A mild fever"):
        assert flags(text) == set()


# The demo's guide: where each sign the issue names must go.
DEMO_EMERGENCY = {
    "en": ["genitals", "bladder or bowel control", "foot drop", "move an arm", "pale, blue or very cold",
           "coughing up blood", "sudden shortness of breath"],
    "es": ["genitales", "control de la vejiga", "pie caído", "mover un brazo", "pálidos, azules o muy fríos",
           "tos con sangre", "falta de aire repentina"],
}  # fmt: skip
DEMO_CLINIC = {
    "en": ["one calf or leg", "clear, watery fluid", "headache", "constipation"],
    "es": ["una pantorrilla o una pierna", "líquido claro", "dolor de cabeza", "estreñimiento"],
}
DEMO_FILES = {"en": "minimally-invasive-spine-surgery.txt", "es": "minimally-invasive-spine-surgery.es.txt"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_sends_each_emergency_sign_to_911_and_each_clinic_sign_to_the_clinic(language):
    signs = signs_of((CONTENT / DEMO_FILES[language]).read_text(encoding="utf-8"), language)

    def urgencies_of(words: str) -> set[str]:
        return {sign.urgency for sign in signs if words.lower() in f"{sign.group}: {sign.text}".lower()}

    for words in DEMO_EMERGENCY[language]:
        assert urgencies_of(words) == {quality.EMERGENCY}, words
    for words in DEMO_CLINIC[language]:
        assert urgencies_of(words) == {quality.CALL_CLINIC}, words
    assert quality.warning_sign_red_flags(signs, language=language) == []
    texts = [sign.text for sign in signs]
    assert len(texts) == len(set(texts))  # each sign in one group only


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demos_clot_sign_says_what_it_may_be_and_when_it_is_911(language):
    signs = signs_of((CONTENT / DEMO_FILES[language]).read_text(encoding="utf-8"), language)
    clot = next(
        sign for sign in signs
        if sign.urgency == quality.CALL_CLINIC and ("clot" in sign.group.lower() or "coágulo" in sign.group.lower())
    )  # fmt: skip
    assert "911" in clot.text
    assert not any("itch" in sign.text or "pican" in sign.text for sign in signs)


def test_a_revision_snapshot_is_checked_the_same_way():
    from education.services import RedFlagHold, publish_check_red_flags, snapshot_warning_signs

    content = {"warning_signs": [{"urgency": "call_clinic", "group": "", "text": "Foot drop"}]}
    with pytest.raises(RedFlagHold):
        publish_check_red_flags(signs=snapshot_warning_signs(content), language="en")

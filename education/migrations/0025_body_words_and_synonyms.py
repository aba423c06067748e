"""Everyday body words in the search vocabulary and lay synonyms, in both languages (issue 31).

“pain in my calf” became “pain in my call”: “calf” was not a known word, so the spelling
help replaced it. The words are learnt (never corrected) and the synonyms lead to the words
the content uses (“calf” → “leg”, “pee” → “urine”).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# Frozen copies: the migration keeps working if education.search_words changes.
BODY_WORDS = {
    "en": """ankle ankles arm arms armpit back belly bladder blood bone bones bottom bowel bowels bum buttock
        buttocks calf calves cheek chest chin ear ears elbow elbows finger fingers foot feet forehead groin hand
        hands head heel hip hips jaw knee knees leg legs lip lips lung lungs mouth muscle muscles nail neck
        nose pee pelvis poop rib ribs shin shins shoulder shoulders skin spine stomach throat thigh thighs
        thumb toe toes tongue tummy urine waist wrist wrists""",
    "es": """boca brazo brazos cabeza cadera caderas cara codo codos corazón costilla costillas cuello dedo dedos
        diente dientes espalda estómago garganta hombro hombros hueso huesos ingle labio labios lengua mano
        manos mandíbula muñeca muñecas muslo muslos músculo músculos nalga nalgas nariz oído oreja orejas orina
        panza pantorrilla pantorrillas pecho pie pierna piernas piel pies pulmón pulmones rodilla rodillas
        sangre talón tobillo tobillos uña uñas vejiga""",
}
SYNONYMS = {
    "en": [
        "calf, leg",
        "calves, legs",
        "thigh, leg",
        "shin, leg",
        "groin, genitals",
        "pee, urine, urinate, passing urine",
        "bladder, urine",
        "belly, tummy, stomach",
        "catch my breath, short of breath, trouble breathing",
        "dangerous, risks, risky",
        "anyone, everyone",
    ],
    "es": [
        "pantorrilla, pierna",
        "pantorrillas, piernas",
        "muslo, pierna",
        "ingle, genitales",
        "orinar, hacer pipí, orina",
        "vejiga, orinar",
        "panza, barriga, estómago",
        "me falta el aire, falta de aire, dificultad para respirar",
        "peligrosa, peligroso, riesgos",
        "cualquiera, todos",
    ],
}


def forward(apps, schema_editor):
    seed(apps.get_model("education", "SearchWord"), apps.get_model("education", "SearchSynonym"))


def seed(SearchWord, SearchSynonym):  # noqa: N803 (model classes)
    """Learn the body words and add the synonyms (again: tests that empty every table call this)."""
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, language=language) for language, words in BODY_WORDS.items() for word in words.split()],
        ignore_conflicts=True,
    )
    for language, rows in SYNONYMS.items():
        for words in rows:
            SearchSynonym.objects.get_or_create(language=language, words=words)


def backward(apps, schema_editor):
    SearchSynonym = apps.get_model("education", "SearchSynonym")
    for language, rows in SYNONYMS.items():
        SearchSynonym.objects.filter(language=language, words__in=rows).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0024_search_index_dirty")]

    # The search gives typed-without-accents words their accents back through unaccent.
    operations = [UnaccentExtension(), migrations.RunPython(forward, backward)]

"""Everyday ways patients describe symptoms, as lay synonyms in both languages (issue 31).

Patients rarely type the words the warning signs use: they “can't keep food down” rather than
“vomiting”, feel “pins and needles” rather than “tingling”, or say “la pierna adormecida”
rather than “entumecimiento”. Each row leads such a phrase to the words the content uses; editors
keep the list in the admin (Search synonyms) like the rows of migrations 0017 and 0025.
"""

from django.db import migrations

# Frozen copy: the migration keeps working if the list in the admin changes.
SYNONYMS = {
    "en": [
        "can't keep food down, can't keep anything down, can't keep liquids down, vomiting",
        "throw up, threw up, puking, puke, vomit",
        "sick to my stomach, queasy, nausea",
        "dizzy, lightheaded, light-headed, faint",
        "pins and needles, tingling",
        "numb, numbness",
        "racing heart, heart is racing, heart pounding, fast heartbeat",
        "can't breathe, hard to breathe, trouble breathing",
        "shivering, shaking, chills",
        "worn out, exhausted, tired",
        "can't poop, constipated, constipation",
        "runny poop, loose stools, diarrhea",
        "oozing, leaking, fluid",
        "wet myself, leaking urine, loss of bladder control",
    ],
    "es": [
        "no puedo retener la comida, no retengo nada, no retengo la comida, vómitos",
        "devolver, arrojar, vomitar",
        "estómago revuelto, asco, náuseas",
        "mareado, mareada, mareo",
        "hormigas, cosquilleo, hormigueo",
        "adormecida, adormecido, entumecida, entumecido, entumecimiento",
        "corazón acelerado, palpitaciones, latidos rápidos",
        "no puedo respirar, me cuesta respirar, dificultad para respirar",
        "temblores, tiritar, escalofríos",
        "agotado, agotada, cansado, cansada, cansancio",
        "no puedo hacer del baño, estreñido, estreñida, estreñimiento",
        "suelto del estómago, diarrea",
        "supura, supurando, pus",
        "me orino, me hago pipí, control de la vejiga",
    ],
}


def forward(apps, schema_editor):
    seed(apps.get_model("education", "SearchSynonym"))


def seed(SearchSynonym):  # noqa: N803 (a model class)
    """Add the phrases (again: tests that empty every table call this)."""
    for language, rows in SYNONYMS.items():
        for words in rows:
            SearchSynonym.objects.get_or_create(language=language, words=words)


def backward(apps, schema_editor):
    SearchSynonym = apps.get_model("education", "SearchSynonym")
    for language, rows in SYNONYMS.items():
        SearchSynonym.objects.filter(language=language, words__in=rows).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0025_body_words_and_synonyms")]

    operations = [migrations.RunPython(forward, backward)]

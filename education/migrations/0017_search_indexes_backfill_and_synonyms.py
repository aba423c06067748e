"""Index the new search vectors (PostgreSQL only), fill every vector, and seed lay synonyms.

The articles' vectors are refilled too: before this, a full save after indexing
wrote back an empty vector, so published article text was not searchable.
"""

import re

from django.db import migrations

from portal.accounts.roles import roles_sync

CONFIG = "(CASE {column} WHEN 'es' THEN 'spanish' ELSE 'english' END)::regconfig"
INDEXES = [
    "CREATE INDEX IF NOT EXISTS education_section_search_gin ON education_section USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS education_warningsign_search_gin ON education_warningsign USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS education_glossaryterm_search_gin ON education_glossaryterm USING gin (search_vector)",
]
# The words of each section type, as education.search.index_sections adds them (frozen here).
SECTION_KIND_WORDS = {
    'en': {
        'overview': 'Overview',
        'epidemiology': 'How common it is',
        'causes': 'Causes',
        'anatomy': 'How the spine works',
        'symptoms': 'Symptoms',
        'diagnosis': 'How doctors find the problem',
        'classification': 'Types',
        'differential': 'Other problems that feel similar',
        'non_surgical': 'Treatment without surgery',
        'surgical': 'Surgery',
        'recovery': 'Recovery',
        'complications': 'Risks and side effects',
        'risk_factors': 'Who has a higher risk',
        'prognosis': 'Long-term outlook',
        'costs': 'What it costs you',
        'example': 'An example',
        'summary': 'Summary',
        'care_team': 'Your care team',
        'prevention': 'Prevention',
        'nutrition': 'Food and bone health',
        'activity': 'Activity and daily life',
        'other': 'More information',
    },
    'es': {
        'overview': 'Overview',
        'epidemiology': 'How common it is',
        'causes': 'Causes',
        'anatomy': 'How the spine works',
        'symptoms': 'Symptoms',
        'diagnosis': 'How doctors find the problem',
        'classification': 'Types',
        'differential': 'Other problems that feel similar',
        'non_surgical': 'Treatment without surgery',
        'surgical': 'Surgery',
        'recovery': 'Recovery',
        'complications': 'Risks and side effects',
        'risk_factors': 'Who has a higher risk',
        'prognosis': 'Long-term outlook',
        'costs': 'What it costs you',
        'example': 'An example',
        'summary': 'Resumen',
        'care_team': 'Your care team',
        'prevention': 'Prevention',
        'nutrition': 'Food and bone health',
        'activity': 'Activity and daily life',
        'other': 'More information',
    },
}
KIND_CASE = "CASE " + " ".join(
    f"WHEN a.language = '{language}' AND s.kind = '{kind}' THEN '{words}'"
    for language, labels in SECTION_KIND_WORDS.items()
    for kind, words in labels.items()
) + " ELSE '' END"
BACKFILL = [
    f"""UPDATE education_article AS a SET search_vector =
        setweight(to_tsvector({CONFIG.format(column="a.language")}, coalesce(a.title, '')), 'A')
        || setweight(to_tsvector({CONFIG.format(column="a.language")}, coalesce(a.summary, '')), 'B')
        || setweight(to_tsvector({CONFIG.format(column="a.language")}, coalesce((
            SELECT string_agg(s.heading || ' ' || s.body, ' ') FROM education_section s WHERE s.article_id = a.id
        ), '')), 'C')""",
    f"""UPDATE education_section AS s SET search_vector =
        setweight(to_tsvector({CONFIG.format(column="a.language")}, coalesce(s.heading, '')), 'A')
        || setweight(to_tsvector({CONFIG.format(column="a.language")}, {KIND_CASE}), 'B')
        || setweight(to_tsvector({CONFIG.format(column="a.language")}, coalesce(s.body, '')), 'C')
        FROM education_article a WHERE a.id = s.article_id""",
    # The urgency's words count too (as education.search.index_warning_signs writes them).
    f"""UPDATE education_warningsign SET search_vector =
        setweight(to_tsvector({CONFIG.format(column="language")}, coalesce("group", '') || ' ' || text), 'A')
        || setweight(to_tsvector({CONFIG.format(column="language")}, CASE
            WHEN language = 'es' AND urgency = 'emergency' THEN 'Vaya a la sala de emergencias o llame al 911'
            WHEN language = 'es' THEN 'Llame a la clínica'
            WHEN urgency = 'emergency' THEN 'Go to the emergency room or call 911'
            ELSE 'Call the clinic' END), 'A')""",
    f"""UPDATE education_glossaryterm SET search_vector =
        setweight(to_tsvector({CONFIG.format(column="language")}, term || ' ' || also_known_as), 'A')
        || setweight(to_tsvector({CONFIG.format(column="language")}, definition), 'C')""",
]
SYNONYMS = {
    "en": [
        "back surgery, spine surgery",
        "driving, drive, car",
        "stitches, incision, cut, wound",
        "fever, temperature",
        "smoking, smoke, nicotine, tobacco, cigarettes",
        "cost, costs, price, bill, pay",
        "recovery, recover, healing, heal",
        "emergency room, ER, emergency",
        "hurt, pain, ache",
        "throwing up, vomiting, nausea",
        "painkillers, pain medicine",
    ],
    "es": [
        "cirugía de espalda, cirugía de columna",
        "manejar, conducir, carro",
        "puntos, herida, corte, incisión",
        "fiebre, temperatura, calentura",
        "fumar, tabaco, cigarrillos, nicotina",
        "costo, cuesta, cuestan, precio, cuenta, pagar",
        "recuperación, recuperarse, sanar",
        "sala de emergencias, urgencias, emergencia",
        "duele, dolor",
        "vomitar, vómitos, náuseas",
        "analgésicos, medicina para el dolor",
    ],
}


# As education.search.WORD; copied so this migration keeps working if that changes.
WORD = re.compile(r"[^\W\d_]{4,40}", re.UNICODE)


def learn_sign_and_glossary_words(apps):
    """'Did you mean' knows the words of warning signs and glossary terms too (it replaced "fever")."""
    SearchWord = apps.get_model("education", "SearchWord")
    words = set()
    for model, fields in (("WarningSign", ("group", "text")), ("GlossaryTerm", ("term", "also_known_as"))):
        for row in apps.get_model("education", model).objects.values("language", *fields):
            for name in fields:
                words |= {(word.lower(), row["language"]) for word in WORD.findall(row[name])}
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, language=language) for word, language in words], ignore_conflicts=True
    )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INDEXES + BACKFILL:
            schema_editor.execute(statement)
    learn_sign_and_glossary_words(apps)
    roles_sync(apps)  # editors and reviewers keep the synonym list
    SearchSynonym = apps.get_model("education", "SearchSynonym")
    SearchSynonym.objects.bulk_create(
        [SearchSynonym(language=language, words=words) for language, rows in SYNONYMS.items() for words in rows]
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ("section", "warningsign", "glossaryterm"):
            schema_editor.execute(f"DROP INDEX IF EXISTS education_{name}_search_gin")


class Migration(migrations.Migration):
    dependencies = [("education", "0016_search_vectors_for_parts_and_synonyms")]

    operations = [migrations.RunPython(forward, backward)]

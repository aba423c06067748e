"""Each surgeon's search words, stored per language (issue 35).

Search worked out every surgeon's words on every search (`to_tsvector` over name, title,
specialties and biography: about 0.03 ms of PostgreSQL's CPU per surgeon per search, so a clinic
with twenty surgeons would pay more for them than for its articles). PostgreSQL now keeps them as
generated columns, recomputed by every write of the row whatever writes it (admin, import, a data
migration), so they cannot go stale. Not model fields: only education.search reads them, and the
historical model (simple_history) has no use for them. No index: a clinic has a handful of
surgeons, read whole.

A Spanish reader's words come from the Spanish fields, each blank one read as its English field
(as the surgeon's page shows them); search used to read the English fields with Spanish stemming.
"""

from django.db import migrations

SPANISH = {field: f"COALESCE(NULLIF({field}_es, ''), {field})" for field in ("title", "specialties", "bio")}
COLUMNS = {
    "search_vector_en": ("english", "title", "specialties", "bio"),
    "search_vector_es": ("spanish", SPANISH["title"], SPANISH["specialties"], SPANISH["bio"]),
}

FORWARD = [
    f"ALTER TABLE education_surgeon ADD COLUMN {column} tsvector GENERATED ALWAYS AS (to_tsvector("
    f"'{config}'::regconfig, COALESCE(name, '') || ' ' || COALESCE({title}, '') || ' ' || COALESCE({specialties}, '')"
    f" || ' ' || COALESCE({bio}, ''))) STORED"
    for column, (config, title, specialties, bio) in COLUMNS.items()
]
BACKWARD = [f"ALTER TABLE education_surgeon DROP COLUMN {column}" for column in COLUMNS]


class Migration(migrations.Migration):
    dependencies = [("education", "0034_search_candidates_per_language")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

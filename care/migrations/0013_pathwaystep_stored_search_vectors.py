"""Each pathway step's search words, stored per language (issue 35).

Search matched a step's words by computing its title's and instructions' vectors on every search
(0.9 ms of PostgreSQL's CPU per search with the demo pathway's 9 steps, a third of a search's
statements). PostgreSQL now keeps them as generated columns, recomputed by every write of the row
whatever writes it (admin, import, a data migration), so they cannot go stale. Not model fields:
only care.search reads them, and the historical model (simple_history) has no use for them. No
GIN index: a clinic has tens of steps, which are read whole.
"""

from django.db import migrations

# As care.search worked them out on the fly: title weight A, what to do weight C, a blank Spanish
# field read as the English one (as `title_in` reads it).
COLUMNS = {
    "search_vector_en": ("english", "title", "instructions"),
    "search_vector_es": (
        "spanish",
        "COALESCE(NULLIF(title_es, ''), title)",
        "COALESCE(NULLIF(instructions_es, ''), instructions)",
    ),
}

FORWARD = [
    f"ALTER TABLE care_pathwaystep ADD COLUMN {column} tsvector GENERATED ALWAYS AS"
    f" (setweight(to_tsvector('{config}'::regconfig, {title}), 'A')"
    f" || setweight(to_tsvector('{config}'::regconfig, {instructions}), 'C')) STORED"
    for column, (config, title, instructions) in COLUMNS.items()
]
BACKWARD = [f"ALTER TABLE care_pathwaystep DROP COLUMN {column}" for column in COLUMNS]


class Migration(migrations.Migration):
    dependencies = [("care", "0012_patientstep_done_by_staff")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

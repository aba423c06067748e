"""Patient data may point only at content a medical reviewer published: the database says so.

A trigger on every foreign key from patient data (care's reading plans, assignments, pathway steps,
bookmarks and education records, and whatever later apps add) to an article or one of its parts
refuses a row whose link is set, on INSERT or on UPDATE of that column (to a new value), unless the target is a
published article or a part of one (a change waiting for review is a
revision, never a row, so nothing can point at it). So `save`, `bulk_create`,
`QuerySet.update` and raw admin posts cannot get around it. Unpublishing later is allowed: the
trigger looks only at the moment a link is made, and patients then see "no longer available".

The function is written once (migration education 0027) and each link gets its trigger with
`link_trigger_sql`, from a migration of the app that owns the foreign key.
`tests/test_patient_links_need_published_content.py` walks every model's `_meta`, so a new link
without a trigger fails the tests.
"""

# The SQLSTATE the trigger raises: integrity_constraint_violation, so Django raises IntegrityError.
SQLSTATE = "23000"
MESSAGE_PREFIX = "content not published"

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION education_link_must_be_published() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target_id bigint := (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
    target_table text := TG_ARGV[1];
    ok boolean;
BEGIN
    IF target_id IS NULL THEN
        RETURN NEW;
    END IF;
    -- Django's save() writes every column: an unchanged link is not a new one (unpublishing is allowed).
    IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) ->> TG_ARGV[0]) IS NOT DISTINCT FROM (to_jsonb(NEW) ->> TG_ARGV[0]) THEN
        RETURN NEW;
    END IF;
    IF target_table = 'education_article' THEN
        SELECT true INTO ok FROM education_article a
         WHERE a.id = target_id AND a.status = 'published';
    ELSIF target_table = 'education_faq' THEN
        SELECT true INTO ok FROM education_faq f LEFT JOIN education_article a ON a.id = f.article_id
         WHERE f.id = target_id AND f.is_published
           AND (f.article_id IS NULL OR (a.status = 'published'));
    ELSE
        EXECUTE format(
            'SELECT true FROM %I p LEFT JOIN education_article a ON a.id = p.article_id '
            'WHERE p.id = $1 AND (p.article_id IS NULL OR a.status = ''published'')',
            target_table
        ) INTO ok USING target_id;
    END IF;
    IF ok IS NULL THEN
        RAISE EXCEPTION '%: %.% = % is not published content', 'content not published',
            TG_TABLE_NAME, TG_ARGV[0], target_id
            USING ERRCODE = '23000';
    END IF;
    RETURN NEW;
END;
$$;
"""
REVERSE_FUNCTION_SQL = "DROP FUNCTION IF EXISTS education_link_must_be_published();"


def trigger_name(table: str, column: str) -> str:
    return f"{table}_{column}_published"[:63]


def link_trigger_sql(*, table: str, column: str, target_table: str) -> tuple[str, str]:
    """(forward, reverse) SQL for a migration's RunSQL: `table.column` may point only at published content."""
    name = trigger_name(table, column)
    forward = (
        f'CREATE TRIGGER "{name}" BEFORE INSERT OR UPDATE OF "{column}" ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION education_link_must_be_published('{column}', '{target_table}');"
    )
    return forward, f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";'


def is_unpublished_link_error(error: Exception) -> bool:
    """True for the database's refusal above (an IntegrityError), so forms can say it plainly."""
    return MESSAGE_PREFIX in str(error)

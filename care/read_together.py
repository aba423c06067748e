"""Several querysets read in one database round trip (issue 35: My page's miss is one query).

Each queryset is compiled by Django as usual (filters, select_related, annotations, ordering,
slices) and becomes one column of a single statement:

    SELECT (SELECT json_agg(q) FROM (<queryset 1>) q)::text, (SELECT json_agg(q) FROM (<queryset 2>) q)::text, …

Each row comes back as a JSON object in column order (`json`, unlike `jsonb`, keeps repeated column
names such as the `id` of each joined table, and their order), is turned back into the values the
database driver would have given, and goes through Django's own converters and model building, so
every queryset then holds model instances (with their select_related objects and annotations)
exactly as if it had been evaluated on its own. Order: the rows of a sorted subquery are
aggregated in its order (PostgreSQL documents this for an unsorted aggregate over one sorted input).
"""

import json
from decimal import Decimal

from django.db import connections
from django.db.models.query import QuerySet, get_related_populators
from django.utils.dateparse import parse_date, parse_datetime, parse_duration, parse_time


class _Pairs(list):
    """A JSON object as its (key, value) pairs, in order, repeated keys kept."""


_PARSERS = {
    "DateTimeField": parse_datetime,
    "DateField": parse_date,
    "TimeField": parse_time,
    "DurationField": parse_duration,
    "DecimalField": Decimal,
    "FloatField": float,
}


def read_together(*querysets: QuerySet) -> None:
    """Evaluate `querysets` (plain model querysets on one database) with one query."""
    if not querysets:
        return
    db = querysets[0].db
    compilers, columns, params = [], [], []
    for queryset in querysets:
        if queryset._result_cache is not None or queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise ValueError("read_together takes fresh querysets without prefetches or related managers.")
        compiler = queryset.query.get_compiler(using=db)
        sql, sql_params = compiler.as_sql()
        compilers.append(compiler)
        columns.append(f"(SELECT json_agg(q) FROM ({sql}) q)::text")  # noqa: S608 (Django compiled it; values are parameters)
        params.extend(sql_params)
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        texts = cursor.fetchone()
    for queryset, compiler, text in zip(querysets, compilers, texts, strict=True):
        rows = json.loads(text, parse_float=Decimal, object_pairs_hook=_Pairs) if text else []
        queryset._result_cache = list(_instances(queryset, compiler, rows))


def _instances(queryset, compiler, rows):
    """What ModelIterable does with the rows of a cursor, for rows read as JSON."""
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    kinds = [expression.output_field.get_internal_type() for expression, _, _ in select[: compiler.col_count]]
    driver_rows = [[_driver_value(value, kind) for (_, value), kind in zip(row, kinds, strict=True)] for row in rows]
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    related_populators = get_related_populators(klass_info, select, queryset.db)
    for row in compiler.results_iter([driver_rows]):
        obj = model_cls.from_db(queryset.db, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for name, position in annotation_col_map.items():
            setattr(obj, name, row[position])
        yield obj


def _driver_value(value, kind: str):
    """A JSON value as psycopg gives it for a column of this kind (Django's converters then apply)."""
    if value is None:
        return None
    if kind == "JSONField":
        # Django's JSONField reads the text, as psycopg hands it over; numbers in it were read as Decimal.
        return json.dumps(_plain(value), default=float)
    parse = _PARSERS.get(kind)
    return parse(value) if parse is not None else _plain(value)


def _plain(value):
    if isinstance(value, _Pairs):
        return {key: _plain(item) for key, item in value}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value

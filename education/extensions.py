"""What the content app asks of the apps built on it, without importing them (issue 25: arrows
point one way). Apps above education plug in here from their AppConfig.ready():

- care adds the reader's own parts of an article page ("your care team asked you to read this",
  the bookmark button);
- estimates answers which procedures the active fee schedule has (a content quality check);
- care adds rows to search answers (published pathway steps, issue 31), as a part of search's one
  ranking statement (`register_search_statement`, issue 35).

With nothing registered, an article page has no reader parts and no procedure is known.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.dispatch import Signal

_article_reader_parts: list[Callable[..., dict]] = []
_article_reader_cache_keys: list[str] = []
_schedule_procedure_names: list[Callable[[], dict[str, str]]] = []
_search_statements: list["SearchStatement"] = []

# Sent by the article importer with the page's CPT lines, `items` = [(cpt, name, patient_share)].
# A receiver returns the procedures it recorded; the article is linked to them (see education.services).
article_procedures_found = Signal()


def register_article_reader_part(part: Callable[..., dict], *, cache_keys: tuple[str, ...] = ()) -> None:
    """`part(request=, article=)` returns extra template context for the article page. `cache_keys`:
    the cache keys it reads, as templates with {user} (the reader's id), read with the session."""
    if part not in _article_reader_parts:
        _article_reader_parts.append(part)
        _article_reader_cache_keys.extend(cache_keys)


def article_reader_cache_keys() -> list[str]:
    return list(_article_reader_cache_keys)


def article_reader_context(*, request, article) -> dict:
    context: dict = {}
    for part in _article_reader_parts:
        context.update(part(request=request, article=article))
    return context


def register_schedule_procedure_names(provider: Callable[[], dict[str, str]]) -> None:
    if provider not in _schedule_procedure_names:
        _schedule_procedure_names.append(provider)


def schedule_procedure_names() -> dict[str, str]:
    """{CPT code: official name} of the procedures in the active fee schedule."""
    names: dict[str, str] = {}
    for provider in _schedule_procedure_names:
        names.update(provider())
    return names


class SearchStatement(NamedTuple):
    """Rows an app adds to search's ranking statement (education.search), which sends its `sql` as
    one more `UNION ALL` branch, so the rows cost no statement of their own (issue 35).

    - `kind`: the first column of every row it returns ("step"); not a kind of education's own;
    - `sql(language)`: the text of one `SELECT kind, id, rank, title, text, text, text, text …
      ORDER BY … LIMIT …` (eight columns, as education's branches; put in parentheses), reading the
      query's tsqueries from the statement's `q` (`every`, `any_word`, `either`: see
      `education.search.TextQuery.cte`); the words are never in it (it is kept per language, and
      the statement is prepared), only %s placeholders;
    - `params(language=, config=, user=)`: the values of its placeholders, in order;
    - `results(rows, text_query=, language=)`: `education.search.Result`s from its rows, ranked like
      the search's own (2 or more with every word, below 1 with some).
    """

    kind: str
    sql: Callable[[str], str]
    params: Callable[..., list]
    results: Callable[..., list]


def register_search_statement(statement: SearchStatement) -> None:
    if statement not in _search_statements:
        _search_statements.append(statement)


def search_statements() -> list[SearchStatement]:
    return list(_search_statements)

"""Published pathway steps in the portal's search (issue 31), added through education.extensions.

Steps are few (tens per clinic), so their stored words (generated columns, migration 0013) are
read whole, with no index, in a branch of search's one ranking statement (`STEP_STATEMENT`); a
step whose pathway is not published is never found. A patient on the pathway opens their own
dated step on My page; anyone else opens the step's text with a note to ask their care team.
"""

import functools

from django.contrib.postgres.search import SearchVector
from django.core.signals import setting_changed
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from care.models import PathwayStep, PathwayTemplate
from education.extensions import SearchStatement
from education.search import EVERY_WORD, NORMALIZATION, RESULTS_SHOWN, Result, config_for, snippet


def _in(language: str, field: str):
    """The step's field in `language`, its English when the Spanish is blank (as `title_in` reads)."""
    if language == "es":
        return Coalesce(NullIf(f"{field}_es", Value("")), field, output_field=TextField())
    return F(field)


def published_steps(*, language: str):
    """Published steps with their words as `vector` (title weight A, what to do weight C)."""
    vector = SearchVector(_in(language, "title"), weight="A", config=config_for(language)) + SearchVector(
        _in(language, "instructions"), weight="C", config=config_for(language)
    )
    return (
        PathwayStep.objects.filter(template__status=PathwayTemplate.Status.PUBLISHED)
        .select_related("template")
        .annotate(vector=vector)
    )


# Each language's stored vector of a step (generated columns, migration 0013): what
# `pathway_step_rows` computed on every search, title weight A and what to do weight C.
STORED_VECTORS = {"en": "search_vector_en", "es": "search_vector_es"}


def _shown_in(language: str, field: str) -> str:
    """SQL for the step's field in `language`, its English when the Spanish is blank (as `title_in` reads)."""
    if language == "es":
        return f"COALESCE(NULLIF(step.{field}_es, ''), step.{field})"
    return f"step.{field}"


@functools.lru_cache(maxsize=16)
def step_sql(language: str) -> str:
    """The steps' branch of search's ranking statement (education.extensions.SearchStatement): the
    published steps matching the query (the statement's `q`), best first, each with the reader's
    own dated step if any (a patient has each pathway once, and each of its steps once), found only
    through a pathway whose patient is the reader, so a step links to no one else's. Columns: kind,
    id, rank, shown title, English title, shown instructions, pathway, own step. Kept per language:
    the words and the reader are its parameters (`step_params`)."""
    title, instructions = _shown_in(language, "title"), _shown_in(language, "instructions")
    pathway = "COALESCE(NULLIF(template.name_es, ''), template.name)" if language == "es" else "template.name"
    stored = STORED_VECTORS.get(language)
    if stored is not None:
        vector = f"step.{stored}"
    else:  # a language without a stored vector: worked out on the fly
        vector = (
            f"setweight(to_tsvector(%s::regconfig, {title}), 'A')"
            f" || setweight(to_tsvector(%s::regconfig, {instructions}), 'C')"
        )
    return (
        "SELECT 'step', id, rank, shown_title, title, shown_instructions, pathway, (SELECT own.id FROM"  # noqa: S608 (SQL from this module; words are parameters)
        " care_patientstep own JOIN care_patientpathway mine ON mine.id = own.pathway_id"
        " WHERE own.step_id = steps.id AND mine.patient_id = %s)::text FROM (SELECT step.id, step.title,"
        f" {title} AS shown_title, {instructions} AS shown_instructions, {pathway} AS pathway,"
        f" ts_rank(words.vector, (SELECT any_word FROM q), {NORMALIZATION:d})::float8"
        f" + CASE WHEN words.vector @@ (SELECT every FROM q) THEN {EVERY_WORD:f} ELSE 0.0 END AS rank,"
        " words.vector @@ (SELECT either FROM q) AS found"
        " FROM care_pathwaystep step JOIN care_pathwaytemplate template ON template.id = step.template_id,"
        f" LATERAL (SELECT {vector} AS vector) words"
        f" WHERE template.status = %s) steps WHERE found ORDER BY rank DESC, steps.id LIMIT {RESULTS_SHOWN:d}"
    )


def step_params(*, language: str, config: str, user) -> list:
    """The values of `step_sql`'s placeholders: the reader (or none), the vector's text search
    configuration when it is worked out on the fly, the published status."""
    reader = user.pk if getattr(user, "is_authenticated", False) else None
    vector_params = [] if language in STORED_VECTORS else [config, config]
    return [reader, *vector_params, PathwayTemplate.Status.PUBLISHED]


def step_results(rows, *, text_query, language: str) -> list[Result]:
    """Search results from `step_sql`'s rows: the reader's own dated step on My page, or the step's
    page with a note to ask the care team."""
    results = []
    my_page, step_page = _urls(get_script_prefix())
    not_yours = not_yours_note()
    for _kind, pk, rank, shown_title, english_title, shown_instructions, pathway_name, own in rows:
        if own is not None:
            url, note = f"{my_page}#step-{own}", ""
        else:
            url, note = step_page.replace(_STEP_MARKER, str(pk)), not_yours
        results.append(
            Result(
                "step",
                shown_title,
                url,
                snippet(shown_instructions, text_query.words, text_query.config),
                key=f"step:{english_title}",
                rank=rank,
                article=pathway_name,
                note=note,
            )
        )
    return results


_STEP_MARKER = "918273645"  # a number no step has, to cut the step page's URL at


@functools.lru_cache(maxsize=8)
def _urls(prefix: str) -> tuple[str, str]:
    """My page and a step's page (with _STEP_MARKER for its id) under the script prefix `prefix`: a
    reverse() for each step shown was a third of the steps' Python."""
    return reverse("care:my_page"), reverse("care:pathway_step", args=[int(_STEP_MARKER)])


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _urls.cache_clear()


STEP_STATEMENT = SearchStatement("step", step_sql, step_params, step_results)


def not_yours_note() -> str:
    return _("Ask your care team whether this applies to you.")

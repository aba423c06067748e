"""Published pathway steps in the portal's search (issue 31), added through education.extensions.

Steps are few (tens per clinic), so their words are matched on the fly, as surgeons' are; a step
whose pathway is not published is never found. A patient on the pathway opens their own dated
step on My page; anyone else opens the step's text with a note to ask their care team.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext as _

from care.models import PathwayStep, PathwayTemplate, PatientStep
from education.search import EVERY_WORD, NORMALIZATION, RESULTS_SHOWN, Result, config_for, highlight


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


def _shown_in(language: str, field: str) -> str:
    """SQL for the step's field in `language`, its English when the Spanish is blank (as `title_in` reads)."""
    if language == "es":
        return f"COALESCE(NULLIF(step.{field}_es, ''), step.{field})"
    return f"step.{field}"


def pathway_step_rows(*, text_query, language: str, user) -> list[Result]:
    """Search rows for published steps matching the query, linked to the patient's own step if any.
    One statement in SQL (the ORM spent more CPU building it than PostgreSQL running it), with the
    query's words worked out once as the search's own ranking does (`TextQuery.cte`)."""
    title, instructions = _shown_in(language, "title"), _shown_in(language, "instructions")
    pathway = "COALESCE(NULLIF(template.name_es, ''), template.name)" if language == "es" else "template.name"
    cte, params = text_query.cte()
    sql = (
        f"{cte}SELECT id, title, shown_title, shown_instructions, pathway, rank FROM (SELECT step.id, step.title,"  # noqa: S608 (SQL from this module; words are parameters)
        f" {title} AS shown_title, {instructions} AS shown_instructions, {pathway} AS pathway,"
        " ts_rank(words.vector, (SELECT any_word FROM q), %s)::float8"
        " + CASE WHEN words.vector @@ (SELECT every FROM q) THEN %s ELSE 0.0 END AS rank,"
        " words.vector @@ (SELECT either FROM q) AS found"
        " FROM care_pathwaystep step JOIN care_pathwaytemplate template ON template.id = step.template_id,"
        f" LATERAL (SELECT setweight(to_tsvector(%s::regconfig, {title}), 'A')"
        f" || setweight(to_tsvector(%s::regconfig, {instructions}), 'C') AS vector) words"
        " WHERE template.status = %s) steps WHERE found ORDER BY rank DESC, id LIMIT %s"
    )
    params += [NORMALIZATION, EVERY_WORD, text_query.config, text_query.config]
    params += [PathwayTemplate.Status.PUBLISHED, RESULTS_SHOWN]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        steps = cursor.fetchall()
    if not steps:
        return []
    own = {}
    if getattr(user, "is_authenticated", False):
        ids = [step[0] for step in steps]
        own = dict(PatientStep.objects.filter(pathway__patient=user, step__in=ids).values_list("step_id", "pk"))
    rows = []
    for pk, english_title, shown_title, shown_instructions, pathway_name, rank in steps:
        if pk in own:
            url, note = f"{reverse('care:my_page')}#step-{own[pk]}", ""
        else:
            url, note = reverse("care:pathway_step", args=[pk]), not_yours_note()
        rows.append(
            Result(
                "step",
                shown_title,
                url,
                highlight(shown_instructions, text_query.words),
                key=f"step:{english_title}",
                rank=rank,
                article=pathway_name,
                note=note,
            )
        )
    return rows


def not_yours_note() -> str:
    return _("Ask your care team whether this applies to you.")

"""Published pathway steps in the portal's search (issue 31), added through education.extensions.

Steps are few (tens per clinic), so their words are matched on the fly, as surgeons' are; a step
whose pathway is not published is never found. A patient on the pathway opens their own dated
step on My page; anyone else opens the step's text with a note to ask their care team.
"""

from django.contrib.postgres.search import SearchVector
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext as _

from care.models import PathwayStep, PathwayTemplate
from education.search import EVERY_WORD, NORMALIZATION, RESULTS_SHOWN, Result, config_for, fetch_prepared, highlight


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
    One prepared statement (education.search.fetch_prepared; the ORM spent more CPU building it than
    PostgreSQL running it), with the query's words worked out once as the search's own ranking does
    (`TextQuery.cte`), and the reader's own dated step of each (a patient has each pathway once, and
    each of its steps once) found in the same statement: only through a pathway whose patient is
    `user`, so a step links to no one else's."""
    title, instructions = _shown_in(language, "title"), _shown_in(language, "instructions")
    pathway = "COALESCE(NULLIF(template.name_es, ''), template.name)" if language == "es" else "template.name"
    cte, params = text_query.cte()
    sql = (
        f"{cte}SELECT id, title, shown_title, shown_instructions, pathway, rank, (SELECT own.id FROM"  # noqa: S608 (SQL from this module; words are parameters)
        " care_patientstep own JOIN care_patientpathway mine ON mine.id = own.pathway_id"
        " WHERE own.step_id = steps.id AND mine.patient_id = %s) AS own_step FROM (SELECT step.id, step.title,"
        f" {title} AS shown_title, {instructions} AS shown_instructions, {pathway} AS pathway,"
        f" ts_rank(words.vector, (SELECT any_word FROM q), {NORMALIZATION:d})::float8"
        f" + CASE WHEN words.vector @@ (SELECT every FROM q) THEN {EVERY_WORD:f} ELSE 0.0 END AS rank,"
        " words.vector @@ (SELECT either FROM q) AS found"
        " FROM care_pathwaystep step JOIN care_pathwaytemplate template ON template.id = step.template_id,"
        f" LATERAL (SELECT setweight(to_tsvector(%s::regconfig, {title}), 'A')"
        f" || setweight(to_tsvector(%s::regconfig, {instructions}), 'C') AS vector) words"
        f" WHERE template.status = %s) steps WHERE found ORDER BY rank DESC, steps.id LIMIT {RESULTS_SHOWN:d}"
    )
    reader = user.pk if getattr(user, "is_authenticated", False) else None
    params += [reader, text_query.config, text_query.config, PathwayTemplate.Status.PUBLISHED]
    steps = fetch_prepared(sql, params)
    if not steps:
        return []
    rows = []
    for pk, english_title, shown_title, shown_instructions, pathway_name, rank, own in steps:
        if own is not None:
            url, note = f"{reverse('care:my_page')}#step-{own}", ""
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

"""Published pathway steps in the portal's search (issue 31), added through education.extensions.

Steps are few (tens per clinic), so their words are matched on the fly, as surgeons' are; a step
whose pathway is not published is never found. A patient on the pathway opens their own dated
step on My page; anyone else opens the step's text with a note to ask their care team.
"""

from django.contrib.postgres.search import SearchRank, SearchVector
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
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


def pathway_step_rows(*, every, any_word, config, language: str, user, words) -> list[Result]:
    """Search rows for published steps matching the query, linked to the patient's own step if any."""
    has_every_word = Case(When(vector=every, then=Value(EVERY_WORD)), default=Value(0.0), output_field=FloatField())
    steps = list(
        published_steps(language=language)
        .filter(Q(vector=any_word) | Q(vector=every))
        .annotate(rank=SearchRank(F("vector"), any_word, normalization=Value(NORMALIZATION)) + has_every_word)
        .order_by("-rank", "pk")[:RESULTS_SHOWN]
    )
    if not steps:
        return []
    own = {}
    if getattr(user, "is_authenticated", False):
        own = dict(PatientStep.objects.filter(pathway__patient=user, step__in=steps).values_list("step_id", "pk"))
    rows = []
    for step in steps:
        if step.pk in own:
            url, note = f"{reverse('care:my_page')}#step-{own[step.pk]}", ""
        else:
            url, note = reverse("care:pathway_step", args=[step.pk]), not_yours_note()
        rows.append(
            Result(
                "step",
                step.title_in(language),
                url,
                highlight(step.instructions_in(language), words),
                key=f"step:{step.title}",
                rank=step.rank,
                article=step.template.name_in(language),
                note=note,
            )
        )
    return rows


def not_yours_note() -> str:
    return _("Ask your care team whether this applies to you.")

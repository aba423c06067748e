"""Demo content for `load_demo`: the MISS article (English and Spanish) and its surgeon's profile."""

import json
from typing import NamedTuple

from django.conf import settings
from django.utils.text import slugify

from education import services
from education.importer import decode_upload, parse_article
from education.models import Article, Assignment, CareTeamMember, GlossaryTerm, ReadingPlan, ReviewComment, Surgeon

DEMO_ARTICLE = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.txt"
DEMO_SLUG = "minimally-invasive-spine-surgery"
DEMO_ARTICLE_SPANISH = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.es.txt"
DEMO_SLUG_SPANISH = "cirugia-de-columna-minimamente-invasiva"
DEMO_GLOSSARIES = {
    "en": settings.BASE_DIR / "content" / "glossary.json",
    "es": settings.BASE_DIR / "content" / "glossary.es.json",
}
DEMO_PLAN = "Before and after your spine surgery"


class ClinicQuestion(NamedTuple):
    topic: str
    check: str  # the content check that raises it on the article (education/quality.py), or ""
    text: str


# Questions in the clinic's own MISS page that only a clinician can settle. The demo keeps the
# clinic's content until they answer; they belong on the demo article as review comments.
CLINIC_REVIEW_QUESTIONS = (
    ClinicQuestion(
        topic="red-flag placement",
        check="red_flags",
        text=(
            "Your page lists numbness around the genitals, trouble passing urine, and not being able to move "
            "the fingers or toes under 'call the clinic'. After spine surgery these can mean pressure on the "
            "nerves or the spinal cord (for example cauda equina syndrome), which usually needs emergency care. "
            "Should they move under 'go to the emergency room'? We kept your placement until you decide."
        ),
    ),
    ClinicQuestion(
        topic="63040's label",
        check="procedure_names",
        text=(
            "Your page calls CPT 63040 a minimally invasive thoracic discectomy. The code's own descriptor is a "
            "repeat laminotomy with nerve root decompression at one cervical level. Which procedure do you mean, "
            "and is 63040 the right code for it? The demo keeps your label, plain name and amount until then."
        ),
    ),
    ClinicQuestion(
        topic="VA as a secondary payer",
        check="",
        text=(
            "Your page lists the Veterans Health Administration (VHA) with employer plans and TRICARE as a "
            "plan that pays after Medicare. The VA usually does not pay as a secondary payer to Medicare: it pays "
            "for care it authorizes, and Medicare for care it covers. Should the cost section say so?"
        ),
    ),
)

# Notes for the reviewer that are not questions for the clinic.
REVIEWER_NOTES = (
    "In the cost example Tom is 62 and on Medicare. Most people join Medicare at 65; younger people qualify "
    "through a disability or certain illnesses. The example now says he had met his deductible; consider "
    "saying why he has Medicare, or making him 65 or older.",
)

SURGEON_PROFILE = {
    "credentials": "MD",
    "title": "Fellowship-trained spine, sports and arthroscopic surgeon, Complete Orthopedics",
    "specialties": "Minimally invasive spine surgery; sports medicine; arthroscopic surgery",
    "locations": "Complete Orthopedics, Stony Brook, NY\nComplete Orthopedics, Port Jefferson, NY",
    "approves_content": True,
}


def demo_load(*, reviewer_email: str = "") -> list[str]:
    """Import the demo article once (published) and complete its surgeon's profile."""
    done = []
    if not Article.objects.filter(slug=DEMO_SLUG).exists():
        parsed = parse_article(decode_upload(DEMO_ARTICLE.read_bytes()))
        parsed.slug = DEMO_SLUG
        article = services.article_import(parsed=parsed, kind=Article.Kind.PROCEDURE, publish=True).article
        # What only the clinic can settle waits on the article for its reviewer.
        for text in [*(question.text for question in CLINIC_REVIEW_QUESTIONS), *REVIEWER_NOTES]:
            ReviewComment.objects.create(article=article, revision=article.live_revision, text=text)
        done.append(f"article “{parsed.title}”")
    if not Article.objects.filter(slug=DEMO_SLUG_SPANISH).exists():
        parsed = parse_article(decode_upload(DEMO_ARTICLE_SPANISH.read_bytes()), language="es")
        services.article_import(
            parsed=parsed,
            slug=DEMO_SLUG_SPANISH,
            publish=True,
            language="es",
            translation_of=Article.objects.get(slug=DEMO_SLUG),
        )
        done.append(f"Spanish translation “{parsed.title}”")
    surgeon = Article.objects.get(slug=DEMO_SLUG).author
    if surgeon is not None and not surgeon.title:
        Surgeon.objects.filter(pk=surgeon.pk).update(**SURGEON_PROFILE)
        done.append(f"profile of {surgeon.name}")
    if surgeon is not None and reviewer_email and surgeon.user_id is None:
        from portal.accounts.models import User

        surgeon.user = User.objects.filter(email=reviewer_email).first()
        surgeon.save(update_fields=["user"])
    return done


def glossary_load() -> int:
    """Add the demo glossaries' terms (English and Spanish) that are not there yet."""
    added = 0
    for language, path in DEMO_GLOSSARIES.items():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            _, created = GlossaryTerm.objects.get_or_create(
                slug=slugify(entry["term"]),
                language=language,
                defaults={
                    "term": entry["term"],
                    "definition": entry["definition"],
                    "also_known_as": ", ".join(entry.get("also_known_as", [])),
                },
            )
            added += created
    return added


def reading_plan_load(*, patient_email: str) -> str:
    """A plan with the demo article, assigned to the demo patient with their surgeon."""
    from portal.accounts.models import User

    article = Article.objects.get(slug=DEMO_SLUG)
    plan, _ = ReadingPlan.objects.get_or_create(
        name=DEMO_PLAN, defaults={"description": "What to read before surgery and what to watch for after."}
    )
    plan.items.get_or_create(article=article, defaults={"order": 1})
    patient = User.objects.filter(email=patient_email).first()
    if patient is None:
        return ""
    services.plan_assign(
        plan=plan,
        patient=patient,
        due=Assignment.Due.BEFORE_SURGERY,
        note="Please read this before your visit. Bring your questions.",
    )
    if article.author:
        CareTeamMember.objects.get_or_create(patient=patient, surgeon=article.author)
    return f"reading plan “{plan.name}” for {patient.email}"

"""Demo content for `load_demo`: the MISS article (English and Spanish) and its surgeon's profile."""

import json

from django.conf import settings
from django.utils.text import slugify

from education import services
from education.importer import decode_upload, parse_article
from education.models import Article, GlossaryTerm, Surgeon

DEMO_ARTICLE = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.txt"
DEMO_SLUG = "minimally-invasive-spine-surgery"
DEMO_ARTICLE_SPANISH = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.es.txt"
DEMO_SLUG_SPANISH = "cirugia-de-columna-minimamente-invasiva"
DEMO_GLOSSARIES = {
    "en": settings.BASE_DIR / "content" / "glossary.json",
    "es": settings.BASE_DIR / "content" / "glossary.es.json",
}
DEMO_PLAN = "Before and after your spine surgery"

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
        services.article_import(parsed=parsed, kind=Article.Kind.PROCEDURE, publish=True)
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

"""Demo content for `load_demo`: the MISS article and its surgeon's profile."""

from django.conf import settings

from education import services
from education.importer import decode_upload, parse_article
from education.models import Article, Surgeon

DEMO_ARTICLE = settings.BASE_DIR / "content" / "minimally-invasive-spine-surgery.txt"
DEMO_SLUG = "minimally-invasive-spine-surgery"

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
    surgeon = Article.objects.get(slug=DEMO_SLUG).author
    if surgeon is not None and not surgeon.title:
        Surgeon.objects.filter(pk=surgeon.pk).update(**SURGEON_PROFILE)
        done.append(f"profile of {surgeon.name}")
    if surgeon is not None and reviewer_email and surgeon.user_id is None:
        from portal.accounts.models import User

        surgeon.user = User.objects.filter(email=reviewer_email).first()
        surgeon.save(update_fields=["user"])
    return done

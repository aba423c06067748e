"""Reads of published content, shared by the patient views."""

from django.db.models import Q, QuerySet
from django.http import Http404

from education.models import FAQ, Article, Surgeon, WarningSign


def article_list_published(*, region: str = "", kind: str = "") -> QuerySet[Article]:
    articles = Article.objects.published().prefetch_related("regions").order_by("title")
    if region:
        articles = articles.filter(regions__code=region)
    if kind:
        articles = articles.filter(kind=kind)
    return articles


def article_get_published(*, slug: str, preview: bool = False) -> Article:
    """A published article (with preview=True, staff only: any article) or 404."""
    articles = Article.objects.all() if preview else Article.objects.published()
    article = articles.select_related("author", "medical_reviewer").filter(slug=slug).first()
    if article is None:
        raise Http404("No published article here.")
    return article


def warning_signs_for(article: Article) -> list[WarningSign]:
    """The article's own signs, plus the clinic-wide ones on after-surgery articles."""
    signs = list(article.warning_signs.all())
    if article.is_post_operative:
        signs += list(WarningSign.objects.filter(article__isnull=True))
    return sorted(signs, key=lambda sign: (sign.urgency != WarningSign.Urgency.EMERGENCY, sign.order, sign.pk))


def faq_list_published(*, topic: str = "") -> QuerySet[FAQ]:
    faqs = FAQ.objects.published().select_related("article").order_by("article__title", "topic", "order", "pk")
    if topic:
        faqs = faqs.filter(topic=topic)
    return faqs


def surgeon_get(*, slug: str) -> Surgeon:
    surgeon = Surgeon.objects.filter(slug=slug).first()
    if surgeon is None:
        raise Http404("No surgeon here.")
    return surgeon


def surgeon_articles_published(*, surgeon: Surgeon) -> QuerySet[Article]:
    return Article.objects.published().filter(Q(author=surgeon) | Q(medical_reviewer=surgeon)).distinct()


def warning_signs_for_guide() -> list[WarningSign]:
    """Every sign patients may need after surgery: clinic-wide ones and those of published articles.

    The same sign written on several articles is offered once.
    """
    signs = WarningSign.objects.filter(Q(article__isnull=True) | Q(article__status=Article.Status.PUBLISHED))
    unique: dict[tuple, WarningSign] = {}
    for sign in signs.order_by("article_id", "order", "pk"):
        unique.setdefault((sign.urgency, sign.group.lower(), sign.text.lower()), sign)
    return sorted(unique.values(), key=lambda sign: (not sign.is_emergency, sign.article_id or 0, sign.order))


def my_page_data(*, patient) -> dict:
    """Everything on a patient's own page, each query filtered by the patient."""
    from education.models import Assignment, Bookmark, CareTeamMember

    assignments = list(
        Assignment.objects.filter(patient=patient, article__status=Article.Status.PUBLISHED)
        .select_related("article", "plan")
        .order_by("order", "assigned_at")
    )
    finished = sum(1 for assignment in assignments if assignment.finished_at)
    bookmarks = list(Bookmark.objects.filter(patient=patient).select_related("article", "faq", "faq__article"))
    return {
        "assignments": assignments,
        "finished_count": finished,
        "progress_percent": round(100 * finished / len(assignments)) if assignments else 0,
        "bookmarked_articles": [b.article for b in bookmarks if b.article_id and b.article.is_published],
        "bookmarked_faqs": [b.faq for b in bookmarks if b.faq_id],
        "surgeons": [
            member.surgeon for member in CareTeamMember.objects.filter(patient=patient).select_related("surgeon")
        ],
    }

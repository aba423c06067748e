"""Reads of published content, shared by the patient views."""

from django.db.models import Q, QuerySet
from django.http import Http404

from education.models import FAQ, Article, Surgeon, WarningSign
from portal.choices import Language


def _in_language(articles: QuerySet[Article], language: str) -> QuerySet[Article]:
    """Articles in `language`, plus English ones with no published translation into it."""
    if language == Language.ENGLISH:
        return articles.filter(language=Language.ENGLISH)
    translated = Article.objects.published().filter(language=language).values("translation_of")
    return articles.filter(Q(language=language) | Q(language=Language.ENGLISH) & ~Q(pk__in=translated))


def article_list_published(*, region: str = "", kind: str = "", language: str = Language.ENGLISH) -> QuerySet[Article]:
    articles = _in_language(Article.objects.published(), language).prefetch_related("regions").order_by("title")
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
    """The article's own signs, plus the clinic-wide ones (in its language) on after-surgery articles."""
    signs = list(article.warning_signs.all())
    if article.is_post_operative:
        signs += list(WarningSign.objects.filter(article__isnull=True, language=article.language))
    return sorted(signs, key=lambda sign: (sign.urgency != WarningSign.Urgency.EMERGENCY, sign.order, sign.pk))


def article_in_language(*, article: Article, language: str) -> Article | None:
    """The published version of `article` to show a reader of `language`, if it is not this one."""
    if article.language == language:
        return None
    original = article.original
    if original.language == language:
        return original if original.is_published else None
    return original.translations.filter(language=language, status=Article.Status.PUBLISHED).first()


def faq_list_published(*, topic: str = "", language: str = Language.ENGLISH) -> QuerySet[FAQ]:
    articles = _in_language(Article.objects.published(), language)
    general_language = language if FAQ.objects.filter(article__isnull=True, language=language).exists() else "en"
    faqs = (
        FAQ.objects.published()
        .filter(Q(article__in=articles) | Q(article__isnull=True, language=general_language))
        .select_related("article")
        .order_by("article__title", "topic", "order", "pk")
    )
    if topic:
        faqs = faqs.filter(topic=topic)
    return faqs


def surgeon_get(*, slug: str) -> Surgeon:
    surgeon = Surgeon.objects.filter(slug=slug).first()
    if surgeon is None:
        raise Http404("No surgeon here.")
    return surgeon


def surgeon_articles_published(*, surgeon: Surgeon, language: str = Language.ENGLISH) -> QuerySet[Article]:
    articles = Article.objects.published().filter(Q(author=surgeon) | Q(medical_reviewer=surgeon))
    return _in_language(articles, language).distinct().order_by("title")


def warning_signs_for_guide(*, language: str = Language.ENGLISH) -> list[WarningSign]:
    """Every sign patients may need after surgery: clinic-wide ones and those of published articles,
    in `language` (English when there are none in it).

    The same sign written on several articles is offered once.
    """

    def written_in(code):
        return Q(article__isnull=True, language=code) | Q(
            article__status=Article.Status.PUBLISHED, article__language=code
        )

    if not WarningSign.objects.filter(written_in(language)).exists():
        language = Language.ENGLISH
    signs = WarningSign.objects.filter(written_in(language))
    unique: dict[tuple, WarningSign] = {}
    for sign in signs.order_by("article_id", "order", "pk"):
        unique.setdefault((sign.urgency, sign.group.lower(), sign.text.lower()), sign)
    return sorted(unique.values(), key=lambda sign: (not sign.is_emergency, sign.article_id or 0, sign.order))


def glossary_terms(*, language: str):
    """Glossary terms in `language`, or the English ones when it has none."""
    from education.models import GlossaryTerm

    terms = GlossaryTerm.objects.filter(language=language)
    if language != Language.ENGLISH and not terms.exists():
        terms = GlossaryTerm.objects.filter(language=Language.ENGLISH)
    return terms

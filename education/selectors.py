"""Reads of published content, shared by the patient views."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from education import extensions, quality
from education.models import FAQ, Article, Figure, GlossaryTerm, Section, Surgeon, TeachBackQuestion, WarningSign
from portal.choices import Language


def _in_language(articles: QuerySet[Article], language: str) -> QuerySet[Article]:
    """Articles in `language`, plus English ones with no published translation into it."""
    if language == Language.ENGLISH:
        return articles.filter(language=Language.ENGLISH)
    translated = Article.objects.filter(language=language).values("translation_of")
    return articles.filter(Q(language=language) | Q(language=Language.ENGLISH) & ~Q(pk__in=translated))


def article_list_published(*, region: str = "", kind: str = "", language: str = Language.ENGLISH) -> QuerySet[Article]:
    articles = _in_language(Article.objects.all(), language).prefetch_related("regions").order_by("title")
    if region:
        articles = articles.filter(regions__code=region)
    if kind:
        articles = articles.filter(kind=kind)
    return articles


def region_article_counts(*, language: str = Language.ENGLISH) -> dict[str, int]:
    """How many published articles a reader of `language` finds for each part of the spine (one query)."""
    rows = (
        _in_language(Article.objects.all(), language)
        .filter(regions__isnull=False)
        .values("regions")
        .annotate(articles=Count("pk", distinct=True))
        .order_by()
    )
    return {row["regions"]: row["articles"] for row in rows}


def article_get_published(*, slug: str, preview: bool = False) -> Article:
    """A published article (with preview=True, staff only: any article) or 404."""
    articles = Article.all_objects.all() if preview else Article.objects.all()
    article = articles.select_related("author", "medical_reviewer").filter(slug=slug).first()
    if article is None:
        raise Http404("No published article here.")
    return article


def warning_signs_for(article: Article, *, own: list[WarningSign] | None = None) -> list[WarningSign]:
    """The article's own signs (its rows, or `own`: a revision's unsaved ones), plus the clinic-wide ones
    (in its language) on after-surgery articles."""
    signs = list(article.warning_signs.all() if own is None else own)
    if article.is_post_operative:
        signs += list(WarningSign.objects.filter(article__isnull=True, language=article.language))
    # An unsaved sign has no id: it keeps its place in the revision (sorted() is stable).
    return sorted(signs, key=lambda sign: (sign.urgency != WarningSign.Urgency.EMERGENCY, sign.order, sign.pk or 0))


def article_in_language(*, article: Article, language: str) -> Article | None:
    """The published version of `article` to show a reader of `language`, if it is not this one."""
    if article.language == language:
        return None
    original = article.original
    if original.language == language:
        return original if original.is_published else None
    return original.translations.filter(language=language, status=Article.Status.PUBLISHED).first()


def faq_list_published(*, topic: str = "", language: str = Language.ENGLISH) -> QuerySet[FAQ]:
    articles = _in_language(Article.objects.all(), language)
    faqs = (
        FAQ.objects.published()
        .filter(Q(article__in=articles) | Q(article__isnull=True, language=faq_general_language(language=language)))
        .select_related("article")
        .order_by("article__title", "topic", "order", "pk")
    )
    if topic:
        faqs = faqs.filter(topic=topic)
    return faqs


def faq_general_language(*, language: str) -> str:
    """The language of the clinic-wide FAQs a reader of `language` sees: theirs, or English when it has none."""
    return language if FAQ.objects.filter(article__isnull=True, language=language).exists() else Language.ENGLISH


def surgeon_get(*, slug: str) -> Surgeon:
    surgeon = Surgeon.objects.filter(slug=slug).first()
    if surgeon is None:
        raise Http404("No surgeon here.")
    return surgeon


def surgeon_articles_published(*, surgeon: Surgeon, language: str = Language.ENGLISH) -> QuerySet[Article]:
    articles = Article.objects.filter(Q(author=surgeon) | Q(medical_reviewer=surgeon))
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

    return GlossaryTerm.objects.filter(language=glossary_language(language=language))


def glossary_language(*, language: str) -> str:
    """The language of the glossary a reader of `language` sees: theirs, or English when it has no terms."""
    from education.models import GlossaryTerm

    if language == Language.ENGLISH or GlossaryTerm.objects.filter(language=language).exists():
        return language
    return Language.ENGLISH


def article_quality_input(article: Article, *, sections=None) -> quality.ArticleText:
    """An article's text, as its rows say, as plain data for the content checks."""
    sections = article.sections.all() if sections is None else sections
    return quality.ArticleText(
        title=article.title,
        language=article.language,
        summary=article.summary,
        sections=tuple(quality.SectionText(kind=s.kind, heading=s.display_heading, body=s.body) for s in sections),
        figures=tuple(quality.FigureText(caption=f.caption, description=f.description) for f in article.figures.all()),
        warning_signs=tuple(
            quality.WarningSignText(urgency=w.urgency, text=w.text, group=w.group) for w in article.warning_signs.all()
        ),
        faqs=tuple(quality.FAQText(question=f.question, answer=f.answer) for f in article.faqs.all()),
    )


def snapshot_quality_input(content: dict, *, language: str) -> quality.ArticleText:
    """A revision's snapshot as plain data for the content checks: what staff edit for a published article."""
    kinds = dict(Section.Kind.choices)
    return quality.ArticleText(
        title=content.get("title", ""),
        language=language,
        summary=content.get("summary", ""),
        sections=tuple(
            quality.SectionText(
                kind=s["kind"], heading=s.get("heading") or str(kinds.get(s["kind"], "")), body=s["body"]
            )
            for s in content.get("sections", [])
        ),
        figures=tuple(
            quality.FigureText(caption=f.get("caption", ""), description=f.get("description", ""))
            for f in content.get("figures", [])
        ),
        warning_signs=tuple(
            quality.WarningSignText(urgency=w["urgency"], text=w["text"], group=w.get("group", ""))
            for w in content.get("warning_signs", [])
        ),
        faqs=tuple(quality.FAQText(question=f["question"], answer=f["answer"]) for f in content.get("faqs", [])),
    )


def glossary_names(*, language: str) -> list[str]:
    """Every name of every glossary term in `language`: the terms and their other names."""
    names = []
    for term, others in GlossaryTerm.objects.filter(language=language).values_list("term", "also_known_as"):
        names += [term, *(name.strip() for name in others.split(",") if name.strip())]
    return names


def schedule_procedure_names() -> dict[str, str]:
    """{CPT code: official name} of the procedures in the active fee schedule (the estimates app answers)."""
    return extensions.schedule_procedure_names()


def article_quality_report(article: Article, *, sections=None, content: dict | None = None) -> quality.QualityReport:
    """The content checks for `article`'s rows (6 queries; 5 when its sections are given), or for a
    revision's `content` of it (2 queries)."""
    if content is not None:
        checked = snapshot_quality_input(content, language=article.language)
    else:
        checked = article_quality_input(article, sections=sections)
    return quality.article_check(
        checked,
        glossary_names=glossary_names(language=article.language),
        schedule_names=schedule_procedure_names(),
    )


def articles_waiting_for_review() -> QuerySet[Article]:
    """Articles, and changes to published articles, sent for review, oldest first, with who sent them and when."""
    from django.db.models import OuterRef, Subquery

    from education.models import ArticleRevision

    submitted = ArticleRevision.objects.filter(article_id=OuterRef("pk"), kind=ArticleRevision.Kind.SUBMITTED).order_by(
        "-created_at", "-pk"
    )
    return (
        Article.all_objects.waiting_for_review()
        .annotate(
            submitted_at=Subquery(submitted.values("created_at")[:1]),
            submitted_by=Subquery(submitted.values("created_by__email")[:1]),
        )
        .order_by("submitted_at", "pk")
    )


def published_content(model) -> QuerySet | None:
    """What patient data may point at among `model`'s rows (an article or a part of one), the same rule
    as the database's triggers (education/published_links.py); None for any other model."""
    live = Q(article__status=Article.Status.PUBLISHED)
    if model is Article:
        return Article.objects.all()
    if model is FAQ:
        return FAQ.objects.filter(Q(is_published=True) & (Q(article__isnull=True) | live))
    if model is WarningSign:
        return WarningSign.objects.filter(Q(article__isnull=True) | live)
    if model in (Section, Figure, TeachBackQuestion):
        return model.objects.filter(live)
    return None

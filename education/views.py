from django.shortcuts import render

from education import selectors
from education.forms import ArticleFilterForm, FAQFilterForm
from education.models import Surgeon


def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = selectors.article_list_published(region=filters.get("region", ""), kind=filters.get("kind", ""))
    return render(request, "education/article_list.html", {"form": form, "articles": articles})


def article_detail(request, slug):
    # Staff who may edit articles see drafts too ("View on site" is their preview).
    preview = request.user.is_staff and request.user.has_perm("education.change_article")
    article = selectors.article_get_published(slug=slug, preview=preview)
    sections = list(article.sections.all())
    figures_by_section: dict[int | None, list] = {}
    for figure in article.figures.all():
        figures_by_section.setdefault(figure.section_id, []).append(figure)
    for section in sections:
        section.placed_figures = figures_by_section.get(section.pk, [])
    warning_signs = selectors.warning_signs_for(article)
    context = {
        "article": article,
        "sections": sections,
        "unplaced_figures": figures_by_section.get(None, []),
        "emergency_signs": [sign for sign in warning_signs if sign.is_emergency],
        "clinic_signs": [sign for sign in warning_signs if not sign.is_emergency],
        "faqs": article.faqs.all(),
        "procedure_codes": [procedure.cpt_code for procedure in article.related_procedures.all()],
    }
    return render(request, "education/article_detail.html", context)


def faq_list(request):
    form = FAQFilterForm(request.GET or None)
    topic = form.cleaned_data.get("topic", "") if form.is_valid() else ""
    return render(request, "education/faq_list.html", {"form": form, "faqs": selectors.faq_list_published(topic=topic)})


def surgeon_list(request):
    return render(request, "education/surgeon_list.html", {"surgeons": Surgeon.objects.all()})


def surgeon_detail(request, slug):
    surgeon = selectors.surgeon_get(slug=slug)
    articles = selectors.surgeon_articles_published(surgeon=surgeon)
    return render(request, "education/surgeon_detail.html", {"surgeon": surgeon, "articles": articles})

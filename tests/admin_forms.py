"""What the article admin form posts, for tests that edit articles as staff do."""


def change_form_data(article, **overrides):
    """The article's admin form as the browser would post it, with no inline changes."""
    sections = list(article.sections.all())
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "language": article.language,
        "translation_of": article.translation_of_id or "",
        "summary": article.summary,
        "author": article.author_id or "",
        "next_review_due": "",
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "figures-TOTAL_FORMS": 0,
        "figures-INITIAL_FORMS": 0,
        "warning_signs-TOTAL_FORMS": 0,
        "warning_signs-INITIAL_FORMS": 0,
        "faqs-TOTAL_FORMS": 0,
        "faqs-INITIAL_FORMS": 0,
        "teach_back_questions-TOTAL_FORMS": 0,
        "teach_back_questions-INITIAL_FORMS": 0,
    }
    for index, section in enumerate(sections):
        data.update(
            {
                f"sections-{index}-id": section.pk,
                f"sections-{index}-article": article.pk,
                f"sections-{index}-kind": section.kind,
                f"sections-{index}-heading": section.heading,
                f"sections-{index}-body": section.body,
                f"sections-{index}-order": section.order,
            }
        )
    data.update(overrides)
    return data

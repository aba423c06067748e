"""What the article admin form posts, for tests that edit articles as staff do."""

from html.parser import HTMLParser


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


class _FormFields(HTMLParser):
    """The fields of one <form> (by id) as a browser submits them: inputs, checked boxes, text areas and
    selected options; no buttons or files."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea = self.select = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            text = "".join(self.text)
            self.data.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select":
            self.select = None


def posted_form(html: str, form_id: str = "article_form", **overrides) -> dict:
    """What a browser posts from the form `form_id` of `html`, with `overrides` typed in (as a dict of
    lists, for Django's test client)."""
    parser = _FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update({name: value if isinstance(value, list) else [value] for name, value in overrides.items()})
    return data


def draft_form_data(client, article, **overrides) -> dict:
    """The draft form of a published article (`/admin/education/article/<id>/draft/`) as a browser
    posts it: management forms, inline prefixes, hidden part keys."""
    from django.urls import reverse

    page = client.get(reverse("admin:education_article_draft", args=[article.pk]))
    assert page.status_code == 200, page.status_code
    return posted_form(page.content.decode(), **overrides)

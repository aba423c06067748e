"""Content Security Policy: our own files only, no inline script or style, and the admin still works.

What the policy had to allow for the admin: nothing beyond data: images
(Bootstrap's and the admin's CSS draw icons with them). Django's change list
adds an inline <style> only for a list with actions neither on top nor at the
bottom, which no admin here sets; simple-history's history page has a
style="" attribute on its paginator, which the policy blocks, dropping only a
border.
"""

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from portal.audit.models import AuditEvent
from tests.factories import ArticleFactory, AssignmentFactory, FAQFactory, SectionFactory


class InlineFinder(HTMLParser):
    """Collects inline scripts, <style> blocks, style="" and on…="" attributes."""

    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.style_attributes, self.handlers = [], [], [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and "nonce" not in attributes:
            self._in = "script"
        if tag == "style" and "nonce" not in attributes:
            self._in = "style"
        if "style" in attributes:
            self.style_attributes.append(f"<{tag} style={attributes['style']!r}>")
        self.handlers += [f"<{tag} {name}>" for name in attributes if name.startswith("on")]

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script" and data.strip():
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)


def style_hash(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    allowed = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    problems = [f"inline script: {script[:60]!r}" for script in finder.scripts]
    problems += [
        f"inline style not allowed by hash: {css[:60]!r}" for css in finder.styles if style_hash(css) not in allowed
    ]
    problems += [f"event handler attribute {handler}" for handler in finder.handlers]
    return problems


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_page_sends_a_strict_policy(client):
    directives = policy(client.get(reverse("login")))
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


@pytest.fixture
def content(patient):
    article = ArticleFactory(slug="fusion", title="Spinal fusion")
    SectionFactory(article=article, body="Fusion joins two bones. **Rest** after surgery.")
    FAQFactory(article=article)
    AssignmentFactory(patient=patient, article=article)
    return article


def test_patient_pages_have_no_inline_script_or_style(patient_client, content):
    urls = [
        reverse("home"),
        reverse("education:article_list"),
        content.get_absolute_url(),
        reverse("education:faq_list"),
        reverse("education:surgeon_list"),
        content.author.get_absolute_url(),
        reverse("education:search") + "?q=fusion",
        reverse("education:glossary"),
        reverse("education:warning_sign_guide"),
        reverse("care:my_page"),
        reverse("password_change"),
        reverse("two_factor_setup"),
    ]
    for url in urls:
        response = patient_client.get(url)
        assert response.status_code == 200, url
        assert inline_problems(response.text) == [], url


def test_admin_pages_render_under_the_policy(client, superuser, verified_login, content, patient):
    verified_login(client, superuser)
    AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_email="a@example.com")
    urls = [
        reverse("admin:index"),
        reverse("admin:education_article_changelist"),
        reverse("admin:education_article_change", args=[content.pk]),
        reverse("admin:education_article_add"),
        reverse("admin:education_article_history", args=[content.pk]),
        reverse("admin:accounts_user_change", args=[patient.pk]),
        reverse("admin:care_readingplan_add"),
        reverse("admin:audit_auditevent_changelist"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        assert inline_problems(response.text) == [], url


def test_the_article_change_form_loads_its_scripts_from_files(client, superuser, verified_login, content):
    """Sortable inlines, the prepopulated slug and the inline formsets all come from static files."""
    verified_login(client, superuser)
    response = client.get(reverse("admin:education_article_change", args=[content.pk]))
    assert response.status_code == 200
    finder = InlineFinder()
    finder.feed(response.text)
    assert finder.scripts == []
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', response.text)
    assert "/static/adminsortable2/js/adminsortable2.min.js" in sources
    assert "/static/admin/js/prepopulate_init.js" in sources
    assert "/static/admin/js/inlines.js" in sources
    assert "Fusion joins two bones" in response.text

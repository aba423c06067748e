"""Every admin path to what patients read goes through a medical reviewer: an editor (or a
user who may only view) cannot change it directly, by its own page or by reverting its history."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from education.models import FAQ, GlossaryTerm, Section, Surgeon, WarningSign
from estimates.models import Procedure
from portal.audit.models import AuditEvent
from tests.factories import (
    ArticleFactory,
    FAQFactory,
    FigureFactory,
    GlossaryTermFactory,
    ProcedureFactory,
    SectionFactory,
    UserFactory,
    WarningSignFactory,
)


@pytest.fixture
def content(db):
    article = ArticleFactory(slug="live-one")  # published
    return {
        "section": SectionFactory(article=article, body="Live text."),
        "figure": FigureFactory(article=article, caption="Live caption"),
        "faq": FAQFactory(article=article, question="Live question?"),
        "general_faq": FAQFactory(article=None, question="General question?"),
        "warningsign": WarningSignFactory(article=article, text="Live sign"),
        "clinic_sign": WarningSignFactory(article=None, text="Clinic-wide sign"),
        "glossaryterm": GlossaryTermFactory(term="disc", definition="A soft cushion."),
        "surgeon": article.author,
        "procedure": ProcedureFactory(cpt_code="63030", plain_name="Disc surgery"),
    }


@pytest.fixture
def view_only(db):
    """Staff who may look at every content model but change none."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__startswith="view_", content_type__app_label__in=["education", "estimates"])
    )
    return user


CHANGES = {
    "section": ("education_section", {"body": "Changed text."}),
    "figure": ("education_figure", {"caption": "Changed caption"}),
    "faq": ("education_faq", {"question": "Changed?", "answer": "Yes."}),
    "general_faq": ("education_faq", {"question": "Changed?", "answer": "Yes.", "language": "en"}),
    "warningsign": ("education_warningsign", {"text": "Changed sign", "urgency": "call_clinic"}),
    "clinic_sign": ("education_warningsign", {"text": "Changed sign", "urgency": "call_clinic", "language": "en"}),
    "glossaryterm": ("education_glossaryterm", {"term": "disc", "slug": "disc", "definition": "Changed."}),
    "surgeon": ("education_surgeon", {"name": "Dr. Renamed", "slug": "renamed"}),
}
WORDS = {
    "section": ("body", "Live text."),
    "figure": ("caption", "Live caption"),
    "faq": ("question", "Live question?"),
    "general_faq": ("question", "General question?"),
    "warningsign": ("text", "Live sign"),
    "clinic_sign": ("text", "Clinic-wide sign"),
    "glossaryterm": ("definition", "A soft cushion."),
}


def unchanged(obj, name):
    obj.refresh_from_db()
    field, value = WORDS.get(name, ("name", None))
    return value is None or getattr(obj, field) == value


@pytest.mark.parametrize("name", list(CHANGES))
def test_an_editor_cannot_change_it_on_its_own_admin_page(client, editor, content, verified_login, name):
    verified_login(client, editor)
    prefix, data = CHANGES[name]
    obj = content[name]
    before = str(obj)
    response = client.post(reverse(f"admin:{prefix}_change", args=[obj.pk]), data)
    assert response.status_code == 403
    assert unchanged(obj, name)
    assert str(obj) == before


@pytest.mark.parametrize("name", list(CHANGES))
def test_an_editor_cannot_delete_it(client, editor, content, verified_login, name):
    verified_login(client, editor)
    prefix, _data = CHANGES[name]
    obj = content[name]
    response = client.post(reverse(f"admin:{prefix}_delete", args=[obj.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("persona", ["editor", "view_only"])
# An article's sections, figures, questions and signs have no row-by-row history: their history is
# the article's revisions (issue 26). Clinic-wide questions and signs, the glossary and surgeons keep theirs.
@pytest.mark.parametrize("name", ["general_faq", "clinic_sign", "glossaryterm", "surgeon", "procedure"])
def test_reverting_its_history_needs_the_right_to_change_it(client, request, content, verified_login, persona, name):
    user = request.getfixturevalue(persona)
    prefix = CHANGES[name][0] if name in CHANGES else "estimates_procedure"
    obj = content[name]
    first = obj.history.order_by("history_id").first()
    verified_login(client, user)
    url = reverse(f"admin:{prefix}_simple_history", args=[obj.pk, first.history_id])
    assert client.get(url).status_code == 200  # may look
    data = {**CHANGES.get(name, ("", {}))[1], "cpt_code": "63030", "plain_name": "Renamed", "official_name": "X"}
    assert client.post(url, data).status_code == 403
    assert unchanged(obj, name)
    if name == "procedure":
        assert Procedure.objects.get(pk=obj.pk).plain_name == "Disc surgery"


def test_an_editor_cannot_add_glossary_terms_or_clinic_wide_signs(client, editor, content, verified_login):
    verified_login(client, editor)
    response = client.post(
        reverse("admin:education_glossaryterm_add"), {"term": "nerve", "slug": "nerve", "definition": "A wire."}
    )
    assert response.status_code == 403
    assert client.post(reverse("admin:education_warningsign_add"), {"text": "x"}).status_code == 403
    assert not GlossaryTerm.objects.filter(term="nerve").exists()


def test_a_medical_reviewer_changes_a_glossary_term_and_it_is_audited(client, reviewer, content, verified_login):
    verified_login(client, reviewer)
    term = content["glossaryterm"]
    response = client.post(
        reverse("admin:education_glossaryterm_change", args=[term.pk]),
        {"term": "disc", "slug": "disc", "language": "en", "definition": "A soft pad between two bones."},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.definition == "A soft pad between two bones."
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONTENT_CHANGED, target_id=str(term.pk)).exists()


def test_only_a_superuser_links_a_surgeon_to_a_login_or_lets_them_approve(
    client, reviewer, editor, content, verified_login
):
    surgeon = content["surgeon"]
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:education_surgeon_change", args=[surgeon.pk]),
        {"name": surgeon.name, "slug": surgeon.slug, "user": editor.pk, "approves_content": ""},
    )
    assert response.status_code == 302
    surgeon.refresh_from_db()
    assert surgeon.user is None
    assert surgeon.approves_content


def test_a_reviewers_revert_of_a_glossary_term_is_audited(client, reviewer, content, verified_login):
    term = content["glossaryterm"]
    first = term.history.order_by("history_id").first()
    GlossaryTerm.objects.filter(pk=term.pk).update(definition="Wrong.")
    verified_login(client, reviewer)
    url = reverse("admin:education_glossaryterm_simple_history", args=[term.pk, first.history_id])
    response = client.post(url, {"term": "disc", "slug": "disc", "language": "en", "definition": "A soft cushion."})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CONTENT_REVERTED, target_id=str(term.pk)).exists()


def test_sections_and_figures_have_no_add_page(client, reviewer, content, verified_login):
    verified_login(client, reviewer)
    assert client.post(reverse("admin:education_section_add"), {"body": "x"}).status_code == 403
    assert not Section.objects.filter(body="x").exists()
    assert Surgeon.objects.count() == 1
    assert FAQ.objects.count() == 2
    assert WarningSign.objects.count() == 2


def test_an_article_is_never_reverted_row_by_row_even_by_a_superuser(client, superuser, content, verified_login):
    """Its one history is its revisions; undo is "Restore as a new draft" from them, through review."""
    article = content["section"].article
    verified_login(client, superuser)
    for prefix in ("education_article", "education_section", "education_figure"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{prefix}_simple_history", args=[article.pk, 1])
    assert not content["faq"].history.exists()  # a part of an article: recorded in its revisions only
    assert content["general_faq"].history.exists()
    assert client.get(reverse("admin:education_article_revisions", args=[article.pk])).status_code == 200

"""Reviewers see the content checks and PEMAT on the article's admin page and in the article list.

The checks warn; publishing still works with warnings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education import services
from education.models import Article, PematRating
from education.quality import PEMAT_ITEMS, UNDERSTANDABILITY
from education.selectors import article_quality_report
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory, WarningSignFactory


@pytest.fixture
def flagged(db):
    """A draft with a red flag under 'call the clinic' and an unexplained word."""
    article = ArticleFactory(title="Flagged article", status=Article.Status.DRAFT, language="en")
    SectionFactory(article=article, body="You will have an MRI before surgery.")
    WarningSignFactory(article=article, urgency="call_clinic", text="Chest pain")
    article.refresh_text_stats()
    return article


def pemat_post(article, understand="agree", act="agree", **overrides):
    data = {"article": article.pk}
    for item in PEMAT_ITEMS:
        data[f"item_{item.number}"] = understand if item.domain == UNDERSTANDABILITY else act
    data.update(overrides)
    return data


def test_the_change_page_shows_the_checks_to_staff(client, reviewer, flagged, verified_login):
    verified_login(client, reviewer)
    html = client.get(reverse("admin:education_article_change", args=[flagged.pk])).text
    assert "Content checks" in html
    assert "Red-flag triage" in html
    assert "“Chest pain” — chest pain" in html
    assert "/admin/education/glossaryterm/add/?term=MRI&amp;slug=mri&amp;language=en" in html
    assert "Not rated yet." in html
    assert f"/admin/education/pematrating/add/?article={flagged.pk}" in html


def test_the_change_page_shows_the_checks_in_spanish(client, reviewer, verified_login):
    article = ArticleFactory(title="Artículo", language="es", status=Article.Status.DRAFT)
    SectionFactory(article=article, body="Le harán una resonancia magnética.")
    WarningSignFactory(article=article, urgency="call_clinic", text="Dificultad para respirar")
    reviewer.admin_language = "es"  # the admin's own language (issue 34), not the patient site's cookie
    reviewer.save(update_fields=["admin_language"])
    verified_login(client, reviewer)
    client.cookies["django_language"] = "es"
    html = client.get(reverse("admin:education_article_change", args=[article.pk]), HTTP_ACCEPT_LANGUAGE="es").text
    assert "Revisión del contenido" in html
    assert "dificultad para respirar" in html
    assert "Agregar al glosario" in html


def test_only_a_red_flag_holds_publishing_the_other_checks_warn(client, reviewer, flagged, verified_login):
    SurgeonFactory(user=reviewer, approves_content=True)
    assert flagged.quality_warnings == 2
    services.article_submit_for_review(article=flagged)
    verified_login(client, reviewer)
    changelist = reverse("admin:education_article_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [flagged.pk]}, follow=True)
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.IN_REVIEW  # chest pain under "call the clinic"
    assert "Not published" in response.text
    flagged.warning_signs.update(urgency="emergency")
    services.article_submit_for_review(article=flagged)  # the corrected version is sent for review
    client.post(changelist, {"action": "publish", "_selected_action": [flagged.pk]})
    flagged.refresh_from_db()
    assert flagged.status == Article.Status.PUBLISHED  # the unexplained word only warns


def test_the_article_list_filters_by_warnings_and_pemat(client, editor, flagged, verified_login):
    # The list keeps five columns (issue 34); warnings and PEMAT are filters on the right.
    clean = ArticleFactory(title="Clean article")
    SectionFactory(article=clean, body="You go home the same day.")
    clean.refresh_text_stats()
    PematRating.objects.create(article=clean, understandability=90, actionability=60)
    verified_login(client, editor)
    changelist = reverse("admin:education_article_changelist")
    with_warnings = client.get(changelist, {"warnings": "some"}).context["cl"]
    assert [a.title for a in with_warnings.result_list] == ["Flagged article"]
    # A PEMAT score under 70%; articles not rated yet are not in it.
    low_pemat = client.get(changelist, {"pemat": "low"}).context["cl"]
    assert [a.title for a in low_pemat.result_list] == ["Clean article"]
    html = client.get(changelist).text
    assert "content warnings" in html.lower()
    assert "A score under 70%" in html


def test_the_article_list_costs_the_same_queries_for_more_articles(
    client, editor, flagged, verified_login, django_assert_max_num_queries
):
    verified_login(client, editor)
    changelist = reverse("admin:education_article_changelist")
    client.get(changelist)
    with CaptureQueriesContext(connection) as one:
        client.get(changelist)
    for index in range(5):
        article = ArticleFactory(title=f"More {index}")
        PematRating.objects.create(article=article, understandability=80, actionability=80)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(changelist)


def test_a_reviewer_rates_pemat_and_the_scores_are_stored(client, reviewer, flagged, verified_login):
    verified_login(client, reviewer)
    add = reverse("admin:education_pematrating_add")
    form = client.get(add, {"article": flagged.pk}).text
    assert "Understandability" in form
    assert "Not applicable" in form
    data = pemat_post(flagged, item_1="disagree", item_24="na", item_25="na", item_20="disagree", item_21="disagree")
    response = client.post(add, data, follow=True)
    assert response.redirect_chain, response.context["adminform"].form.errors
    assert "A score is under 70%" in response.text
    rating = PematRating.objects.get(article=flagged)
    assert (rating.understandability, rating.actionability) == (94, 60)  # 16/17 and 3/5
    assert rating.answers["24"] == "na"
    assert rating.rated_by == reviewer
    html = client.get(reverse("admin:education_article_change", args=[flagged.pk])).text
    assert "Understandability 94%, actionability 60%." in html
    assert "A PEMAT score under 70%" in html


def test_not_applicable_is_refused_where_the_tool_has_no_such_answer(client, reviewer, flagged, verified_login):
    verified_login(client, reviewer)
    response = client.post(reverse("admin:education_pematrating_add"), pemat_post(flagged, item_1="na"))
    assert response.status_code == 200
    assert "item_1" in response.context["adminform"].form.errors
    assert not PematRating.objects.exists()


def test_an_editor_reads_pemat_but_cannot_rate(client, editor, flagged, verified_login):
    verified_login(client, editor)
    assert client.get(reverse("admin:education_pematrating_add")).status_code == 403
    assert client.post(reverse("admin:education_pematrating_add"), pemat_post(flagged)).status_code == 403
    assert client.get(reverse("admin:education_pematrating_changelist")).status_code == 200


def test_add_to_glossary_opens_the_form_with_the_word_filled_in(client, reviewer, flagged, verified_login):
    # Glossary terms reach patients, so medical reviewers add them (issue 13's one door).
    (term,) = article_quality_report(flagged).unexplained_terms
    verified_login(client, reviewer)
    form = client.get(term.add_to_glossary_url).context["adminform"].form
    assert (form["term"].value(), form["slug"].value(), form["language"].value()) == ("MRI", "mri", "en")


def test_the_change_page_costs_the_same_queries_for_a_longer_article(client, editor, flagged, verified_login):
    verified_login(client, editor)
    url = reverse("admin:education_article_change", args=[flagged.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for index in range(5):
        SectionFactory(article=flagged, body=f"Part {index}. You walk a little more each day.")
        WarningSignFactory(article=flagged, urgency="call_clinic", text=f"Sign {index}")
    with CaptureQueriesContext(connection) as longer:
        client.get(url)
    assert len(longer.captured_queries) == len(short.captured_queries)

"""The article list a busy editor scans (issue 34): title, status, language, waiting since and next review,
an "Edit" button that opens the draft in one click; everything else is a filter."""

from django.urls import reverse

from education import services
from education.models import Article
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory


def test_the_list_shows_five_columns_and_edit(client, editor, verified_login):
    ArticleFactory(title="Neck surgery")
    verified_login(client, editor)
    cl = client.get(reverse("admin:education_article_changelist")).context["cl"]
    assert list(cl.list_display) == [
        "action_checkbox",
        "title",
        "status_display",
        "language",
        "waiting_since",
        "next_review_due",
        "edit_link",
    ]
    filters = [spec.title for spec in cl.filter_specs]
    assert {"reading grade", "content warnings", "PEMAT", "translation", "review"} <= {str(t) for t in filters}


def test_waiting_since_is_the_day_it_went_to_review(client, editor, reviewer, verified_login):
    SurgeonFactory(user=reviewer, approves_content=True)
    waiting = ArticleFactory(title="Waiting article", status=Article.Status.DRAFT)
    SectionFactory(article=waiting)
    services.article_submit_for_review(article=waiting, user=editor)
    ArticleFactory(title="Quiet article", status=Article.Status.DRAFT)
    verified_login(client, editor)
    cl = client.get(reverse("admin:education_article_changelist")).context["cl"]
    by_title = {article.title: article for article in cl.result_list}
    assert by_title["Waiting article"].waiting_since is not None
    assert by_title["Quiet article"].waiting_since is None


def test_edit_opens_the_draft_of_a_published_article(client, editor, reviewer, verified_login):
    SurgeonFactory(user=reviewer, approves_content=True)
    article = ArticleFactory(title="Published one", status=Article.Status.DRAFT)
    SectionFactory(article=article, body="Walk a little every day.")
    live = services.article_submit_and_publish(article=article, user=reviewer)
    verified_login(client, editor)
    html = client.get(reverse("admin:education_article_changelist")).text
    draft_url = reverse("admin:education_article_draft", args=[live.pk])
    assert f'href="{draft_url}"' in html
    page = client.get(draft_url)
    assert page.status_code == 200
    assert 'name="sections-0-body"' in page.text
    assert "Walk a little every day." in page.text
    assert Article.all_objects.count() == 1  # opening the draft writes nothing


def test_staff_who_may_only_view_articles_get_no_edit_button(client, verified_login):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    ArticleFactory(title="Neck surgery")
    verified_login(client, viewer)
    cl = client.get(reverse("admin:education_article_changelist")).context["cl"]
    assert "edit_link" not in cl.list_display

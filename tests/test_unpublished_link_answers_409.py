"""A patient link the database refuses (issue 26's trigger) answers a plain 409 with nothing saved, never a 500.

The admin forms already offer only published content; this is the door left when an article is taken
off the portal between a form's check and its save, walked through the whole middleware stack.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import path

from care.models import ReadingPlan, ReadingPlanItem
from education.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def link_to_draft(request):
    with transaction.atomic():
        plan = ReadingPlan.objects.create(name="Plan written in the same transaction")
        ReadingPlanItem.objects.create(plan=plan, article=ArticleFactory(status=Article.Status.DRAFT))
    raise AssertionError("the database accepted a link to a draft")


link_to_draft.login_required = False
urlpatterns = [path("link-to-draft/", link_to_draft)]


def test_the_refusal_is_a_plain_409_and_nothing_is_written(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/link-to-draft/")
    assert response.status_code == 409
    assert "That content is not published" in response.text
    assert "Traceback" not in response.text
    assert not ReadingPlan.objects.exists()


def test_other_integrity_errors_are_not_hidden(settings):
    from django.db import IntegrityError

    from education.middleware import UnpublishedLinkMiddleware

    assert UnpublishedLinkMiddleware(lambda request: None).process_exception(None, IntegrityError("dup key")) is None

"""Every cache behind the article, list and FAQ pages (portal/hot_page.py, care/reader_parts.py,
the session's pointer of portal/sessions.py) gives way at once to each change of what it holds:
a stale page for a patient is a defect. Each test runs with the in-process cache and with Redis."""

from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from care import services
from care.models import Assignment, Bookmark
from portal.sessions import POINTER
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import ArticleFactory, AssignmentFactory, FAQFactory, PatientFactory, SectionFactory
from tests.test_pathways import SURGERY, template  # noqa: F401 (fixture)
from tests.test_user_cache_warm import redis_cache  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
SAVED = "Saved to my page ✓"


@pytest.fixture(params=["in-process cache", "redis"])
def backend(request):
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    return None


@pytest.fixture
def article(backend):
    article = ArticleFactory(title="Back Surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="", body="Discs wear out.", order=1)
    FAQFactory(article=article, question="Does it hurt?", answer="A little.")
    return article


@pytest.fixture
def reader(patient, backend):
    client = Client()
    client.force_login(patient)
    return client


def warm(client, url) -> str:
    client.get(url)
    return client.get(url).text


def test_a_content_change_shows_at_once_on_every_page(reader, article):
    pages = [article.get_absolute_url(), reverse("education:article_list"), reverse("education:faq_list")]
    for url in pages:
        warm(reader, url)
    section = article.sections.get()
    section.body = "Discs heal slowly."
    section.save()
    faq = article.faqs.get()
    faq.question = "Will it hurt afterwards?"
    faq.save()
    ArticleFactory(title="Neck Surgery")
    assert "Discs heal slowly." in reader.get(pages[0]).text
    assert "Neck Surgery" in reader.get(pages[1]).text
    assert "Will it hurt afterwards?" in reader.get(pages[2]).text


def test_a_bookmark_shows_at_once_and_so_does_its_removal(reader, patient, article):
    url = article.get_absolute_url()
    assert SAVED not in warm(reader, url)
    reader.post(reverse("care:bookmark_article", args=[article.slug]))
    assert SAVED in reader.get(url).text
    Bookmark.objects.filter(patient=patient).delete()
    assert SAVED not in reader.get(url).text


def test_an_assignment_made_changed_or_taken_away_shows_at_once(reader, patient, article):
    url = article.get_absolute_url()
    assert "Your care team asked you to read this." not in warm(reader, url)
    assignment = AssignmentFactory(patient=patient, article=article, note="First note")
    assert "First note" in reader.get(url).text
    assignment.note = "Second note"
    assignment.save()
    assert "Second note" in reader.get(url).text
    Assignment.objects.filter(pk=assignment.pk).delete()
    assert "Second note" not in reader.get(url).text


def test_opening_an_assigned_article_is_recorded_once_and_the_parts_follow(reader, patient, article):
    assignment = AssignmentFactory(patient=patient, article=article)
    reader.get(article.get_absolute_url())
    assignment.refresh_from_db()
    opened = assignment.opened_at
    assert opened is not None
    reader.get(article.get_absolute_url())
    assignment.refresh_from_db()
    assert assignment.opened_at == opened  # the cached parts know it was opened


def test_a_moved_surgery_date_shows_the_new_read_by_date_at_once(
    reader, patient, backend, request, django_capture_on_commit_callbacks
):
    pathway_template = request.getfixturevalue("template")  # tests/test_pathways.py's
    with django_capture_on_commit_callbacks(execute=True):
        pathway = services.pathway_enrol(patient=patient, template=pathway_template, surgery_date=SURGERY)
    article = Assignment.objects.get(patient=patient).article
    before = date_format(date(2026, 12, 7), "DATE_FORMAT")
    assert f"Please read it by {before}." in warm(reader, article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.pathway_move_surgery(pathway=pathway, surgery_date=SURGERY + timedelta(days=10))
    after = date_format(date(2026, 12, 17), "DATE_FORMAT")
    assert f"Please read it by {after}." in reader.get(article.get_absolute_url()).text


def test_the_language_and_text_size_chosen_show_at_once(reader, article):
    url = article.get_absolute_url()
    assert '<html lang="en">' in warm(reader, url)
    reader.post(reverse("text_size_switch"), {"size": "150", "next": url})
    assert 'class="text-size-150"' in reader.get(url).text
    reader.post(reverse("language_switch"), {"language": "es", "next": url})
    assert '<html lang="es" class="text-size-150">' in reader.get(url).text


def test_a_revoked_grant_ends_the_caregivers_pages_at_once(patient, article, backend):
    grant = grant_for(patient)
    caregiver = caregiver_client(grant)
    url = article.get_absolute_url()
    assert "You are viewing for" in warm(caregiver, url)
    patient_client = Client()
    patient_client.force_login(patient)
    patient_client.post(reverse("care:caregiver_revoke", args=[grant.pk]))
    response = caregiver.get(url)
    assert response.status_code == 404
    assert "You are viewing for" not in caregiver.get(url).text  # back to their own reading


@pytest.mark.usefixtures("redis_cache")
def test_with_redis_a_pointer_naming_another_person_never_shows_their_parts(patient, article):
    """The session's pointer is a guess: each entry is looked up under this reader's own key."""
    Bookmark.objects.create(patient=patient, article=article, title=article.title)
    AssignmentFactory(patient=patient, article=article, note="For the first patient")
    first = Client()
    first.force_login(patient)
    assert SAVED in warm(first, article.get_absolute_url())
    second_patient = PatientFactory()
    second = Client()
    second.force_login(second_patient)
    # The second reader's pointer names the first patient's entries (as a stale pointer would).
    caches["default"].set_pointer(POINTER.format(second.session.session_key), f"{patient.pk} en:100", 60)
    for _ in range(2):
        html = second.get(article.get_absolute_url()).text
        assert SAVED not in html
        assert "For the first patient" not in html

"""The layout parts that are the same for every reader (navigation, footer, style sheets, the
glossary) are rendered once per language; what belongs to one reader is rendered for each."""

import re

from django.test import Client
from django.urls import reverse

from tests.factories import GlossaryTermFactory, PatientFactory


def test_the_navigation_and_footer_follow_the_readers_language(patient_client, patient):
    html = patient_client.get(reverse("home")).text
    assert "In an emergency, call 911." in html
    assert ">My page<" in html
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    html = patient_client.get(reverse("home")).text
    assert "In an emergency, call 911." not in html
    assert ">My page<" not in html


def test_each_reader_gets_a_working_log_out_button(patient):
    first = Client(enforce_csrf_checks=True)
    first.force_login(patient)
    first.get(reverse("home"))
    second = Client(enforce_csrf_checks=True)
    second.force_login(PatientFactory())
    html = second.get(reverse("home")).text
    token = re.search(
        r'action="/accounts/logout/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html
    )
    assert token, "the log-out form has a CSRF token"
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert "_auth_user_id" not in second.session


def test_the_glossary_is_served_from_the_cache_and_shows_an_edit_at_once(patient_client, django_assert_max_num_queries):
    term = GlossaryTermFactory(term="Disc", slug="disc", definition="A soft cushion between bones.")
    with django_assert_max_num_queries(20) as first:
        assert "A soft cushion between bones." in patient_client.get(reverse("education:glossary")).text
    with django_assert_max_num_queries(len(first.captured_queries) - 1):
        assert "A soft cushion between bones." in patient_client.get(reverse("education:glossary")).text
    term.definition = "A soft pad between two bones of the spine."
    term.save()
    assert "A soft pad between two bones of the spine." in patient_client.get(reverse("education:glossary")).text

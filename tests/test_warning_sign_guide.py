import logging

import pytest
from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory, WarningSignFactory


@pytest.fixture
def signs(db):
    article = ArticleFactory(is_post_operative=True)
    emergency = WarningSignFactory(
        article=article, urgency="emergency", group="Suspected stroke", text="Trouble speaking"
    )
    clinic = WarningSignFactory(article=None, urgency="call_clinic", text="A fever over 101 degrees")
    WarningSignFactory(article=ArticleFactory(status=Article.Status.DRAFT), text="From a draft")
    return {"emergency": emergency, "clinic": clinic}


def test_guide_lists_signs_emergency_first_and_hides_drafts(patient_client, signs):
    html = patient_client.get(reverse("education:warning_sign_guide")).text
    assert html.index("Trouble speaking") < html.index("A fever over 101 degrees")
    assert "From a draft" not in html


def test_emergency_answer_comes_first(patient_client, signs):
    response = patient_client.post(
        reverse("education:warning_sign_guide"), {"signs": [signs["clinic"].pk, signs["emergency"].pk]}
    )
    html = response.text
    assert html.index("Call 911 or go to the emergency room now.") < html.index("Call the clinic today at")


def test_clinic_sign_alone_says_call_the_clinic_with_the_number(patient_client, signs):
    html = patient_client.post(reverse("education:warning_sign_guide"), {"signs": [signs["clinic"].pk]}).text
    # The number is a link a phone can dial (RFC 3966: no spaces or brackets).
    assert 'Call the clinic today at <a class="phone" href="tel:+16315550100">(631) 555-0100</a>.' in html
    assert 'After hours, call <a class="phone" href="tel:+16315550199">(631) 555-0199</a>.' in html
    assert "emergency room now" not in html


def test_nothing_ticked_says_what_to_watch_for(patient_client, signs):
    html = patient_client.post(reverse("education:warning_sign_guide"), {}).text
    assert "None of the warning signs: keep watching." in html


def test_what_is_ticked_is_not_stored_or_logged(patient_client, signs, caplog, django_assert_max_num_queries):
    caplog.set_level(logging.DEBUG)
    with django_assert_max_num_queries(4) as queries:
        patient_client.post(reverse("education:warning_sign_guide"), {"signs": [signs["emergency"].pk]})
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == [] or all("django_session" in sql for sql in writes)
    assert "Trouble speaking" not in caplog.text
    assert str(signs["emergency"].pk) not in "".join(
        r.getMessage() for r in caplog.records if "signs" in r.getMessage()
    )


def test_a_bad_choice_is_a_friendly_error_not_a_crash(patient_client, signs):
    response = patient_client.post(reverse("education:warning_sign_guide"), {"signs": ["99999"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_with_no_signs_published_the_guide_still_says_whom_to_call(patient_client):
    html = patient_client.get(reverse("education:warning_sign_guide")).text
    assert 'id="no-signs"' in html
    assert "Call the clinic at" in html
    assert "call 911" in html
    assert "What should I do?" not in html  # no bare button


def test_a_spanish_reader_gets_the_english_signs_when_none_are_in_spanish(patient_client, signs):
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    html = patient_client.get(reverse("education:warning_sign_guide")).text
    assert 'id="no-signs"' not in html
    assert "Disponible solo en inglés" in html

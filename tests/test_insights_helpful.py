""" "Was this helpful?" on every section and FAQ answer: a small Yes / No form that posts without
JavaScript, in plain English and Spanish, buffered like every patient record. After a "no", "What
was unclear?" on its own page (issue 35): its words go with that "no", never counted again."""

import re

import pytest
from django.urls import reverse

from education.rendering import CSRF_PLACEHOLDER
from insights.models import HelpfulVote
from insights.services import HELPFUL_UNCLEAR, events_flush
from portal import events
from tests.factories import ArticleFactory, FAQFactory, SectionFactory

HELPFUL_FORM = re.compile(r"<form method=post action=/feedback/helpful/ class=helpful>.*?</form>", re.S)
FORM_BUDGET = 500  # bytes per form: about 50 of them on a long article page (issue 35)
UNCLEAR_URL = reverse("insights:helpful_unclear")


@pytest.fixture
def article(db):
    article = ArticleFactory(slug="neck-pain")
    SectionFactory(article=article, kind="recovery", heading="Getting better")
    FAQFactory(article=article, question="Can I drive?")
    return article


def vote(client, article, helpful, part="section", **headers):
    thing = article.sections.get() if part == "section" else article.faqs.get()
    data = {"article": article.pk, "part": part, "key": thing.key, "helpful": helpful}
    return client.post(reverse("insights:helpful"), data, headers=headers)


def test_every_section_and_answer_asks_with_the_readers_own_token(patient_client, article):
    page = patient_client.get(article.get_absolute_url()).text
    assert page.count("Was this helpful?") == 2
    assert page.count("name=part value=section") == 1
    assert page.count("name=part value=faq") == 1
    assert CSRF_PLACEHOLDER not in page
    # "What was unclear?" comes only after a "no": once per page, for the script.
    assert page.count('<template id="helpful-unclear">') == 1
    assert page.count("What was unclear? (optional)") == 1


def test_each_form_stays_small(patient_client, db):
    article = ArticleFactory(slug="minimally-invasive-spine-surgery-and-what-it-means-for-you")
    for order in range(5):
        SectionFactory(article=article, kind="overview", heading=f"A rather long heading for part {order}", order=order)
        FAQFactory(article=article, question=f"A question number {order}?")
    page = patient_client.get(article.get_absolute_url()).text
    forms = HELPFUL_FORM.findall(page)
    assert len(forms) == 10
    assert max(len(form.encode()) for form in forms) <= FORM_BUDGET, max(forms, key=len)


def test_the_question_is_asked_in_spanish(patient_client, patient, article):
    patient.preferred_language = "es"
    patient.save()
    spanish = ArticleFactory(language="es", translation_of=article, slug="dolor-de-cuello")
    SectionFactory(article=spanish, kind="recovery")
    page = patient_client.get(spanish.get_absolute_url()).text
    assert "¿Le ayudó esto?" in page
    assert "¿Qué no quedó claro? (opcional)" in page


def test_a_no_then_what_was_unclear_without_javascript_counts_one_no(patient_client, patient, article):
    section = article.sections.get()
    back = f"{article.get_absolute_url()}#{section.anchor}"
    response = vote(patient_client, article, "no", Referer=f"http://testserver{article.get_absolute_url()}")
    assert response["Location"] == UNCLEAR_URL  # the part is in the session, not in the address

    page = patient_client.get(UNCLEAR_URL).text
    assert "Thank you for your answer" in page
    assert 'name="unclear"' in page
    assert f'href="{back}"' in page

    response = patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "  What is a disc?  "}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "Thank you. Your answer helps us make our pages clearer." in response.text
    assert not HelpfulVote.objects.exists()  # buffered

    events_flush()

    vote_ = HelpfulVote.objects.get()
    assert (vote_.patient, vote_.article, vote_.part_key, vote_.helpful, vote_.unclear) == (
        patient, article, section.key, False, "What is a disc?"
    )  # fmt: skip


def test_words_for_a_no_written_in_an_earlier_batch_are_added_to_it(patient_client, article):
    section = article.sections.get()
    vote(patient_client, article, "no")
    events_flush()
    patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "Too many long words."})
    events_flush()
    assert list(HelpfulVote.objects.values_list("helpful", "unclear")) == [(False, "Too many long words.")]


def test_words_are_taken_once_per_no_and_never_without_one(patient_client, article):
    section = article.sections.get()
    response = patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "No vote before this."})
    assert response.status_code == 400
    assert "Please answer “No” again" in response.text

    vote(patient_client, article, "no")
    assert patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "First."}).status_code == 302
    assert patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "Again."}).status_code == 400
    events_flush()
    assert list(HelpfulVote.objects.values_list("helpful", "unclear")) == [(False, "First.")]


def test_words_the_session_did_not_check_never_make_an_answer(patient, article):
    # Even an event written without the view (a bug, or a batch replayed) adds no answer.
    events.record_event(HELPFUL_UNCLEAR, patient=patient.pk, key=str(article.sections.get().key), unclear="Hi")
    events_flush()
    assert not HelpfulVote.objects.exists()


def test_a_no_without_words_is_still_one_no(patient_client, article):
    section = article.sections.get()
    vote(patient_client, article, "no")
    response = patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "  "})
    assert response["Location"] == f"{article.get_absolute_url()}#{section.anchor}"
    events_flush()
    assert list(HelpfulVote.objects.values_list("helpful", "unclear")) == [(False, "")]


def test_the_follow_up_page_with_nothing_to_add_to_goes_home(patient_client, db):
    assert patient_client.get(UNCLEAR_URL)["Location"] == reverse("home")


def test_a_yes_without_javascript_goes_back_to_the_page_it_came_from(patient_client, article):
    faq = article.faqs.get()
    response = vote(patient_client, article, "yes", part="faq", Referer="http://testserver/faqs/?page=2")
    assert response["Location"] == f"/faqs/?page=2#{faq.anchor}"


def test_a_yes_sent_by_the_script_gets_a_thank_you_line(patient_client, article):
    response = vote(patient_client, article, "yes", part="faq", X_Requested_With="fetch")
    assert response.status_code == 200
    assert 'role="status"' in response.text
    events_flush()
    assert HelpfulVote.objects.get().helpful is True


def test_a_no_and_its_words_sent_by_the_script_count_one_no(patient_client, article):
    faq = article.faqs.get()
    assert 'role="status"' in vote(patient_client, article, "no", part="faq", X_Requested_With="fetch").text
    response = patient_client.post(
        UNCLEAR_URL, {"key": faq.key, "unclear": "Which car?"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200
    assert 'role="status"' in response.text
    events_flush()
    assert list(HelpfulVote.objects.values_list("helpful", "unclear")) == [(False, "Which car?")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"part": "section", "key": "5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f"}, "Choose yes or no."),
        ({"part": "section", "key": "not-a-key", "helpful": "yes"}, ""),
        ({"part": "page", "key": "5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f", "helpful": "yes"}, ""),
        ({"part": "faq", "key": "5a0d3a5e-95b8-4b9f-9d1b-1f1f1f1f1f1f", "helpful": "no", "unclear": "x" * 1001},
         "Please keep it shorter"),
    ],
)  # fmt: skip
def test_a_bad_answer_gets_a_clear_400(patient_client, data, message):
    response = patient_client.post(reverse("insights:helpful"), data)
    assert response.status_code == 400
    assert message in response.text
    assert "Your answer was not sent" in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "", "unclear": "What?"}, "This field is required."),
        ({"key": "not-a-key", "unclear": "What?"}, "Enter a valid UUID."),
        ({"unclear": "x" * 1001}, "Please keep it shorter"),
    ],
)
def test_bad_words_get_a_clear_400_that_keeps_what_was_written(patient_client, article, data, message):
    section = article.sections.get()
    vote(patient_client, article, "no")
    response = patient_client.post(UNCLEAR_URL, {"key": section.key, **data})
    assert response.status_code == 400
    assert message in response.text
    assert data["unclear"] in response.text  # nothing typed is lost
    assert patient_client.post(UNCLEAR_URL, {"key": section.key, "unclear": "Fine."}).status_code == 302  # still open


def test_an_address_elsewhere_is_not_followed(patient_client, article):
    section = article.sections.get()
    response = vote(patient_client, article, "yes", Referer="https://evil.example.com/articles/")
    assert response["Location"] == f"{article.get_absolute_url()}#{section.anchor}"
    response = patient_client.post(
        reverse("insights:helpful"),
        {"part": "section", "key": section.key, "helpful": "yes", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == f"{article.get_absolute_url()}#{section.anchor}"


def test_a_form_from_a_page_cached_before_the_follow_up_page_still_works(patient_client, article):
    section = article.sections.get()
    response = patient_client.post(
        reverse("insights:helpful"),
        {"part": "section", "key": section.key, "helpful": "no", "unclear": "Long words.", "next": "/articles/x/#y"},
    )
    assert response["Location"] == f"/articles/x/#{section.anchor}"
    events_flush()
    assert list(HelpfulVote.objects.values_list("helpful", "unclear")) == [(False, "Long words.")]


def test_the_faq_page_asks_too(patient_client, article):
    FAQFactory(article=None, question="Where do I park?")
    page = patient_client.get(reverse("education:faq_list")).text
    assert page.count("Was this helpful?") == 2
    assert page.count('<template id="helpful-unclear">') == 1
    assert CSRF_PLACEHOLDER not in page


def test_votes_on_clinic_wide_answers_show_on_the_insights_page(client, patient_client, verified_login, editor):
    faq = FAQFactory(article=None, question="Where do I park?")
    for helpful in ("no", "no", "yes"):
        patient_client.post(reverse("insights:helpful"), {"part": "faq", "key": faq.key, "helpful": helpful})
    events_flush()
    client.logout()
    verified_login(client, editor)
    page = client.get(reverse("admin:insights_overview")).text
    assert "Where do I park?" in page
    assert "<td>1</td><td>2</td>" in page

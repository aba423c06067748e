from django.urls import reverse

from tests.test_search import corpus, publish_with_text  # noqa: F401 (fixture)


def test_api_returns_results_in_rank_order(patient_client, corpus):  # noqa: F811
    response = patient_client.get(reverse("education:search_api"), {"q": "herniated disc"})
    assert response.status_code == 200
    results = response.json()["results"]
    sections = [r for r in results if r["type"] == "section"]
    assert sections[0]["article"] == "Herniated disc"
    assert set(sections[0]) == {"type", "title", "url", "snippet", "article"}
    assert {r["type"] for r in results} == {"section", "faq", "glossary", "surgeon"}


def test_api_rejects_unusable_queries_with_a_message(patient_client, db):
    response = patient_client.get(reverse("education:search_api"), {"q": "x"})
    assert response.status_code == 400
    assert "at least 2 letters" in response.json()["errors"]["q"][0]


def test_api_needs_a_login(client, db):
    response = client.get(reverse("education:search_api"), {"q": "disc"})
    assert response.status_code == 302


def test_api_lists_a_matching_warning_sign_first_with_its_urgency(patient_client, db):
    from tests.factories import WarningSignFactory

    article = publish_with_text("After surgery", "Care at home.", "A fever can happen on day one.")
    WarningSignFactory(article=article, urgency="emergency", text="A high fever with chills")
    results = patient_client.get(reverse("education:search_api"), {"q": "fever"}).json()["results"]
    assert results[0]["type"] == "warning"
    assert results[0]["urgency"] == "emergency"
    assert results[0]["url"] == reverse("education:warning_sign_guide")

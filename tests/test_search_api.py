from django.urls import reverse

from tests.test_search import corpus, publish_with_text  # noqa: F401 (fixture)


def test_api_returns_results_in_rank_order(patient_client, corpus):  # noqa: F811
    response = patient_client.get(reverse("education:search_api"), {"q": "herniated disc"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["type"] == "article"
    assert results[0]["title"] == "Herniated disc"
    assert set(results[0]) == {"type", "title", "url", "snippet"}
    assert {r["type"] for r in results} == {"article", "faq", "glossary", "surgeon"}


def test_api_rejects_unusable_queries_with_a_message(patient_client, db):
    response = patient_client.get(reverse("education:search_api"), {"q": "x"})
    assert response.status_code == 400
    assert "at least 2 letters" in response.json()["errors"]["q"][0]


def test_api_needs_a_login(client, db):
    response = client.get(reverse("education:search_api"), {"q": "disc"})
    assert response.status_code == 302

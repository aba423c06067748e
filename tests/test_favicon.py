"""Browsers ask for /favicon.ico on every site: it answers, logged in or not, instead of a 404."""

from django.urls import reverse


def test_favicon_ico_leads_to_the_icon_without_a_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("favicon.ico")
    assert "/accounts/login/" not in response.url


def test_pages_name_their_icon(patient_client):
    assert 'rel="icon" href="/static/favicon.svg"' in patient_client.get(reverse("home")).text

from django.urls import reverse


def test_home_greets_the_patient_and_shows_the_layout(patient_client):
    response = patient_client.get(reverse("home"))
    assert response.status_code == 200
    assert "Welcome, Ana" in response.text
    assert 'href="#main"' in response.text  # skip link
    assert "In an emergency, call 911." in response.text
    assert '<html lang="en">' in response.text

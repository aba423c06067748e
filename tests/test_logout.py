from django.urls import reverse


def test_logout_is_post_only(patient_client):
    assert patient_client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in patient_client.session


def test_logout_ends_the_session_and_says_so(patient_client):
    response = patient_client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have logged out" in response.text
    assert "_auth_user_id" not in patient_client.session
    assert patient_client.get(reverse("home")).status_code == 302

"""A patient who opens /admin/ is sent to the site with a plain message, not Django's staff login."""

from django.urls import reverse


def test_a_patient_opening_the_admin_lands_on_their_home_page(patient_client):
    response = patient_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == (reverse("home"), 302)
    assert "That part of the portal is for clinic staff. Here is your home page." in response.text
    assert "log in to a different account" not in response.text.lower()


def test_a_patient_on_the_admin_login_page_is_sent_home_too(patient_client):
    response = patient_client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_visitor_still_gets_the_login_page(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "That part of the portal is for clinic staff" not in response.text


def test_staff_still_reach_the_admin(client, editor, verified_login):
    verified_login(client, editor)
    assert client.get("/admin/").status_code == 200

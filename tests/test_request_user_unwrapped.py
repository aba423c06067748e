"""After the login check, a page's code reads the user itself, not through the two lazy wrappers
(Django's and django-otp's): the same person, with django-otp's fields, and an open page still
never loads the user (portal.middleware.LoginRequiredMiddleware)."""

from django.urls import reverse
from django.utils.functional import LazyObject

from portal.accounts.models import User


def test_a_page_that_needs_a_login_gets_the_user_itself(patient_client, patient):
    response = patient_client.get(reverse("education:article_list"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert not isinstance(user, LazyObject)
    assert isinstance(user, User)
    assert user.pk == patient.pk
    assert user.is_verified() is False  # django-otp's field, set before the unwrapping
    assert user.otp_device is None


def test_an_open_page_leaves_the_user_unloaded(client, patient):
    client.force_login(patient)
    response = client.get(reverse("benchmark_floor"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert isinstance(user, LazyObject)
    assert not hasattr(response.wsgi_request, "_cached_user")

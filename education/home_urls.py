"""The home page, without the `education:` namespace so that it stays `home` (portal/urls.py includes it)."""

from django.urls import path

from education import views

urlpatterns = [path("", views.home, name="home")]

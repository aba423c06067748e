"""A URL conf with language prefixes, for tests/test_locale_middleware.py."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

urlpatterns = i18n_patterns(path("page/", lambda request: HttpResponse(), name="prefixed-page"))

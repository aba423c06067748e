"""The neutral floor for `make bench`: plain Django, nothing of the portal.

One settings module, URL conf and WSGI application in one file: Django's default
middleware (as `startproject` writes it), one view returning a fixed response,
no database query, no template. `make bench` serves it with the same gunicorn
command line as the portal, so the ratio of a page to this floor is what the
portal costs on top of the framework itself.

    DJANGO_SETTINGS_MODULE=neutral_floor gunicorn --pythonpath scripts neutral_floor:application
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "neutral-floor-benchmark-only-" + "x" * 30)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
# Django's default middleware (django-admin startproject, Django 5.2).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Never queried: the view reads neither the session nor the user.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("healthz/floor", floor), path("healthz", floor)]

application = get_wsgi_application()

"""The portal's URLs plus two views that fail, for tests/test_error_pages.py."""

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def boom(request):
    raise RuntimeError("a bug with a secret detail in its traceback")


@login_not_required
def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


urlpatterns = [path("boom/", boom), path("database-down/", database_down), *portal_urlpatterns]

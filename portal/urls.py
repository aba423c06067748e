from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from portal import views

admin.site.site_header = settings.CLINIC_NAME
admin.site.site_title = settings.CLINIC_NAME

urlpatterns = [
    # First, and only for its own paths (a lookahead: nothing of the path is taken): /api/estimate is asked for
    # without a page around it, and was resolved after four other apps' patterns had failed (each failure
    # costs an exception and a list of what was tried), a tenth of its time. Any other path passes by it at
    # the cost of one regular expression.
    re_path(r"^(?=estimates/|api/estimate$)", include("estimates.urls")),
    path("", include("education.home_urls")),  # the home page is content; named by string: portal imports no app
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/floor", views.benchmark_floor, name="benchmark_floor"),
    path("language/", views.language_switch, name="language_switch"),
    path("text-size/", views.text_size_switch, name="text_size_switch"),
    path("accounts/", include("portal.accounts.urls")),
    path("", include("education.urls")),
    path("", include("care.urls")),
    path("", include("outcomes.urls")),
    path("", include("insights.urls")),
    path("admin/", admin.site.urls),
]

# Answers 503 instead of 500 while the database is unreachable (portal/errors.py).
handler500 = "portal.errors.server_error"

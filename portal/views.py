from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import text_size


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@login_not_required
@never_cache
def healthz(request):
    """For load balancers: 200 when the database and cache answer, else 503."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    body = {name: "ok" if ok else "failed" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@login_not_required
def benchmark_floor(request):
    """The framework's floor for `make bench`: no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on every site, before reading the page's icon link."""
    return redirect(static("favicon.ico"))


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return target


@login_not_required
@require_POST
def text_size_switch(request):
    """Draw the portal's text at 100, 150 or 200 %: saved on the account, and for this browser
    session (so the login page keeps it too)."""
    from portal.accounts.forms import TextSizeForm

    form = TextSizeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(gettext("Choose a text size of 100%, 150% or 200%."))
    size = form.cleaned_data["size"]
    if request.user.is_authenticated and request.user.text_size != size:
        request.user.text_size = size
        request.user.save(update_fields=["text_size"])
    response = redirect(_safe_next(request))
    text_size.remember(response, size, secure=settings.SESSION_COOKIE_SECURE)
    return response


@login_not_required
@require_POST
def language_switch(request):
    """Switch the portal's language; remember it on the account and in a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(gettext("Choose English or Spanish."))
    target = _safe_next(request)
    if request.user.is_authenticated:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response

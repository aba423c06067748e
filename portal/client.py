"""Who is asking: the client's address and the login name, read one way everywhere.

django-axes (lockouts) and the audit trail both use these, so a lockout and
its audit record always name the same address.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind DJANGO_PROXY_COUNT proxies the one they saw."""
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        # Each trusted proxy appends the address it saw; anything further left may be forged.
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None


def login_name(request, credentials) -> str:
    """The email typed at login, compared without case, so “A@x” and “a@x” share one lockout."""
    name = (credentials or {}).get("username")
    if name is None and request is not None and hasattr(request, "POST"):
        name = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return str(name or "").strip().lower()[:254]

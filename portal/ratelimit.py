"""Per-user and per-address request limits, counted in the cache (Redis in production).

A limit is a number of requests per period, counted in fixed windows: the
first request of a window adds the counter, later ones increment it. Over the
limit, the view is not run and the answer is 429 with a plain message and
`Retry-After` (the seconds left in the window). When the cache is down the
counter cannot be read, so the request goes through (fail open): the cache
backend logs the outage once (portal/cache.py).
"""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.accounts.identity import normalize_email
from portal.client import client_ip


def hit(key: str, *, limit: int, period: int) -> int:
    """Count one request for `key`; 0 if allowed, else the seconds until the window ends."""
    now = time.time()
    window = int(now // period)
    cache_key = f"ratelimit:{key}:{window}"
    if cache.add(cache_key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the cache is down (or the window just ended): let it through
            return 0
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def _keys(request, *, by_user: bool, by_address: bool, by_field: str) -> list[str]:
    keys = []
    if by_user and request.user.is_authenticated:
        keys.append(f"user:{request.user.pk}")
    if by_address:
        keys.append(f"ip:{client_ip(request) or '-'}")
    # The typed value in its stored form, so every spelling of one address shares one counter.
    if by_field and (value := normalize_email(request.POST.get(by_field, ""))):
        keys.append(f"{by_field}:{hashlib.sha256(value.encode()).hexdigest()[:32]}")
    return keys


def too_many_requests(request, retry_after: int):
    message = _("Too many requests in a short time. Please wait %(seconds)d seconds and try again.") % {
        "seconds": retry_after
    }
    if request.path.startswith("/api/"):
        response = JsonResponse({"errors": {"__all__": [message]}}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(
    group: str,
    *,
    limit: int,
    period: int,
    address_limit: int | None = None,
    field: str = "",
):
    """Limit a view to `limit` requests per `period` seconds per logged-in user.

    `address_limit` (default: the same) applies per client address, and
    `field` also counts per value of that POST field (e.g. the email typed
    into the password-reset form). Every method is counted (GET, POST, HEAD,
    OPTIONS, anything): a limit that skipped one method would let that method
    through once the others are cut (issue 28).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if settings.RATE_LIMITS_ENABLED:
                waits = []
                for key in _keys(request, by_user=True, by_address=True, by_field=field):
                    key_limit = address_limit if key.startswith("ip:") and address_limit else limit
                    waits.append(hit(f"{group}:{key}", limit=key_limit, period=period))
                if wait := max(waits, default=0):
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

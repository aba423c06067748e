"""Per-user and per-address request limits, counted in the cache (Redis in production).

A limit is a number of requests per period, counted in fixed windows (one
counter per key and window). Over the limit, the view is not run and the answer
is 429 with a plain message and `Retry-After` (the seconds left in the window).

With Redis, every counter of a request (the user's, the address's, a typed
email's) is incremented in one round trip (portal.cache.DegradingRedisCache.
incr_expiring: a pipeline). Another cache (tests, development) counts key by
key: the first request of a window adds the counter, later ones increment it.
When the cache is down the counters cannot be read, so the request goes through
(fail open): the cache backend logs the outage once (portal/cache.py).
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


def hits(keys: dict[str, int], *, period: int) -> int:
    """Count one request for each key (its limit as the value); 0 if all are within their limits, else the
    seconds until the window ends."""
    now = time.time()
    window = int(now // period)
    cache_keys = [f"ratelimit:{key}:{window}" for key in keys]
    counts = _count(cache_keys, timeout=period + 1)
    if all(count <= limit for count, limit in zip(counts, keys.values(), strict=True)):
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def _count(cache_keys: list[str], *, timeout: int) -> list[int]:
    """Each counter after this request's increment; 0 (within any limit) for one the cache could not count."""
    incr_expiring = getattr(cache, "incr_expiring", None)
    if incr_expiring is not None:  # Redis: one round trip for them all
        return incr_expiring(cache_keys, timeout=timeout) or [0] * len(cache_keys)
    return [_count_one(key, timeout=timeout) for key in cache_keys]


def _count_one(cache_key: str, *, timeout: int) -> int:
    if cache.add(cache_key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # the cache is down (or the window just ended): let it through
        return 0


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
                keys = {
                    f"{group}:{key}": address_limit if key.startswith("ip:") and address_limit else limit
                    for key in _keys(request, by_user=True, by_address=True, by_field=field)
                }
                if wait := hits(keys, period=period):
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

"""Who is asking: the client's address and the login name, read one way everywhere.

django-axes (lockouts), rate limits and the audit trail all use these, so a
lockout and its audit record always name the same address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str | None:
    """The client's address.

    REMOTE_ADDR, unless the request came from one of DJANGO_TRUSTED_PROXIES:
    then X-Forwarded-For is read from the right, each trusted proxy's entry
    skipped (at most DJANGO_PROXY_COUNT of them), and the first address that
    is not a trusted proxy is the client. Anything further left may be forged.
    A client that reaches the app directly cannot choose its address with
    the header.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.PROXY_COUNT or remote is None or not _is_trusted_proxy(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    for _hop in range(settings.PROXY_COUNT):
        if len(chain) == 1 or not _is_trusted_proxy(chain[-1]):
            break
        chain.pop()
    return chain[-1] if _valid(chain[-1]) else remote


def login_name(request, credentials) -> str:
    """The email typed at login in its stored form, so “A@x”, “ſ@x” and “s@x” share one lockout.

    The same rule as the account lookup (portal/accounts/identity.py): a
    spelling that finds the account always counts against that account.
    """
    from portal.accounts.identity import normalize_email

    name = (credentials or {}).get("username")
    if name is None and request is not None and hasattr(request, "POST"):
        name = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return normalize_email(str(name or ""))

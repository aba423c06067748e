"""The CSRF token for a page, as `django.middleware.csrf.get_token` makes it, drawn faster.

Django draws each of a token's 32 random characters with its own `secrets.choice`, one system
call each: 50-90 µs a token on a quiet machine, about a tenth of a cached page's whole cost
(issue 35). Here one
`os.urandom` read gives all of them, with rejection sampling so every character stays equally
likely. The result is the same kind of token (a fresh mask on each call, BREACH-safe as Django's)
and Django's middleware checks it unchanged.
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_CHARS = CSRF_ALLOWED_CHARS
_BASE = len(_CHARS)
# Bytes below the largest multiple of the alphabet's size that fits a byte map to a character
# (byte % 62); the few above it are dropped, so no character is favoured.
_ACCEPT_BELOW = 256 - 256 % _BASE
_TO_CHAR = bytes(ord(_CHARS[byte % _BASE]) if byte < _ACCEPT_BELOW else 0 for byte in range(256))
_DROPPED = bytes(range(_ACCEPT_BELOW, 256))
# (secret character, mask character) -> the cipher character Django's mask gives.
_CIPHER = {(s, m): _CHARS[(i + j) % _BASE] for i, s in enumerate(_CHARS) for j, m in enumerate(_CHARS)}


def random_string(length: int = CSRF_SECRET_LENGTH) -> str:
    """`length` characters of CSRF_ALLOWED_CHARS, uniformly random, from the OS's generator."""
    drawn = b""
    while len(drawn) < length:
        # Twice the length covers the ~3% of bytes dropped; a short draw reads again.
        drawn += os.urandom(2 * length).translate(_TO_CHAR, _DROPPED)
    return drawn[:length].decode("ascii")


def mask(secret: str) -> str:
    """django.middleware.csrf._mask_cipher_secret, with the mask from `random_string`."""
    mask = random_string(len(secret))
    return mask + "".join(map(_CIPHER.__getitem__, zip(secret, mask, strict=True)))


def get_token(request) -> str:
    """django.middleware.csrf.get_token: a masked token for this request's secret, and a new
    secret, sent as the cookie, when the browser has none.

    Unlike Django's, it does not send a cookie the browser already has again. Django does, to renew
    its expiry (a year, CSRF_COOKIE_AGE), and on a page put together from the cache that one header
    was a tenth of the page's cost (issue 35). Pages Django renders still renew it, and a cookie
    that expires is replaced by the next page: a form left open past that moment is refused once,
    with the page that says to reload and send it again (templates/403_csrf.html)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_string()
        request.META["CSRF_COOKIE"] = secret
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask(secret)

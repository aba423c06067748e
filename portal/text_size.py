"""The reader's text size (100, 150 or 200 %): saved on the account, and for the login page and
other open pages in a cookie that lasts as long as the browser session.

The server writes the size as a class on <html> (base.html), so the page arrives at its size: no
flash of small text, nothing for a script to do. The class sits outside every cached fragment
(article bodies, list pages, layout fragments), so those stay one copy per language for every size.
"""

from portal.choices import TextSize

COOKIE_NAME = "portal_text_size"


def parse(value) -> int | None:
    """A valid size from a cookie or a form value, else None."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return None
    return size if size in TextSize.values else None


def from_cookie(request) -> int:
    return parse(request.COOKIES.get(COOKIE_NAME)) or TextSize.NORMAL


def for_request(request) -> int:
    """The size to draw this page at: set by TextSizeMiddleware, else (an error page, a view the
    middleware did not see) the cookie's."""
    size = getattr(request, "text_size", None)
    return size if size is not None else from_cookie(request)


def remember(response, size: int, *, secure: bool) -> None:
    # No max_age: the browser forgets it when it closes; the account keeps its own.
    response.set_cookie(COOKIE_NAME, str(size), samesite="Lax", secure=secure, httponly=True)

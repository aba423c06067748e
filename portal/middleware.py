"""The portal's security middleware: no caching of personal pages, session
time limits, and the second login step for accounts that have one."""

import functools
import io
import time

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages import storage as messages_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware import locale as locale_middleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django.utils.translation import gettext as _

from portal import text_size

SESSION_STARTED = "portal_session_started"
SESSION_LAST_SEEN = "portal_session_last_seen"
TWO_FACTOR_REQUIRED = "portal_two_factor_required"
# Set when a staff member logs in through their invitation link: only then may they set up an app.
TWO_FACTOR_ENROL = "portal_two_factor_enrol"
# The last-seen time is written at most this often, to spare the database
# (a tenth of a short idle limit, so the limit stays close to what it says).
LAST_SEEN_RESOLUTION = 60


def last_seen_resolution(idle_limit: int) -> int:
    return min(LAST_SEEN_RESOLUTION, max(1, idle_limit // 10))


def timeout_message(reason: str) -> str:
    if reason == "idle":
        return _(
            "For your privacy you were logged out after %(minutes)d minutes without activity. "
            "Please log in again to continue."
        ) % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60}
    return _(
        "For your privacy you were logged out because %(hours)d hours have passed since you logged in. "
        "Please log in again to continue."
    ) % {"hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600}


class HealthCheckMiddleware:
    """Answers /healthz first, before HTTPS redirects, host checks, sessions or logins.

    A load balancer checks over plain HTTP by address, and the check must say
    which part failed even when the database holding the sessions is down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from portal.views import healthz

            return healthz(request)
        return self.get_response(request)


def body_limit(request) -> int:
    """The most bytes a request body to this path may have: the admin takes uploads, the rest only forms."""
    if request.path_info.startswith("/admin/"):
        return settings.ADMIN_REQUEST_BODY_MAX_BYTES
    return settings.REQUEST_BODY_MAX_BYTES


def body_too_large(limit: int) -> HttpResponse:
    message = _("This request is too large (more than %(kb)d KB). Send less, or split it into parts.") % {
        "kb": limit // 1024
    }
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    """Caps every request body in the application, before anything parses it: over the cap is 413.

    A declared Content-Length over the cap is refused without reading. A body
    with no Content-Length (chunked) is read here, counting bytes as they
    arrive, and refused as soon as it passes the cap; a smaller one is handed
    on as if it had declared its length. Upload forms keep their own, smaller
    caps (portal/uploads.py, the fee import); this one only makes sure no
    path takes more than the largest of them (a proxy may cap too, but the
    application does not rely on one).
    """

    CHUNK = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.strip():
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = False  # Django reads such a body as empty
            if too_large:
                return body_too_large(limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = self._read_counting(request.META.get("wsgi.input"), limit)
            if body is None:
                return body_too_large(limit)
            request._stream = io.BytesIO(body)
            request.META["CONTENT_LENGTH"] = str(len(body))
        return self.get_response(request)

    def _read_counting(self, stream, limit: int) -> bytes | None:
        """The whole body, or None once more than `limit` bytes have arrived."""
        if stream is None:
            return b""
        parts, size = [], 0
        while chunk := stream.read(self.CHUNK):
            size += len(chunk)
            if size > limit:
                return None
            parts.append(chunk)
        return b"".join(parts)


class NoStoreMiddleware:
    """Browsers and proxies keep no copy of a page answered to someone with a session.

    A view that sets Cache-Control itself keeps its own. Static files never
    reach this middleware: WhiteNoise answers them first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cookie = settings.SESSION_COOKIE_NAME
        if not response.has_header("Cache-Control") and (cookie in request.COOKIES or cookie in response.cookies):
            patch_cache_control(response, no_store=True, private=True)
        return response


def session_start(request) -> None:
    """Called at login: the clocks for the idle and absolute limits start now."""
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now


class SessionTimeoutMiddleware(MiddlewareMixin):
    """Ends a session 30 minutes after its last request, or 12 hours after login.

    The last-request time is written at most once a minute, so the idle limit
    ends a session between 30 and 31 minutes after the last request, never
    before 30.

    The session is flushed on the server (logout), and the login page says
    why. Open pages (login, password reset, /healthz) do not read the session
    at all, so /healthz answers even when the database holding it is down.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        session = request.session
        if SESSION_KEY not in session:
            return None
        now = int(time.time())
        started = session.get(SESSION_STARTED)
        if started is None:  # a session from before these limits: start the clocks now
            session_start(request)
            return None
        last_seen = session.get(SESSION_LAST_SEEN, started)
        # A request less than `resolution` seconds after the stored time was not written, so
        # the person may have been seen up to resolution - 1 seconds later: never log them out early.
        resolution = last_seen_resolution(settings.SESSION_IDLE_TIMEOUT)
        reason = None
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            reason = "absolute"
        elif now - last_seen >= settings.SESSION_IDLE_TIMEOUT + resolution:
            reason = "idle"
        if reason:
            request.logout_reason = reason  # for the audit record
            logout(request)
            messages.info(request, timeout_message(reason))
            return redirect_to_login(request.get_full_path())
        if now - last_seen >= resolution:
            session[SESSION_LAST_SEEN] = now
        return None


def two_factor_exempt(view):
    """Pages someone half-way through logging in may open: the code page itself and log out."""
    view.two_factor_exempt = True
    return view


class TwoFactorMiddleware(MiddlewareMixin):
    """Someone whose account has an authenticator app must enter a code before any page.

    Whether the account has one is noted in the session at login, so other
    requests cost no query. (The admin also refuses staff without an app: see
    portal.admin_site.)
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "two_factor_exempt", False) or not getattr(view_func, "login_required", True):
            return None
        if not request.session.get(TWO_FACTOR_REQUIRED):
            return None
        if request.user.is_authenticated and not request.user.is_verified():
            return redirect_to_login(request.get_full_path(), "two_factor_verify")
        return None


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the logged-in user read from the cache (portal/accounts/user_cache.py):
    no database query for who is asking on a warm cache, the same session checks."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_get_user(request))


def _cached_get_user(request):
    if not hasattr(request, "_cached_user"):
        from portal.accounts.user_cache import get_user

        request._cached_user = get_user(request)
    return request._cached_user


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's: every page needs a login unless its view says @login_not_required.

    Django's asks who the user is before it looks at the view, so even an open
    view (/healthz/floor, the login page) loads the session and the user. Here
    the view is looked at first; what happens for every other view is Django's.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        _read_with_session(request, view_func, view_kwargs)
        refused = super().process_view(request, view_func, view_args, view_kwargs)
        if refused is None:
            # The user is loaded now: hand the rest of the request the object itself. Every
            # attribute read through the two lazy wrappers (Django's, django-otp's) costs a few
            # Python calls, and a page reads the user a hundred times (issue 35).
            request.user = _unwrapped(request.user)
        return refused


def _unwrapped(user):
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _read_with_session(request, view_func, view_kwargs) -> None:
    """Before the session is read (asking who the user is reads it): name what to read in the
    same round trip (portal/sessions.py): the cached user, and what the view says it will read."""
    session = getattr(request, "session", None)
    if session is None or not hasattr(session, "reader_keys") or hasattr(session, "_session_cache"):
        return
    from portal.accounts.user_cache import cache_key

    keys = [cache_key("{user}")]
    view_keys = getattr(view_func, "read_with_session", None)
    if view_keys is not None:
        keys.extend(view_keys(request, **view_kwargs))
    session.reader_keys = tuple(keys)


# The two-step login pages staff pass on their way into the admin speak the admin's language too.
TWO_FACTOR_PAGES = ("two_factor_verify", "two_factor_setup")


def _in_admin(request) -> bool:
    if request.path.startswith(reverse("admin:index")):
        return True
    match = request.resolver_match
    return match is not None and match.url_name in TWO_FACTOR_PAGES


class LocaleMiddleware(locale_middleware.LocaleMiddleware):
    """Django's, for a URL conf without language prefixes (the portal has none: the language comes from
    the account, the cookie or the browser). Django's asks on every request, coming in and going out,
    whether the path starts with a language code; here that is settled once, at start-up."""

    def __init__(self, get_response):
        super().__init__(get_response)
        if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
            raise ImproperlyConfigured(
                "portal.middleware.LocaleMiddleware is for a URL conf without i18n_patterns(): "
                "use django.middleware.locale.LocaleMiddleware."
            )

    def process_request(self, request):
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PreferredLanguageMiddleware(MiddlewareMixin):
    """A logged-in person's saved language wins over the browser's.

    Runs after LocaleMiddleware (which handles the cookie and Accept-Language)
    and after AuthenticationMiddleware (which tells us who is asking). Only for
    views that need a login: those load the user anyway (LoginRequiredMiddleware
    asks who it is), so this costs nothing; open views (login, /healthz, the
    benchmark floor) keep the browser's language and never load the session.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        language = getattr(user, "preferred_language", "") if user.is_authenticated else ""
        if user.is_authenticated and user.is_staff and _in_admin(request):
            # The admin has its own language per staff member; the patient site's switch leaves it alone.
            language = user.admin_language or settings.LANGUAGE_CODE
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None


class TextSizeMiddleware(MiddlewareMixin):
    """The reader's text size, as `request.text_size`: the account's on pages that need a login
    (the user is loaded there anyway, so this costs no query), the cookie's on open pages (the login
    page), which never load the session for it."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if getattr(view_func, "login_required", True) and user is not None and user.is_authenticated:
            request.text_size = user.text_size
        else:
            request.text_size = text_size.from_cookie(request)
        return None


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, with the message store made on first use: most requests neither add nor show a
    message (the floor, a page from cached HTML), and making it costs about a tenth of the floor's
    CPU time. Nothing made, nothing to save."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: messages_storage.default_storage(request))

    def process_response(self, request, response):
        stored = getattr(request, "_messages", None)
        if isinstance(stored, SimpleLazyObject) and stored._wrapped is empty:
            return response
        return super().process_response(request, response)


def messages_waiting(request) -> bool:
    """Whether this request has messages to show, without making the message store when it can
    tell: Django's default store keeps them in a cookie, then in the session."""
    stored = getattr(request, "_messages", None)
    if stored is None:
        return False
    if isinstance(stored, SimpleLazyObject) and stored._wrapped is empty and _default_message_storage():
        from django.contrib.messages.storage.cookie import CookieStorage
        from django.contrib.messages.storage.session import SessionStorage

        session = getattr(request, "session", None)
        return CookieStorage.cookie_name in request.COOKIES or (
            session is not None and SessionStorage.session_key in session
        )
    return bool(len(stored))


def _default_message_storage() -> bool:
    return settings.MESSAGE_STORAGE == "django.contrib.messages.storage.fallback.FallbackStorage"


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the header text built once per process.

    django-csp builds the policy from the settings on every response. Most
    responses use neither a nonce nor a per-view change (@csp_update and
    friends), so their header is always the same text: build it once, and
    leave every other response to django-csp itself.
    """

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in _PER_RESPONSE_CSP)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES")
            or (response.status_code in (500, 404) and settings.DEBUG)
        ):
            return super().process_response(request, response)
        policy = _static_policy()
        if policy and csp.constants.HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[csp.constants.HEADER] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


_PER_RESPONSE_CSP = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def _static_policy() -> str:
    return csp.utils.build_policy()


@receiver(setting_changed)
def _policy_setting_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _static_policy.cache_clear()

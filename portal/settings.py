"""Settings for the patient-education portal.

Every value that differs between a laptop and a server comes from the
environment (see README.md, "Configuration"). Defaults suit a developer's
machine; in production the portal refuses to start without a real secret key
and its host names, and it serves HTTPS only.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.devdb import embedded_url
from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# "development" (the default for manage.py) or "production" (the default for
# the WSGI/ASGI entry points that gunicorn loads; see portal/wsgi.py).
ENVIRONMENT = env_str("DJANGO_ENV", "development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {ENVIRONMENT!r}.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to at least 50 random characters in production.")
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105 (not a secret)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the portal's host names, separated by commas.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "portal.accounts",
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "adminsortable2",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal.audit",
    "portal.outbox",
    "portal",
    "estimates",
    "education",
    "care",
    "outcomes",
    "insights",
]

MIDDLEWARE = [
    # /healthz for the load balancer, before anything that reads the session.
    "portal.middleware.HealthCheckMiddleware",
    # Request bodies over the cap get 413 before anything reads or parses them.
    "portal.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their long cache lifetime.
    "portal.middleware.NoStoreMiddleware",
    # django-csp's, with the header text built once (see portal/middleware.py).
    "portal.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without asking each request whether its path starts with a language code (it never does).
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the logged-in user from the cache (portal/accounts/user_cache.py).
    "portal.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a login unless its view says @login_not_required (Django's, which
    # loads the user only for views that need one: see portal/middleware.py).
    "portal.middleware.LoginRequiredMiddleware",
    "portal.middleware.PreferredLanguageMiddleware",
    # The reader's text size: the account's, or on open pages the session cookie's.
    "portal.middleware.TextSizeMiddleware",
    # Django's, with the message store made only when a message is added or shown.
    "portal.middleware.MessageMiddleware",
    # Ends idle and too-old sessions, then asks for the second factor where one is set up.
    "portal.middleware.SessionTimeoutMiddleware",
    "portal.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the content history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Who and from where, for the audit trail.
    "portal.audit.middleware.AuditContextMiddleware",
    # While a caregiver acts for a patient: only the pages on care.access's allow-list (issue 32).
    "care.middleware.CaregiverMiddleware",
    # A patient link to unpublished content refused by the database: a plain 409, not a 500 (issue 26).
    "education.middleware.UnpublishedLinkMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.clinic",
                "portal.context_processors.text_size",
                "care.context_processors.caregiving",
            ],
        },
    },
]

# Database: PostgreSQL only. Without DATABASE_URL, the embedded server that `make run` and
# `make test` start in .pgdata/ (portal/devdb.py).
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", embedded_url()),
            conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://...).")
# Django's PostgreSQL backend whose health check asks the server only when it has said something
# (portal/db/base.py): no `SELECT 1` round trip before each request's first statement.
DATABASES["default"]["ENGINE"] = "portal.db"
# Fail fast when the database is down, so pages can answer 503 quickly.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
# Lets psycopg prepare statements (Django turns it off for poolers). Only cursors that bind on the
# server prepare, and the ORM's bind on the client: in effect search's own statements
# (education/search.py). Off (false) behind a pooler that drops prepared statements.
if env_bool("DJANGO_DB_PREPARED_STATEMENTS", True):
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else this process's memory. When Redis
# cannot be reached the cache answers "missing" (portal/cache.py): sessions
# and pages come from the database, rate limits let requests through.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades instead of failing, and keeps one client per connection pool (portal/cache.py).
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env_int("DJANGO_PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

# Length and a list of common passwords; no composition rules (NIST SP 800-63B).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "portal.accounts.passwords.RoleLengthValidator",
        "OPTIONS": {"patient_min_length": 12, "staff_min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2 for new passwords; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # First: refuses logins while a user name and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en"
# A clinic without Spanish-speaking reviewers can turn Spanish off (PORTAL_SPANISH=false).
SPANISH_READY = env_bool("PORTAL_SPANISH", True)
LANGUAGES = [("en", _("English"))] + ([("es", _("Spanish"))] if SPANISH_READY else [])
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
# The clinic's own time zone: dates and times on every page, and the admin's clock, are in it.
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "America/New_York")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError) as error:
    raise ImproperlyConfigured(
        f"DJANGO_TIME_ZONE must be a time zone name such as America/New_York, not {TIME_ZONE!r}."
    ) from error
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Off production, WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS: on in production; behind a proxy that ends TLS, set
# DJANGO_PROXY_SSL_HEADER=true so Django trusts X-Forwarded-Proto.
HTTPS = env_bool("DJANGO_HTTPS", PRODUCTION)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# The __Host- prefix makes browsers refuse the cookie unless it is Secure,
# host-only and path=/; it can only be used over HTTPS.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis in production) and written through to
# the database, so a logged-in page skips a query and sessions survive a cache flush.
# portal/sessions.py: Django's cached_db, reading these keys in the same round trip as the
# session (the content version every article, list and FAQ page needs).
SESSION_ENGINE = "portal.sessions"
SESSION_READ_WITH = ["education:content-version"]
# portal/hot_page.py: each process keeps its own copy of the cached pages it served (article, lists,
# FAQ), up to this many bytes of HTML (0: none), used while the content version (this key, read
# with the session) is the one they were made from.
HOT_PAGE_LOCAL_BYTES = env_int("PORTAL_HOT_PAGE_LOCAL_MB", 32) * 1024 * 1024
HOT_PAGE_VERSION_KEY = "education:content-version"
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background tasks (invitation emails, step reminders). Production: the database
# worker backend, run by `manage.py db_worker` as a second process, which can also
# wait until a given time (`run_after`, for reminders). Development: run at once.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend" if PRODUCTION else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Step reminders (care/reminders.py): sent at this hour (local time) on the day
# a step is due, and the day it becomes overdue; never in the quiet hours (start, end).
# PORTAL_BASE_URL starts the link in the email. CARE_REMINDER_SENDER is the function
# that sends one reminder: the extension point for another channel such as SMS.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
CARE_REMINDER_HOUR = env_int("PORTAL_REMINDER_HOUR", 9)
CARE_QUIET_HOURS = (env_int("PORTAL_QUIET_HOURS_START", 20), env_int("PORTAL_QUIET_HOURS_END", 8))
CARE_REMINDER_SENDER = env_str("PORTAL_REMINDER_SENDER", "care.reminders.send_email")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The clinic this portal serves; shown in the header, footer and emails.
CLINIC_NAME = env_str("PORTAL_CLINIC_NAME", "Complete Orthopedics Spine Care")
CLINIC_PHONE = env_str("PORTAL_CLINIC_PHONE", "(631) 555-0100")
CLINIC_AFTER_HOURS_PHONE = env_str("PORTAL_CLINIC_AFTER_HOURS_PHONE", "(631) 555-0199")
# For the Good Faith Estimate (45 CFR 149.610): the provider's identifiers.
CLINIC_NPI = env_str("PORTAL_CLINIC_NPI", "1234567893")
CLINIC_TIN = env_str("PORTAL_CLINIC_TIN", "12-3456789")
CLINIC_ADDRESS = env_str("PORTAL_CLINIC_ADDRESS", "100 Main Street, Suite 200, Stony Brook, NY 11790")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No password, token or search term reaches a log: see portal/log_redaction.py.
    "filters": {"redact": {"()": "portal.log_redaction.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# Sessions ------------------------------------------------------------------
# A session ends after 30 minutes without a request and 12 hours after login,
# whichever comes first (portal.middleware.SessionTimeoutMiddleware); the
# login page then says why. The cookie itself lasts at most 12 hours.
SESSION_IDLE_TIMEOUT = env_int("DJANGO_SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("DJANGO_SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# Content Security Policy (django-csp 4): our own files only, no inline script
# or style. A template that truly needs an inline block adds
# nonce="{{ request.csp_nonce }}"; the nonce is sent only when used. The admin
# (Django 5.2, adminsortable2, simple-history) needs no exception; data: images
# are allowed because Bootstrap's and the admin's CSS draw small icons with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Login lockout (django-axes) ---------------------------------------------------
# Five failed logins for one email address from one address lock that pair
# for 15 minutes. Staff unlock early in the admin (Axes → Access attempts:
# delete the row) or with `manage.py axes_reset_username EMAIL`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.client.login_name"
AXES_CLIENT_IP_CALLABLE = "portal.client.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False  # our audit trail records logins; axes need not repeat them in the log
# Besides, 20 failures for one email from any addresses lock the account for
# 15 minutes (portal/lockout.py); a password reset by email lifts it.
AXES_HANDLER = "portal.lockout.PortalAxesHandler"
ACCOUNT_FAILURE_LIMIT = env_int("DJANGO_ACCOUNT_FAILURE_LIMIT", 20)
# Behind a proxy, the client's address is read from X-Forwarded-For only when
# the request comes from one of DJANGO_TRUSTED_PROXIES (addresses or networks,
# e.g. 10.0.0.5,10.0.1.0/24); DJANGO_PROXY_COUNT says how many of them are
# chained. Anyone else's X-Forwarded-For is ignored (portal/client.py).
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
if PROXY_COUNT and not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "DJANGO_PROXY_COUNT is set: also set DJANGO_TRUSTED_PROXIES to the proxies' addresses (e.g. 10.0.0.5)."
    )
try:
    for _proxy in TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy, strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {exc}") from None

# Request bodies (portal/middleware.py): at most 1 MB anywhere, 6 MB in the admin
# (its largest upload is a 5 MB image; the fee CSV has its own 1 MB cap). Over: 413.
REQUEST_BODY_MAX_BYTES = env_int("DJANGO_REQUEST_BODY_MAX_BYTES", 1024 * 1024)
ADMIN_REQUEST_BODY_MAX_BYTES = env_int("DJANGO_ADMIN_REQUEST_BODY_MAX_BYTES", 6 * 1024 * 1024)

# Rate limits (portal/ratelimit.py), counted in the cache; they let requests
# through when the cache is down. PORTAL_RATE_LIMITS=false turns them off
# (benchmarks and load tests from one address).
RATE_LIMITS_ENABLED = env_bool("PORTAL_RATE_LIMITS", True)

# Two-factor login (django-otp) --------------------------------------------------
# Staff need a verified authenticator app to use the admin; patients may add one.
OTP_TOTP_ISSUER = CLINIC_NAME
OTP_RECOVERY_CODES = 10

# Content insights (issue 34): searches, section reads and "Was this helpful?" are kept this many
# months, then folded into monthly counts and deleted (manage.py insights_expire).
INSIGHTS_RETENTION_MONTHS = env_int("PORTAL_INSIGHTS_RETENTION_MONTHS", 12)

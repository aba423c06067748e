"""Production settings: check --deploy is clean, HTTPS only, Argon2, and the documented environment."""

import subprocess
import sys

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

import portal.settings as real_settings

# The production environment documented in docs/security.md ("Production environment"), with a throwaway key.
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "test-only-" + "x7Qp2Lm9Zr4Tv8Ws1Yk6Nb3Hd5Jf0Gc" * 2,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "DJANGO_PROXY_SSL_HEADER": "true",
    "DJANGO_PROXY_COUNT": "1",
    "DJANGO_TRUSTED_PROXIES": "10.0.0.5",
    "DATABASE_URL": "postgres://portal:secret@db.example.org:5432/portal",
}


def run(args: list[str], variables: dict[str, str]) -> subprocess.CompletedProcess:
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR)}
    return subprocess.run(
        [sys.executable, *args],
        env={**base, **variables},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_https_only_with_strict_cookies():
    code = (
        "import portal.settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_NAME,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER[0])"
    )
    result = run(["-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        str(365 * 24 * 3600),
        "True",
        "True",
        "True",
        "Lax",
        "__Host-sessionid",
        "True",
        "HTTP_X_FORWARDED_PROTO",
    ]


def test_passwords_are_hashed_with_argon2():
    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("a long passphrase here", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("a long passphrase here", encoded)


def test_sessions_end_after_30_idle_minutes_and_12_hours():
    assert real_settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert real_settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600
    assert real_settings.SESSION_COOKIE_AGE == 12 * 3600

"""Settings read the environment and refuse bad or unsafe values."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal import env

GOOD_KEY = "k" * 60


def load_settings(variables: dict[str, str]) -> subprocess.CompletedProcess:
    """Import portal.settings in a fresh interpreter with this environment."""
    code = (
        "import portal.settings as s;print(s.DEBUG, s.HTTPS, s.SESSION_COOKIE_NAME, s.DATABASES['default']['ENGINE'])"
    )
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR)}
    return subprocess.run(
        [sys.executable, "-c", code], env={**base, **variables}, capture_output=True, text=True, check=False
    )


def test_development_defaults_run_a_fresh_checkout():
    result = load_settings({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "sessionid", "portal.db"]


def test_without_database_url_the_portal_uses_the_embedded_server_in_the_checkout():
    code = "import portal.settings as s;d=s.DATABASES['default'];print(d['NAME'], d['HOST'], d['USER'])"
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR)}
    result = subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["portal", str(settings.BASE_DIR / ".pgdata"), "postgres"]


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = load_settings({"DATABASE_URL": "mysql://user@127.0.0.1/portal"})
    assert result.returncode != 0
    assert "DATABASE_URL must name a PostgreSQL database" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings({"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings(
        {"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "portal.example.org", "DJANGO_SECRET_KEY": "short"}
    )
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_needs_allowed_hosts():
    result = load_settings({"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY})
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_is_https_only_with_host_prefixed_cookies():
    result = load_settings(
        {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "portal.example.org"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["False", "True", "__Host-sessionid"]


def test_database_url_selects_postgresql():
    result = load_settings({"DATABASE_URL": "postgres://u@db.example.org:5432/portal"})
    assert result.stdout.split()[3] == "portal.db"  # Django's PostgreSQL backend, its health check without a round trip


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_CONN_MAX_AGE": "ten"}, "DJANGO_CONN_MAX_AGE"),
        ({"DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
    ],
)
def test_a_bad_value_names_the_variable(variables, named):
    result = load_settings(variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_env_helpers_parse_typed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env.env_bool("X_BOOL", False) is True
    assert env.env_int("X_INT", 0) == 42
    assert env.env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env.env_str("X_MISSING", "fallback") == "fallback"
    with pytest.raises(ImproperlyConfigured, match="X_MISSING"):
        env.env_str("X_MISSING")

"""No password, link token or search term reaches a log line."""

import logging
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.log_redaction import GunicornLogger, RedactFilter, redact
from tests.factories import PASSWORD

SEARCH_TERM = "myelopathy-private-worry"
WRONG_PASSWORD = "my-wrong-password-typed"


def test_logins_searches_and_reset_links_leave_no_secret_in_the_logs(client, patient, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(reverse("login"), {"username": patient.email, "password": WRONG_PASSWORD})
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    client.get(reverse("education:search"), {"q": SEARCH_TERM})
    client.get(reverse("education:search_api"), {"q": SEARCH_TERM})
    client.get("/no-such-page/?q=" + SEARCH_TERM)
    client.post(reverse("logout"))
    token = default_token_generator.make_token(patient)
    client.get(reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(patient.pk)), token]))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records  # axes and django.request did log
    for secret in (WRONG_PASSWORD, PASSWORD, SEARCH_TERM, token):
        assert secret not in logged


def test_the_console_log_redacts_query_strings_and_link_tokens():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s', ("GET /search/?q=back+pain HTTP/1.1", 200), None
    )
    RedactFilter().filter(record)
    assert record.getMessage() == '"GET /search/?[redacted] HTTP/1.1" 200'
    assert redact("Not Found: /accounts/invite/MQ/cb1-0123abc/") == "Not Found: /accounts/invite/[redacted]/[redacted]/"
    assert redact("/accounts/password/reset/MQ/set-password/") == "/accounts/password/reset/[redacted]/[redacted]/"


def test_the_configured_console_handler_uses_the_filter(settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["redact"]
    assert settings.LOGGING["filters"]["redact"]["()"] == "portal.log_redaction.RedactFilter"


def test_gunicorns_access_log_has_no_query_string_or_token():
    logger = GunicornLogger(SimpleNamespace(**_gunicorn_config()))
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/accounts/invite/MQ/tok-123/?next=/me/",
        "PATH_INFO": "/accounts/invite/MQ/tok-123/",
        "QUERY_STRING": "next=/me/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://portal.example.org/search/?q=" + SEARCH_TERM,
    }
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, _elapsed())
    line = " ".join(str(value) for value in atoms.values())
    assert "tok-123" not in line
    assert SEARCH_TERM not in line
    assert atoms["U"] == "/accounts/invite/[redacted]/[redacted]/"


def _gunicorn_config():
    from gunicorn.config import Config

    config = Config()
    return {name: setting.get() for name, setting in config.settings.items()} | {
        "logconfig_dict": {},
        "logconfig": None,
        "syslog": False,
        "errorlog": "-",
        "accesslog": None,
    }


def _elapsed():
    from datetime import timedelta

    return timedelta(milliseconds=12)

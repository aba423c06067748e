"""Keep secrets out of every log line.

Query strings (search terms, `next=` addresses) and the one-time tokens in
password-reset and invitation links are replaced by “[redacted]” in Django's
logs (the `redact` filter in settings.LOGGING) and in gunicorn's access log
(`GunicornLogger`, set in portal/gunicorn.conf.py). Passwords travel only in
POST bodies, which nothing logs.
"""

import logging
import re

REDACTED = "[redacted]"
# /accounts/password/reset/<uidb64>/<token>/ and /accounts/invite/<uidb64>/<token>/
_TOKEN_PATH = re.compile(r"(/(?:password/reset|invite)/)[^/\s?\"']+/[^/\s?\"']+")
_QUERY = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    return _QUERY.sub("?" + REDACTED, _TOKEN_PATH.sub(r"\1" + REDACTED + "/" + REDACTED, text))


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is not installed where only the tests run
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger, with query strings and link tokens removed from the access log."""

    def atoms(self, resp, req, environ, request_time):
        values = super().atoms(resp, req, environ, request_time)
        for key, value in values.items():
            if key == "q":
                values[key] = REDACTED if value else ""
            elif isinstance(value, str):
                values[key] = redact(value)
        return values

"""gunicorn settings: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

The access log leaves out query strings and link tokens (portal/log_redaction.py).
Bind address and worker count come from GUNICORN_CMD_ARGS or the command line.
Responses carry no `Server: gunicorn` header (it only helps someone looking
for servers of a known version); gunicorn has no setting for it, so the
header line is dropped here, before the workers start.
"""

from gunicorn.http import wsgi as _wsgi

accesslog = "-"
logger_class = "portal.log_redaction.GunicornLogger"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss'

_default_headers = _wsgi.Response.default_headers


def _without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


_wsgi.Response.default_headers = _without_server

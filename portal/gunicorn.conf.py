"""gunicorn settings: `gunicorn -c portal/gunicorn.conf.py portal.wsgi`.

The access log leaves out query strings and link tokens (portal/log_redaction.py).
Bind address and worker count come from GUNICORN_CMD_ARGS or the command line.
"""

accesslog = "-"
logger_class = "portal.log_redaction.GunicornLogger"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss'

"""Error pages that need neither the database nor the request context.

handler500 answers 503 “temporarily unavailable” when the error is the
database being unreachable, so a load balancer and a patient both see that it
will pass; any other error is a plain 500. Neither shows a stack trace.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def _database_unavailable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        if isinstance(error, DatabaseError):
            return False
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if _database_unavailable(error):
        logger.error("Database unavailable: answering 503 for %s", request.path)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())


def csrf_failure(request, reason=""):
    """A form sent after its page expired (often after a session timeout)."""
    return HttpResponseForbidden(loader.get_template("403_csrf.html").render())

"""audit_record: the one way to add to the audit trail."""

import contextvars
import re

from django.db import models

from portal.audit.models import AuditEvent
from portal.client import client_ip

# The request being answered, set by AuditContextMiddleware.
current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)

# Keys never stored in a record's detail, whatever a caller passes.
_SECRET_KEY = re.compile(r"pass|token|secret|otp|code|query|search|^q$", re.IGNORECASE)


def audit_record(
    *,
    action: str,
    target: models.Model | None = None,
    detail: dict | None = None,
    request=None,
    user=None,
    actor_email: str = "",
) -> AuditEvent:
    """Add one audit event.

    Who and from where come from `request` (by default the request being
    answered); `user` names the actor when there is no logged-in user yet
    (e.g. a login), `actor_email` someone who is not a user (a failed
    login). Called inside the caller's transaction: when the audited change
    rolls back, so does its record.
    """
    request = request if request is not None else current_request.get()
    if user is None and not actor_email and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    return AuditEvent.objects.create(
        action=action,
        actor_id=user.pk if user is not None else None,
        actor_email=(user.email if user is not None else actor_email)[:254],
        ip_address=client_ip(request) if request is not None else None,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        detail={key: value for key, value in (detail or {}).items() if not _SECRET_KEY.search(key)},
    )

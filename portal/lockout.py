"""Login lockout: per email and address (5 failures), and per account across all addresses.

django-axes locks one email from one address after AXES_FAILURE_LIMIT
failures. An attacker who rotates addresses gets that many tries per
address, so this handler also locks the account once ACCOUNT_FAILURE_LIMIT
failures from any addresses add up within the cool-off (15 minutes).

The trade-off: anyone who knows a patient's email can lock that account for
15 minutes by typing wrong passwords. The patient still has a way in: a
password reset by email lifts the lock (portal.accounts.views), and staff can
lift it in the admin (Axes → Access attempts) or with `axes_reset_username`.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def account_failures(username: str) -> int:
    """Failed logins for `username` from every address within the cool-off."""
    if not username:
        return 0
    since = timezone.now() - get_cool_off()
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the per-account cap across addresses."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        username = get_client_username(request, credentials)
        if account_failures(username) >= settings.ACCOUNT_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from portal.middleware import TWO_FACTOR_REQUIRED, session_start


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def _session_start(sender, request, user, **kwargs):
    """Start the session clocks, and note whether this account asks for a code."""
    if request is None or not hasattr(request, "session"):
        return
    session_start(request)
    request.session[TWO_FACTOR_REQUIRED] = user_has_device(user, confirmed=True)

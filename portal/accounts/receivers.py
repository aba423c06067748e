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


def roles_after_migrate(sender, apps=None, **kwargs):
    """Every `migrate` (and every flush that re-runs post_migrate) ends with each role group holding
    exactly the permissions `roles.py` lists. New migrations do not call `roles_sync` themselves."""
    from django.apps import apps as installed_apps

    from portal.accounts.roles import roles_sync

    roles_sync(apps or installed_apps)  # `flush` sends no apps: the installed ones

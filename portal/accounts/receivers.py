from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from portal import text_size
from portal.middleware import TWO_FACTOR_REQUIRED, session_start


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def _session_start(sender, request, user, **kwargs):
    """Start the session clocks, and note whether this account asks for a code."""
    if request is None or not hasattr(request, "session"):
        return
    session_start(request)
    request.session[TWO_FACTOR_REQUIRED] = user_has_device(user, confirmed=True)


@receiver(user_logged_in, dispatch_uid="accounts_text_size")
def _keep_the_text_size_chosen_before_login(sender, request, user, **kwargs):
    """A size chosen on the login page is the reader's latest choice: the account keeps it, so the
    text does not shrink back the moment they log in."""
    chosen = text_size.parse(request.COOKIES.get(text_size.COOKIE_NAME)) if request is not None else None
    if chosen is not None and chosen != user.text_size:
        user.text_size = chosen
        user.save(update_fields=["text_size"])


def roles_after_migrate(sender, apps=None, **kwargs):
    """Every `migrate` (and every flush that re-runs post_migrate) ends with each role group holding
    exactly the permissions `roles.py` lists. New migrations do not call `roles_sync` themselves."""
    from django.apps import apps as installed_apps

    from portal.accounts.roles import roles_sync

    roles_sync(apps or installed_apps)  # `flush` sends no apps: the installed ones

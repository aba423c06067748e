from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from portal.accounts.forms import QueuedPasswordResetForm
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.client import login_name
from portal.middleware import TWO_FACTOR_ENROL
from portal.ratelimit import rate_limit


class InviteAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation link: the patient chooses a password and is logged in."""

    template_name = "accounts/invite_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(action=AuditEvent.Action.PASSWORD_CHANGED, target=form.user, detail={"via": "invitation"})
        messages.success(self.request, _("Welcome! Your password is set and you are logged in."))
        if form.user.is_staff and not user_has_device(form.user, confirmed=True):
            # Staff set up two-step login now, from the link only their inbox received.
            self.request.session[TWO_FACTOR_ENROL] = True
            query = urlencode({"next": resolve_url("admin:index")})
            return redirect(f"{resolve_url('two_factor_setup')}?{query}")
        return response


# At most 5 reset emails per address typed and 20 requests (any method) per client address in 15 minutes.
@method_decorator(rate_limit("password-reset", limit=5, period=900, address_limit=20, field="email"), "dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The reset email goes through the task queue (see QueuedPasswordResetForm)."""

    form_class = QueuedPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the emailed link also lifts a login lockout of the account.

    This is the patient's way back in when someone else typed wrong passwords
    for their email on purpose (see portal/lockout.py).
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=login_name(None, {"username": form.user.get_username()}))
        audit_record(action=AuditEvent.Action.PASSWORD_CHANGED, target=form.user, detail={"via": "reset"})
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out. Thank you for visiting."))
        return response


# The old-password check may not be used to guess passwords: 5 tries per 15 minutes.
# Every method counts (reading the form too), so once limited the page is refused whatever the method.
@method_decorator(rate_limit("password-change", limit=5, period=900, address_limit=20), "dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends the old session on the server (the session
    gets a new key) and every other session of the account (their password
    hash no longer matches)."""

    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(action=AuditEvent.Action.PASSWORD_CHANGED, target=form.user)
        messages.success(self.request, _("Your password is changed. You are logged out everywhere else."))
        return response

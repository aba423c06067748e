from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device

from portal.accounts import email_change as change_service
from portal.accounts.forms import EmailChangeForm, QueuedPasswordResetForm
from portal.accounts.tasks import send_email_change_done, send_email_change_links
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


# Typing the password here may not be used to guess it: 10 requests (any method) per 15 minutes.
@rate_limit("email-change", limit=10, period=900, address_limit=40)
@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    """Ask to use a new email address; it changes once both addresses have confirmed (portal.accounts.email_change)."""
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            change = change_service.email_change_start(user=request.user, new_email=form.cleaned_data["new_email"])
            base_url, language = request.build_absolute_uri("/"), get_language() or ""
            transaction.on_commit(lambda: send_email_change_links.enqueue(change.pk, base_url, language))
            sent = _(
                "We sent two emails: one to your new address and one to your current address. Open the link in each."
            )
            messages.success(request, sent)
            return redirect("email_change")
        status = 400
    else:
        status = 200
    pending = change_service.email_change_pending(user=request.user)
    return render(request, "accounts/email_change_form.html", {"form": form, "pending": pending}, status=status)


@rate_limit("email-change-link", limit=20, period=900, address_limit=60)
@login_required
@require_http_methods(["GET", "POST"])
def email_change_link(request, token, side):
    """A link from one of the two emails. Reading it shows a button; only pressing it confirms."""
    try:
        change = change_service.email_change_find(user=request.user, side=side, token=token)
        answer = request.POST.get("answer", "")
        if request.method == "GET" or (side == change_service.OLD and answer not in ("approve", "cancel")):
            # The old address answers yes or no; a post with neither shows the question again.
            status = 200 if request.method == "GET" else 400
            return render(request, "accounts/email_change_link.html", {"change": change, "side": side}, status=status)
        cancel = side == change_service.OLD and answer == "cancel"
        outcome, user = change_service.email_change_confirm(change=change, side=side, cancel=cancel)
    except change_service.LinkRefused as refused:
        return _link_refused(request, refused.message, refused.status)
    if outcome == change_service.TAKEN:
        return _link_refused(
            request,
            _("This email address can no longer be used, so your address was not changed. Ask again with another one."),
            409,
        )
    if outcome == change_service.APPLIED:
        update_session_auth_hash(request, user)  # this browser stays logged in; every other session ends
        language = get_language() or ""
        transaction.on_commit(lambda: send_email_change_done.enqueue(change.pk, language))
        messages.success(
            request,
            _("Your email address is now %(email)s. You are logged out everywhere else.") % {"email": user.email},
        )
    elif outcome == change_service.CANCELLED:
        messages.info(
            request, _("The change is cancelled. Your email address stays %(email)s.") % {"email": user.email}
        )
    elif side == change_service.NEW:
        messages.info(request, _("Thank you. Now open the link we sent to your current address."))
    else:
        messages.info(request, _("Thank you. Now open the link we sent to your new address."))
    return redirect("email_change")


def _link_refused(request, message, status: int):
    return render(request, "accounts/email_change_refused.html", {"message": message}, status=status)

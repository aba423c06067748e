import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.email_forms import ExactPasswordResetForm
from portal.accounts.models import User

logger = logging.getLogger(__name__)


def invitation_link(*, user: User, base_url: str) -> str:
    """The one-time link where `user` chooses a password (and staff then set up two-step login)."""
    path = reverse(
        "invite_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invitation_send(*, user: User, base_url: str) -> bool:
    """Email `user` a one-time link to choose a password; False (and nothing sent) if they have one.

    The link uses Django's password-reset tokens: it stops working once the
    password is set, or after PASSWORD_RESET_TIMEOUT. Only accounts without a
    usable password are invited, so an invitation can never log someone into
    an account its owner already uses (e.g. after a staff member changed its
    email address).
    """
    if user.has_usable_password() or not user.is_active:
        logger.warning("Invitation not sent: the account %s already has a password or is turned off.", user.pk)
        return False
    context = {
        "user": user,
        "link": invitation_link(user=user, base_url=base_url),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    # In the patient's language, not that of the staff member (or worker) sending it.
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/invite_subject.txt", context).strip()
        message = render_to_string("accounts/invite_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[user.email])
    return True


def email_change_notify(*, user: User, old_email: str) -> None:
    """Tell the old address that the account's email address was changed, and whom to call."""
    context = {"user": user, "clinic_name": settings.CLINIC_NAME, "clinic_phone": settings.CLINIC_PHONE}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email_changed_subject.txt", context).strip()
        message = render_to_string("accounts/email_changed_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[old_email])


def password_reset_send(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Send the reset link to `email` if an active account with a password has it; else nothing.

    Runs in the task queue, so the request that asks for it does the same
    work whether the address is known or not.
    """
    form = ExactPasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        form.save(
            domain_override=domain,
            use_https=use_https,
            extra_email_context={"clinic_name": settings.CLINIC_NAME},
        )


def two_factor_reset(*, user: User) -> int:
    """A superuser's reset: remove the person's authenticator apps and recovery codes and their password.

    They then get a new invitation, choose a password and set up two-step
    login again from its link. Each device deletion is audited (portal.audit.receivers).
    """
    with transaction.atomic():
        deleted = 0
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=user):
                device.delete()
                deleted += 1
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return deleted

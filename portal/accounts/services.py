from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.models import User


def invitation_send(*, user: User, base_url: str) -> None:
    """Email `user` a one-time link to choose a password.

    The link uses Django's password-reset tokens: it stops working once the
    password is set, or after PASSWORD_RESET_TIMEOUT.
    """
    path = reverse(
        "invite_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": base_url.rstrip("/") + path,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    # In the patient's language, not that of the staff member (or worker) sending it.
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/invite_subject.txt", context).strip()
        message = render_to_string("accounts/invite_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[user.email])

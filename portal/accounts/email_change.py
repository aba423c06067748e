"""A person changes their own email address, confirmed from both addresses (issue 28).

1. Logged in, they type the new address and their password (`EmailChangeForm`).
   `email_change_start` records the request; any earlier open request of theirs is cancelled.
2. The task queue runs `email_change_links_send`: it makes two one-time tokens (only their
   hashes are stored, so they never sit in the queue or the database) and emails one link to
   the new address and one to the old address.
3. Each link is opened by the person, logged in, and confirmed with a button (a GET only shows
   the page, so a mail scanner that opens links confirms nothing). The old address may cancel.
4. When both are confirmed, `email_change_confirm` stores the new (normalised) address, writes
   an audit event and says so; the view keeps the person's session and every other session of
   the account ends (`User._get_session_auth_hash` covers the address), and both addresses are
   told (`email_change_done_notify`).

A link works once, for 24 hours (`EmailChange.LIFETIME`), for the account that asked, and only
while the account still has the address it had when asking.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.identity import normalize_email
from portal.accounts.models import EmailChange, User
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record

NEW, OLD = "new", "old"  # which address a link was sent to
WAITING, APPLIED, CANCELLED, TAKEN = "waiting", "applied", "cancelled", "taken"


class LinkRefused(Exception):
    """A confirmation link that cannot be used; `message` says why in plain words."""

    def __init__(self, message, status: int):
        super().__init__(str(message))
        self.message = message
        self.status = status


NOT_FOUND = _(
    "This link does not work. Check that you opened the whole link from the email, and that you are "
    "logged in to the account that asked for the change."
)
USED = _("This link was used already. Each link works only once.")
EXPIRED = _(
    "This link is more than 24 hours old, so it no longer works. Your email address was not changed. "
    "You can ask again on the “Change your email address” page."
)
CLOSED = _(
    "This request is closed: it was cancelled, finished, or replaced by a newer one. Your email address "
    "was not changed by this link. You can ask again on the “Change your email address” page."
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _field(side: str) -> str:
    return "new_token_hash" if side == NEW else "old_token_hash"


def email_change_pending(*, user: User) -> EmailChange | None:
    """The person's open request, if any (the latest one; starting a new one cancels the others)."""
    change = EmailChange.objects.select_related("user").filter(user=user, applied_at=None, cancelled_at=None).first()
    return change if change is not None and change.is_open() else None


def email_change_start(*, user: User, new_email: str) -> EmailChange:
    """Record a request to change `user`'s address to `new_email` (checked by the form)."""
    with transaction.atomic():
        EmailChange.objects.filter(user=user, applied_at=None, cancelled_at=None).update(cancelled_at=timezone.now())
        return EmailChange.objects.create(user=user, old_email=user.email, new_email=normalize_email(new_email))


def email_change_issue_tokens(*, change: EmailChange) -> tuple[str, str]:
    """Make the two one-time tokens (new address, old address); only their hashes are stored.

    Issuing again replaces the earlier pair, so only the latest emails work."""
    new_token, old_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    change.new_token_hash, change.old_token_hash = _hash(new_token), _hash(old_token)
    change.save(update_fields=["new_token_hash", "old_token_hash"])
    return new_token, old_token


def _send(*, user: User, language: str, template: str, to: str, context: dict) -> None:
    context = {**context, "user": user, "clinic_name": settings.CLINIC_NAME, "clinic_phone": settings.CLINIC_PHONE}
    with translation.override(user.preferred_language or language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/{template}_subject.txt", context).strip()
        message = render_to_string(f"accounts/{template}_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[to])


def email_change_links_send(*, change_id: int, base_url: str, language: str) -> bool:
    """Email the link for the new address to the new address, and the other to the old one.

    Runs in the task queue. False (nothing sent) if the request is no longer open."""
    with transaction.atomic():
        change = EmailChange.objects.select_for_update().select_related("user").filter(pk=change_id).first()
        if change is None or not change.is_open():
            return False
        new_token, old_token = email_change_issue_tokens(change=change)
    base = base_url.rstrip("/")
    context = {
        "new_email": change.new_email,
        "old_email": change.old_email,
        "new_link": base + reverse("email_change_new", kwargs={"token": new_token}),
        "old_link": base + reverse("email_change_old", kwargs={"token": old_token}),
    }
    _send(user=change.user, language=language, template="email_change_new", to=change.new_email, context=context)
    _send(user=change.user, language=language, template="email_change_old", to=change.old_email, context=context)
    return True


def _refusal(change: EmailChange, side: str, now) -> LinkRefused | None:
    if getattr(change, f"{side}_confirmed_at") is not None:
        return LinkRefused(USED, 400)
    if change.applied_at is not None or change.cancelled_at is not None or change.user.email != change.old_email:
        return LinkRefused(CLOSED, 400)
    if now >= change.expires_at:
        return LinkRefused(EXPIRED, 400)
    return None


def email_change_find(*, user: User, side: str, token: str) -> EmailChange:
    """The open request this link belongs to, for the logged-in `user`; else LinkRefused.

    A link of another account, or a token changed by one letter, is not found (404)."""
    change = None
    if side in (NEW, OLD) and token:
        change = EmailChange.objects.select_related("user").filter(user=user, **{_field(side): _hash(token)}).first()
    if change is None:
        raise LinkRefused(NOT_FOUND, 404)
    if refused := _refusal(change, side, timezone.now()):
        raise refused
    return change


def email_change_confirm(*, change: EmailChange, side: str, cancel: bool = False) -> tuple[str, User]:
    """Confirm (or, from the old address, cancel) one side; apply the change once both are confirmed.

    Returns what happened (WAITING, APPLIED, CANCELLED or TAKEN) and the person as now stored."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=change.user_id)
        change = EmailChange.objects.select_for_update().get(pk=change.pk)
        change.user = user
        now = timezone.now()
        if refused := _refusal(change, side, now):
            raise refused
        if cancel and side == OLD:
            change.cancelled_at = now
            change.save(update_fields=["cancelled_at"])
            return CANCELLED, user
        setattr(change, f"{side}_confirmed_at", now)
        change.save(update_fields=[f"{side}_confirmed_at"])
        if change.new_confirmed_at is None or change.old_confirmed_at is None:
            return WAITING, user
        if _apply(user=user, change=change):
            change.applied_at = now
            outcome = APPLIED
            audit_record(
                action=AuditEvent.Action.EMAIL_CHANGED,
                target=user,
                detail={"via": "self", "confirmed_from_both_addresses": True, "old_address_notified": True},
            )
        else:
            change.cancelled_at = now
            outcome = TAKEN
        change.save(update_fields=["applied_at", "cancelled_at"])
        return outcome, user


def _apply(*, user: User, change: EmailChange) -> bool:
    """Store the new address; False if another account has it by now."""
    if User.objects.filter(email=change.new_email).exclude(pk=user.pk).exists():
        return False
    user.email = change.new_email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:  # taken a moment ago by another request
        user.email = change.old_email
        return False
    return True


def email_change_done_notify(*, change_id: int, language: str) -> None:
    """Tell both addresses, in plain words, that the account's address has changed."""
    change = EmailChange.objects.select_related("user").get(pk=change_id)
    context = {"new_email": change.new_email, "old_email": change.old_email}
    for address in (change.old_email, change.new_email):
        _send(user=change.user, language=language, template="email_change_done", to=address, context=context)

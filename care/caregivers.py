"""Caregiver access (issue 32): the patient invites, the caregiver accepts, the patient changes,
renews or revokes; staff may end a grant with a reason. Every step is audited.

The invitation link carries a random token; only its SHA-256 is kept, so a copy of the database
cannot be used to accept an invitation. A grant lasts 12 months from acceptance or renewal; the
patient is reminded a month before it ends, through the reminder outbox.
"""

import hashlib
import logging
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from care.models import CaregiverGrant
from care.my_page_cache import my_page_changed
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.outbox.models import Reminder
from portal.outbox.services import enqueue_at, in_quiet_hours, next_allowed, reminder_claim, reminder_time

logger = logging.getLogger(__name__)

SCOPE_FIELDS = ["may_tick_steps_and_mark_read", "may_ask_questions", "may_see_estimates", "send_reminders_to_caregiver"]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _scopes(grant: CaregiverGrant) -> dict:
    return {field: getattr(grant, field) for field in SCOPE_FIELDS}


def _base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


@transaction.atomic
def grant_invite(*, patient, name: str, email: str, language: str, base_url: str = "", **scopes) -> CaregiverGrant:
    """Make the grant and email the caregiver a link to accept it (in `language`)."""
    token = secrets.token_urlsafe(32)
    grant = CaregiverGrant.objects.create(
        patient=patient, name=name, email=email, language=language, token_hash=token_hash(token), **scopes
    )
    audit_record(action=AuditEvent.Action.CAREGIVER_INVITED, target=grant, detail=_scopes(grant))
    link = (base_url or _base_url()).rstrip("/") + reverse("care:caregiver_accept", kwargs={"token": token})
    context = {
        "grant": grant,
        "patient_name": patient.get_full_name() or patient.email,
        "link": link,
        "days": CaregiverGrant.INVITATION_DAYS,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string("care/caregiver_invite_subject.txt", context).strip()
        message = render_to_string("care/caregiver_invite_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])
    return grant


def grant_by_token(token: str) -> CaregiverGrant | None:
    """The invitation this link belongs to, if it can still be accepted."""
    if not token or len(token) > 100:
        return None
    return CaregiverGrant.objects.pending().select_related("patient").filter(token_hash=token_hash(token)).first()


def accept_refusal(*, grant: CaregiverGrant, user) -> str:
    """Why `user` may not accept `grant` (empty when they may)."""
    if user.is_staff or user.is_superuser:
        return _(
            "Clinic staff accounts cannot be caregivers. Log out, then accept with a personal account "
            "(or make a new one)."
        )
    if user.pk == grant.patient_id:
        return _("This invitation is for the person you chose to share with. Send them the link instead.")
    return ""


@transaction.atomic
def grant_accept(*, grant: CaregiverGrant, caregiver, now: datetime | None = None) -> CaregiverGrant:
    refusal = accept_refusal(grant=grant, user=caregiver)
    if refusal:
        raise ValidationError(refusal)
    now = now or timezone.now()
    locked = CaregiverGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.caregiver_id is not None or locked.revoked_at is not None:
        raise ValidationError(_("This invitation was already used or withdrawn. Ask for a new one."))
    grant.caregiver = caregiver
    grant.accepted_at = now
    grant.expires_at = now + timedelta(days=CaregiverGrant.VALID_DAYS)
    grant.token_hash = ""  # the link works once
    grant.save(update_fields=["caregiver", "accepted_at", "expires_at", "token_hash"])
    audit_record(
        action=AuditEvent.Action.CAREGIVER_ACCEPTED,
        target=grant,
        user=caregiver,
        detail={"expires": grant.expires_at.date().isoformat()},
    )
    expiry_reminder_schedule(grant=grant)
    return grant


@transaction.atomic
def grant_change(*, grant: CaregiverGrant, **scopes) -> list[str]:
    """Change what the caregiver may do; returns the changed fields (audited with old and new)."""
    changed = {
        field: [getattr(grant, field), value] for field, value in scopes.items() if getattr(grant, field) != value
    }
    if changed:
        for field, (_old, value) in changed.items():
            setattr(grant, field, value)
        grant.save(update_fields=list(changed))
        audit_record(action=AuditEvent.Action.CAREGIVER_CHANGED, target=grant, detail=changed)
    return list(changed)


@transaction.atomic
def grant_renew(*, grant: CaregiverGrant, now: datetime | None = None) -> CaregiverGrant:
    """Another 12 months from today, for an accepted grant that was not ended."""
    if grant.caregiver_id is None or grant.revoked_at is not None:
        raise ValidationError(_("Only access that was accepted and not ended can be renewed."))
    now = now or timezone.now()
    grant.expires_at = now + timedelta(days=CaregiverGrant.VALID_DAYS)
    grant.save(update_fields=["expires_at"])
    audit_record(
        action=AuditEvent.Action.CAREGIVER_RENEWED,
        target=grant,
        detail={"expires": grant.expires_at.date().isoformat()},
    )
    expiry_reminder_schedule(grant=grant)
    return grant


@transaction.atomic
def grant_revoke(*, grant: CaregiverGrant, by, reason: str = "", now: datetime | None = None) -> bool:
    """End the grant now (the caregiver's next request is refused); False if it had already ended."""
    ended = CaregiverGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now(), revoked_by=by, revoke_reason=reason
    )
    grant.refresh_from_db()
    if ended:
        my_page_changed(grant.patient_id)  # an update sends no signal
        detail = {"by": "staff" if by is not None and by.is_staff else "patient"}
        if reason:
            detail["reason"] = reason
        audit_record(action=AuditEvent.Action.CAREGIVER_REVOKED, target=grant, detail=detail)
    return bool(ended)


# What the patient sees: who did what -------------------------------------------------------------


def grant_log(*, grant: CaregiverGrant, limit: int = 100) -> list[dict]:
    """What happened under this grant, newest first, in plain words."""
    events = AuditEvent.objects.filter(target_type="care.caregivergrant", target_id=str(grant.pk))[:limit]
    return [{"when": event.created_at, "what": _event_words(event)} for event in events]


def _event_words(event: AuditEvent) -> str:
    if event.action == AuditEvent.Action.CAREGIVER_PAGE_USED:
        page = event.detail.get("page", "")
        words = {
            "care:my_page": _("Looked at your page"),
            "care:packet": _("Opened your printed packet"),
            "care:steps_calendar": _("Downloaded your steps for a calendar"),
            "care:step_done": _("Ticked a step done"),
            "care:assignment_finish": _("Marked an article read"),
            "care:assignment_question": _("Sent a question to your care team"),
            "estimates:saved_list": _("Looked at your saved cost estimates"),
            "estimates:saved_detail": _("Looked at a saved cost estimate"),
        }
        return words.get(page, _("Opened a page"))
    if event.action == AuditEvent.Action.CAREGIVER_REFUSED:
        return _("Tried a page they may not use (refused)")
    words = {
        AuditEvent.Action.CAREGIVER_INVITED: _("You sent the invitation"),
        AuditEvent.Action.CAREGIVER_ACCEPTED: _("Accepted the invitation"),
        AuditEvent.Action.CAREGIVER_CHANGED: _("What they may do was changed"),
        AuditEvent.Action.CAREGIVER_RENEWED: _("Renewed for 12 months"),
        AuditEvent.Action.CAREGIVER_REVOKED: _("Access ended"),
    }
    return str(words.get(event.action, event.get_action_display()))


# The reminder a month before the end --------------------------------------------------------------

PURPOSE = Reminder.Purpose.CAREGIVER_GRANT_EXPIRING


def subject_of(grant_id: int) -> str:
    return f"caregivergrant:{grant_id}"


def reminder_day(expires_at: datetime) -> date:
    return timezone.localdate(expires_at) - timedelta(days=CaregiverGrant.REMIND_DAYS_BEFORE)


def expiry_reminder_schedule(*, grant: CaregiverGrant) -> bool:
    """Queue the reminder for a month before the grant ends (after the transaction commits)."""
    at = reminder_time(reminder_day(grant.expires_at))
    return enqueue_at(send_grant_expiry_reminder, (grant.pk, grant.expires_at.isoformat()), at)


def expiry_reminder_send(*, grant_id: int, expires_at: datetime, now: datetime | None = None) -> bool:
    """Remind the patient that the grant ends in a month; True when an email went out.

    Not sent: a grant that is gone, ended, renewed since (the renewal queued its own) or already
    reminded. In the quiet hours it is queued again for their end."""
    now = now or timezone.now()
    grant = CaregiverGrant.objects.select_related("patient").filter(pk=grant_id).first()
    if grant is None or not grant.is_active(now) or grant.expires_at != expires_at or not grant.patient.is_active:
        return False
    if in_quiet_hours(now):
        enqueue_at(send_grant_expiry_reminder, (grant_id, expires_at.isoformat()), next_allowed(now))
        return False
    with transaction.atomic():
        due_at = reminder_time(reminder_day(expires_at))
        # The subject names the end date too: a renewed grant is reminded again before its new end.
        subject = f"{subject_of(grant_id)}:{timezone.localdate(expires_at).isoformat()}"
        if not reminder_claim(purpose=PURPOSE, recipient_id=grant.patient_id, subject=subject, due_at=due_at, now=now):
            return False
        patient = grant.patient
        with translation.override(patient.preferred_language or settings.LANGUAGE_CODE):
            url = _base_url() + reverse("care:caregivers")
            send_mail(
                subject=_("Sharing your page ends in a month"),
                message=_(
                    "%(name)s can see your page in the portal until %(date)s. To keep sharing, choose Renew on "
                    "this page: %(url)s"
                )
                % {"name": grant.name, "date": timezone.localdate(expires_at).isoformat(), "url": url}
                + "\n\n"
                + _("If you do nothing, the sharing ends by itself on that day."),
                from_email=None,
                recipient_list=[patient.email],
            )
    return True


@task()
def send_grant_expiry_reminder(grant_id: int, expires_at: str) -> bool:
    return expiry_reminder_send(grant_id=grant_id, expires_at=datetime.fromisoformat(expires_at))


# Step reminders to the caregiver, when the patient asked for it ---------------------------------


def caregivers_to_remind(patient) -> list:
    grants = CaregiverGrant.objects.active().filter(patient=patient, send_reminders_to_caregiver=True)
    return [grant.caregiver for grant in grants.select_related("caregiver")]


def caregiver_reminder_email(*, caregiver, patient) -> None:
    """Like the patient's: no step name, no health detail; in the caregiver's language."""
    with translation.override(caregiver.preferred_language or settings.LANGUAGE_CODE):
        url = _base_url() + reverse("care:caregiving")
        name = patient.get_full_name() or patient.email
        send_mail(
            subject=_("%(name)s has a new step in the portal") % {"name": name},
            message=_("%(name)s has a new step in the portal. To see it, open: %(url)s") % {"name": name, "url": url}
            + "\n\n"
            + _("You get these emails because %(name)s asked for them. They can stop them on their page.")
            % {"name": name},
            from_email=None,
            recipient_list=[caregiver.email],
        )

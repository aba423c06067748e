"""Logins, failed logins, lockouts, logouts and removed two-step devices go to the audit trail.

Signals suit this: the audit is a reaction to what django.contrib.auth and
django-axes already do, not part of it.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.client import login_name


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    reason = getattr(request, "logout_reason", "")
    action = AuditEvent.Action.SESSION_EXPIRED if reason else AuditEvent.Action.LOGOUT
    audit_record(action=action, request=request, user=user, detail={"reason": reason} if reason else None)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only the name typed is kept; Django has already masked the password.
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, request=request, actor_email=login_name(request, credentials))


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    name = login_name(None, {"username": username})
    audit_record(action=AuditEvent.Action.LOCKOUT, request=request, actor_email=name)


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="audit_totp_device_deleted")
@receiver(post_delete, sender=StaticDevice, dispatch_uid="audit_static_device_deleted")
def _device_deleted(sender, instance, **kwargs):
    """An authenticator app or a set of recovery codes removed (in the admin, or by a superuser's reset)."""
    kind = "authenticator app" if sender is TOTPDevice else "recovery codes"
    user = sender._meta.get_field("user").related_model.objects.filter(pk=instance.user_id).first()
    audit_record(
        action=AuditEvent.Action.TWO_FACTOR_DEVICE_DELETED,
        target=user,
        detail={"device": kind, "confirmed": instance.confirmed},
    )

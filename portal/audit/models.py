from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet):
    """Audit records are only ever added: bulk changes and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionDenied("Audit records cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit records cannot be deleted.")


class AuditEvent(models.Model):
    """Who did what to which record, when and from which address. Append-only.

    The actor and the target are copied as text, so a record still reads the
    same after the person or the record it names is deleted.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Login failed")
        LOCKOUT = "lockout", _("Locked out after failed logins")
        LOGOUT = "logout", _("Logged out")
        SESSION_EXPIRED = "session_expired", _("Session ended by time limit")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-step login turned on")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Two-step login code accepted")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Two-step login code refused")
        USER_VIEWED = "user_viewed", _("Person's record viewed in the admin")
        USER_ADDED = "user_added", _("Person added in the admin")
        USER_CHANGED = "user_changed", _("Person's record changed in the admin")
        USER_DELETED = "user_deleted", _("Person deleted in the admin")
        ASSIGNMENT_CREATED = "assignment_created", _("Reading assigned")
        ASSIGNMENT_OPENED = "assignment_opened", _("Assigned reading opened")
        ASSIGNMENT_FINISHED = "assignment_finished", _("Assigned reading finished")
        ASSIGNMENT_CHANGED = "assignment_changed", _("Assignment changed in the admin")
        ASSIGNMENT_DELETED = "assignment_deleted", _("Assignment deleted in the admin")
        ARTICLE_PUBLISHED = "article_published", _("Article published")
        ARTICLE_UNPUBLISHED = "article_unpublished", _("Article taken off the portal")
        ARTICLE_SUBMITTED = "article_submitted", _("Article changes sent for review")
        ARTICLE_SENT_BACK = "article_sent_back", _("Article changes sent back to the editor")
        ARTICLE_REVERTED = "article_reverted", _("Old article revision restored as a new draft")
        CONTENT_REVERTED = "content_reverted", _("Content restored from its history")
        CONTENT_CHANGED = "content_changed", _("Reviewed content changed by a medical reviewer")
        CSV_EXPORTED = "csv_exported", _("Rows exported as CSV")
        TWO_FACTOR_DEVICE_DELETED = "two_factor_device_deleted", _("Two-step login device deleted")
        PATIENT_DATA_VIEWED = "patient_data_viewed", _("Patient's saved estimate or question viewed in the admin")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_REFUSED = "invitation_refused", _("Invitation refused: the account has a password")
        EMAIL_CHANGED = "email_changed", _("Email address changed (old address told)")
        OUTCOME_SCORES_VIEWED = "outcome_scores_viewed", _("Patients' questionnaire scores viewed by staff")
        RED_FLAG_OVERRIDDEN = (
            "red_flag_overridden",
            _("Published with an emergency sign under “call the clinic” (reason given)"),
        )
        PATIENT_DATA_READ = "patient_data_read", _("Patient data read by staff (list, page, history or export)")
        CARE_TEAM_PATIENT_ADDED = "care_team_patient_added", _("Patient added to a care team")
        CARE_TEAM_PATIENT_REMOVED = "care_team_patient_removed", _("Patient taken off a care team")
        CARE_TEAM_STAFF_CHANGED = "care_team_staff_changed", _("Care team staff changed")
        CAREGIVER_INVITED = "caregiver_invited", _("Patient invited a caregiver")
        CAREGIVER_ACCEPTED = "caregiver_accepted", _("Caregiver accepted the invitation")
        CAREGIVER_CHANGED = "caregiver_changed", _("Patient changed what a caregiver may do")
        CAREGIVER_RENEWED = "caregiver_renewed", _("Caregiver access renewed for 12 months")
        CAREGIVER_REVOKED = "caregiver_revoked", _("Caregiver access ended")
        CAREGIVER_PAGE_USED = "caregiver_page_used", _("Caregiver opened or used a page for the patient")
        CAREGIVER_REFUSED = "caregiver_refused", _("Caregiver refused a page for the patient")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_email = models.CharField(_("who"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_label = models.CharField(_("record"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_email or '-'} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit records cannot be deleted.")

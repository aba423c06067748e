"""The reminder outbox: one row per reminder, for every app that reminds someone of something."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """A reminder to one user: queued once per purpose, recipient, subject and due time, and claimed
    (just before it is sent) by one UPDATE, so two workers or a retried task never send it twice.

    `subject` names what it is about in the owning app's words (for example `patientstep:12`), so
    two steps due at the same hour are two reminders, as before. A new kind of reminder adds a
    `Purpose`; its recipient may be any user, patient or staff.
    """

    class Purpose(models.TextChoices):
        STEP_DUE = "step_due", _("pathway step due")
        STEP_OVERDUE = "step_overdue", _("pathway step overdue")
        QUESTIONNAIRE_OPEN = "questionnaire_open", _("questionnaire open")
        CAREGIVER_GRANT_EXPIRING = "caregiver_grant_expiring", _("caregiver access ends in a month")
        WEEKLY_SUMMARY = "weekly_summary", _("weekly content summary (staff)")

    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    subject = models.CharField(_("about"), max_length=120)
    due_at = models.DateTimeField(_("due"))
    claimed_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "recipient", "subject", "due_at"], name="one_reminder_per_purpose_recipient_due"
            ),
        ]
        indexes = [models.Index(fields=["purpose", "recipient", "subject"], name="reminder_subject")]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.subject} · {self.due_at:%Y-%m-%d %H:%M}"

"""What patients did with the content (issue 34). Patient data: kept `INSIGHTS_RETENTION_MONTHS`
(default 12), then folded into `MonthlyCount` and deleted (`manage.py insights_expire`).

Parts of an article are named by their stable key (a section's or FAQ's `key`), so counts survive a
new revision of the article.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from education.models import Article


class SearchEvent(models.Model):
    """One search by a patient: its words (normalised), how many results, and whether one was opened."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("patient")
    )
    query = models.CharField(_("words searched"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    results = models.PositiveIntegerField(_("results"), default=0)
    opened = models.BooleanField(_("a result was opened"), default=False)
    # Links the search to the beacon sent when a result is opened; never shown, never in a URL.
    token = models.UUIDField(_("token"), unique=True)
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}: {self.results}"


class SectionRead(models.Model):
    """A section of an article came into view for a patient (at most once per page view)."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("patient")
    )
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("article")
    )
    section_key = models.UUIDField(_("section key"))
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("section read")
        verbose_name_plural = _("section reads")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "created_at"], name="sectionread_article_when")]

    def __str__(self):
        return f"{self.section_key} {self.created_at:%Y-%m-%d}"


class HelpfulVote(models.Model):
    """ "Was this helpful?" on a section or an FAQ answer: yes or no, and, optionally, what was unclear."""

    class Part(models.TextChoices):
        SECTION = "section", _("Section")
        FAQ = "faq", _("Question and answer")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("patient")
    )
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("article")
    )
    part = models.CharField(_("part"), max_length=10, choices=Part.choices)
    part_key = models.UUIDField(_("part key"))
    helpful = models.BooleanField(_("helpful"))
    unclear = models.TextField(_("what was unclear"), blank=True)
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "created_at"], name="helpfulvote_article_when")]
        permissions = [("view_content_insights", _("Can see content insights (counts, no patient data)"))]

    def __str__(self):
        return f"{self.get_part_display()}: {_('yes') if self.helpful else _('no')}"


class MonthlyCount(models.Model):
    """What is left of expired records: counts per month, article and part (no patient, no words)."""

    class Measure(models.TextChoices):
        READ = "read", _("section read")
        HELPFUL_YES = "helpful_yes", _("helpful: yes")
        HELPFUL_NO = "helpful_no", _("helpful: no")
        SEARCH = "search", _("search")
        SEARCH_EMPTY = "search_empty", _("search that found nothing")
        SEARCH_UNOPENED = "search_unopened", _("search with no result opened")

    month = models.DateField(_("month"))
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("article")
    )
    part_key = models.UUIDField(_("part key"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        ordering = ["-month", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "measure", "article", "part_key"],
                name="one_monthly_count",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.measure}: {self.count}"


class SummaryPreference(models.Model):
    """A staff member's choice about the weekly summary email. No row means they get it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="summary_preference", verbose_name=_("user")
    )
    weekly_summary = models.BooleanField(_("send me the weekly summary"), default=True)

    class Meta:
        verbose_name = _("weekly summary choice")
        verbose_name_plural = _("weekly summary choices")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)

"""Outcome questionnaires as data: an instrument, its items and options, when it is asked, and the answers.

Answers and scores are protected health information: patients reach only their own, staff views are audited.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from care.models import PathwayTemplate, PatientPathway


class Instrument(models.Model):
    """A questionnaire: its items, options and how it is scored. Loaded from JSON with `load_instrument`."""

    class Rule(models.TextChoices):
        SUM = "sum", _("Sum of the items")
        MEAN = "mean", _("Mean of the items")
        PERCENT = "percent", _("Sum as a percentage of the most possible (ODI style)")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", _("A higher score is better")
        HIGHER_IS_WORSE = "higher_is_worse", _("A higher score is worse")

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("e.g. “nrs-leg”."))
    name = models.CharField(_("name"), max_length=150)
    name_es = models.CharField(_("name in Spanish"), max_length=150, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, help_text=_("For charts, e.g. “Leg pain”."))
    short_name_es = models.CharField(_("short name in Spanish"), max_length=60, blank=True)
    licence_note = models.TextField(_("licence note"), help_text=_("Where the wording comes from and who may use it."))
    languages = models.JSONField(_("languages"), default=list, help_text=_("Languages with a published version."))
    score_min = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=1)
    score_max = models.DecimalField(_("highest score"), max_digits=6, decimal_places=1)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    mcid_absolute = models.DecimalField(
        _("important change (points)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    mcid_percent = models.DecimalField(
        _("important change (percent)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    mcid_baseline = models.DecimalField(
        _("important change only from a score of"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("The score before must be at least this bad for a change to count as important (e.g. 4 of 10)."),
    )
    scoring_rule = models.CharField(_("scoring rule"), max_length=10, choices=Rule.choices)
    max_missing = models.PositiveSmallIntegerField(
        _("items that may be skipped"), default=0, help_text=_("More skipped items than this: no score.")
    )
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def name_in(self, language: str) -> str:
        return self.name_es if language == "es" and self.name_es else self.name

    @property
    def local_name(self) -> str:
        """The name in the language of the page being shown."""
        return self.name_in(get_language())

    def short_name_in(self, language: str) -> str:
        return self.short_name_es if language == "es" and self.short_name_es else self.short_name

    def offered_in(self, language: str) -> str:
        """The language the patient answers in: theirs if a published version exists, else English."""
        return language if language in self.languages else "en"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER_IS_BETTER


ANSWERED_IS_FROZEN = _(
    "Patients have answered this questionnaire, so its questions and answer options cannot change. "
    "Load a new version of it instead."
)


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("wording"))
    text_es = models.TextField(_("wording in Spanish"), blank=True)
    reversed = models.BooleanField(_("reversed"), default=False, help_text=_("Scored from the other end."))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="item_code_once_per_instrument")]

    def __str__(self):
        return f"{self.instrument.code} {self.code}"

    def clean(self):
        # Answered questionnaires are frozen: no item is added, changed or moved into one (issue 28).
        if self.instrument_id and self.instrument.responses.exists():
            raise ValidationError(ANSWERED_IS_FROZEN)

    def text_in(self, language: str) -> str:
        return self.text_es if language == "es" and self.text_es else self.text


class Option(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("order"))
    value = models.IntegerField(_("value"))
    label = models.CharField(_("wording"), max_length=300)
    label_es = models.CharField(_("wording in Spanish"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["item", "order"]

    def __str__(self):
        return f"{self.value}: {self.label}"

    def clean(self):
        if self.item_id and self.item.instrument.responses.exists():
            raise ValidationError(ANSWERED_IS_FROZEN)

    def label_in(self, language: str) -> str:
        return self.label_es if language == "es" and self.label_es else self.label


class TimePoint(models.TextChoices):
    PRE_OP = "pre_op", _("Before surgery")
    WEEKS_6 = "6w", _("6 weeks after")
    MONTHS_3 = "3m", _("3 months after")
    MONTHS_6 = "6m", _("6 months after")
    MONTHS_12 = "12m", _("12 months after")
    MONTHS_24 = "24m", _("24 months after")


# Short enough for the score chart's x-axis on a phone; the table under it has the full names.
TIME_POINT_SHORT = {
    TimePoint.PRE_OP: pgettext_lazy("score chart axis", "Before surgery"),
    TimePoint.WEEKS_6: _("6 weeks"),
    TimePoint.MONTHS_3: _("3 months"),
    TimePoint.MONTHS_6: _("6 months"),
    TimePoint.MONTHS_12: _("1 year"),
    TimePoint.MONTHS_24: _("2 years"),
}


class ScheduledInstrument(models.Model):
    """A questionnaire asked at one time point of a pathway, open in a window around a day counted from surgery."""

    template = models.ForeignKey(PathwayTemplate, on_delete=models.CASCADE, related_name="+", verbose_name=_("pathway"))
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("questionnaire")
    )
    time_point = models.CharField(_("time point"), max_length=10, choices=TimePoint.choices)
    days_from_surgery = models.IntegerField(
        _("days from surgery"), help_text=_("0 for before surgery, 42 for 6 weeks.")
    )
    days_before = models.PositiveSmallIntegerField(_("open days before"), help_text=_("Pre-op: 30. 6 weeks: 14."))
    days_after = models.PositiveSmallIntegerField(_("open days after"), help_text=_("Pre-op: 0. 6 weeks: 14."))

    class Meta:
        verbose_name = _("scheduled questionnaire")
        verbose_name_plural = _("scheduled questionnaires")
        ordering = ["template", "days_from_surgery", "instrument__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "instrument", "time_point"], name="instrument_once_per_time_point"
            )
        ]

    def __str__(self):
        return f"{self.instrument.code} · {self.get_time_point_display()}"


class Response(models.Model):
    """One patient's answers to one questionnaire at one time point. Protected health information."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Started")
        SENT = "sent", _("Sent")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("patient")
    )
    # Answers outlive nothing they belong to: deleting the enrolment is refused (issue 28).
    pathway = models.ForeignKey(PatientPathway, on_delete=models.PROTECT, related_name="+", verbose_name=_("pathway"))
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    time_point = models.CharField(_("time point"), max_length=10, choices=TimePoint.choices)
    language = models.CharField(_("language answered in"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True, blank=True)
    # Unrounded, for working out important change (a rounded 6.7 → 4.7 is not the exact 20/3 → 14/3).
    score_exact = models.DecimalField(_("exact score"), max_digits=20, decimal_places=10, null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire answers")
        verbose_name_plural = _("questionnaire answers")
        ordering = ["patient", "instrument", "answered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "instrument", "time_point"], name="answers_once_per_time_point")
        ]

    def __str__(self):
        return f"{self.instrument.code} · {self.get_time_point_display()} · {self.patient}"


class Answer(models.Model):
    """One item's answer; no option means the patient skipped it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "item__order"]
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item")]

    def __str__(self):
        return f"{self.item.code}: {self.option.value if self.option_id else '—'}"

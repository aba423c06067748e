from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.choices import BodyRegion

cpt_code_validator = RegexValidator(r"^\d{5}$", _("A CPT code is exactly 5 digits, like 63030."))


class Approach(models.TextChoices):
    TUBULAR = "tubular", _("Tubular")
    ENDOSCOPIC = "endoscopic", _("Endoscopic")
    MICROSCOPIC = "microscopic", _("Microscopic")
    PERCUTANEOUS = "percutaneous", _("Percutaneous")
    OPEN = "open", _("Open")


class Coverage(models.TextChoices):
    MEDICARE = "medicare", _("Original Medicare only")
    MEDICARE_SUPPLEMENT = "medicare_supplement", _("Medicare with a supplement plan (Medigap, AARP, BCBS)")
    MEDICARE_SECONDARY = "medicare_secondary", _("Medicare with a secondary plan (employer, TRICARE, VHA)")
    WORKERS_COMP = "workers_comp", _("Workers' Compensation (accepted claim)")
    NO_FAULT = "no_fault", _("No-Fault car insurance")
    SELF_PAY = "self_pay", _("Self-pay (no insurance)")


class Procedure(models.Model):
    cpt_code = models.CharField(_("CPT code"), max_length=5, unique=True, validators=[cpt_code_validator])
    official_name = models.CharField(_("official name"), max_length=200)
    plain_name = models.CharField(
        _("plain-language name"), max_length=200, help_text=_("What patients see, e.g. “Lower back disc surgery”.")
    )
    plain_name_es = models.CharField(_("plain-language name in Spanish"), max_length=200, blank=True)
    body_region = models.CharField(_("body region"), max_length=20, choices=BodyRegion.choices)
    approach = models.CharField(_("approach"), max_length=20, choices=Approach.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["body_region", "plain_name"]

    def __str__(self):
        return f"{self.cpt_code} – {self.plain_name}"

    def display_name(self, language: str = "en") -> str:
        """The plain name patients read, in Spanish when one is written."""
        return self.plain_name_es if language == "es" and self.plain_name_es else self.plain_name


class FeeSchedule(models.Model):
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    effective_date = models.DateField(_("effective date"))
    source_note = models.TextField(_("source"), blank=True, help_text=_("Where the amounts come from."))
    is_active = models.BooleanField(
        _("active"), default=False, help_text=_("The calculator uses the one active schedule.")
    )
    part_b_deductible = models.DecimalField(
        _("Medicare Part B yearly deductible"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("$257 in 2025, $283 in 2026."),
    )
    coinsurance_rate = models.DecimalField(
        _("coinsurance rate"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.200"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("The patient's share after the deductible; 0.200 means 20%."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_fee_schedule"),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class Fee(models.Model):
    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="fees", verbose_name=_("schedule"))
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="fees", verbose_name=_("procedure"))
    medicare_approved = models.DecimalField(
        _("Medicare-approved amount"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        # xgettext:no-python-format
        help_text=_("The surgeon's fee Medicare approves (five times the patient's 20% share)."),
    )
    self_pay_price = models.DecimalField(
        _("self-pay price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The clinic's cash price for the surgeon's fee. Leave empty if there is none."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["schedule", "procedure__cpt_code"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "procedure"], name="one_fee_per_procedure_per_schedule"),
        ]

    def __str__(self):
        return f"{self.procedure.cpt_code}: {self.medicare_approved}"


class SavedEstimate(models.Model):
    """An estimate a patient kept. The inputs and result are frozen copies."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_estimates", verbose_name=_("patient")
    )
    fee_schedule = models.ForeignKey(
        FeeSchedule, on_delete=models.PROTECT, related_name="saved_estimates", verbose_name=_("fee schedule")
    )
    coverage = models.CharField(_("coverage"), max_length=30, choices=Coverage.choices)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    total_patient_pays = models.DecimalField(_("patient pays"), max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(_("saved on"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved estimate")
        verbose_name_plural = _("saved estimates")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.patient} – {self.total_patient_pays} ({self.created_at:%Y-%m-%d})"

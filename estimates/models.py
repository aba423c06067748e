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
    MEDICARE_ADVANTAGE = "medicare_advantage", _("Medicare Advantage (a Medicare health plan, Part C)")
    MEDICARE_SUPPLEMENT = "medicare_supplement", _("Medicare with a supplement plan (Medigap, AARP, BCBS)")
    MEDICARE_SECONDARY = "medicare_secondary", _("Medicare with a secondary plan (employer, TRICARE, VHA)")
    WORKERS_COMP = "workers_comp", _("Workers' Compensation (accepted claim)")
    NO_FAULT = "no_fault", _("No-Fault car insurance")
    SELF_PAY = "self_pay", _("Self-pay (no insurance)")


class Setting(models.TextChoices):
    """Where the operation happens: each has its own facility amount in the fee schedule."""

    ASC = "asc", _("Surgery center (ambulatory surgery center)")
    HOSPITAL_OUTPATIENT = "hospital_outpatient", _("Hospital, going home the same day (outpatient)")
    INPATIENT = "inpatient", _("Hospital stay (admitted as an inpatient)")


class OppsStatus(models.TextChoices):
    """Medicare's hospital outpatient (OPPS) status indicators the calculator uses."""

    J1 = "J1", _("J1: one comprehensive payment for the main procedure")
    T = "T", _("T: multiple-procedure discount")
    S = "S", _("S: paid in full, no discount")
    N = "N", _("N: packaged into another procedure's payment")


MONEY = {
    "max_digits": 10,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(Decimal("0"))],
}


class Procedure(models.Model):
    cpt_code = models.CharField(_("CPT code"), max_length=5, unique=True, validators=[cpt_code_validator])
    official_name = models.CharField(_("official name"), max_length=200)
    plain_name = models.CharField(
        _("plain-language name"), max_length=200, help_text=_("What patients see, e.g. “Lower back disc surgery”.")
    )
    plain_name_es = models.CharField(_("plain-language name in Spanish"), max_length=200, blank=True)
    body_region = models.CharField(_("body region"), max_length=20, choices=BodyRegion.choices)
    approach = models.CharField(_("approach"), max_length=20, choices=Approach.choices, blank=True)
    is_add_on = models.BooleanField(
        _("add-on code"),
        default=False,
        help_text=_("Done only with another procedure (e.g. 22614, 22552, 63035); Medicare does not cut it by half."),
    )
    anesthesia_base_units = models.PositiveSmallIntegerField(
        _("anesthesia base units"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(30)],
        help_text=_("The base units of the anesthesia code for this procedure."),
    )
    anesthesia_minutes = models.PositiveSmallIntegerField(
        _("usual anesthesia minutes"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1440)],
        help_text=_("How long anesthesia usually lasts for this procedure, in minutes."),
    )

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
    part_a_deductible = models.DecimalField(
        _("Medicare Part A deductible"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("1736.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Per benefit period; $1,736 in 2026. It also caps the patient's share for one hospital outpatient "
            "procedure."
        ),
    )
    anesthesia_conversion_factor = models.DecimalField(
        _("anesthesia conversion factor"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Dollars per anesthesia unit. Leave empty and anesthesia is not priced."),
    )
    ma_moop_limit = models.DecimalField(
        _("Medicare Advantage in-network maximum out-of-pocket"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("9250.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The federal limit for the plan year ($9,250 in 2026): used when a patient does not know theirs."),
    )
    facility_amounts_are_demo = models.BooleanField(
        _("facility and anesthesia amounts are demo amounts"),
        default=False,
        help_text=_(
            "Tick while the facility and anesthesia amounts are not Medicare's published figures; "
            "patients are told so on the result page."
        ),
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
    self_pay_reduced = models.BooleanField(
        _("self-pay price halved as a second procedure"),
        default=False,
        help_text=_(
            "Tick if the clinic charges half its self-pay price when this is a second procedure in one operation."
        ),
    )
    asc_amount = models.DecimalField(
        _("surgery center amount"),
        help_text=_("Medicare's facility amount in a surgery center. Empty: Medicare does not pay for it there."),
        **MONEY,
    )
    hospital_outpatient_amount = models.DecimalField(
        _("hospital outpatient amount"),
        help_text=_("Medicare's facility amount in a hospital outpatient department. Empty: not paid there."),
        **MONEY,
    )
    inpatient_amount = models.DecimalField(
        _("hospital stay amount"),
        help_text=_("What Medicare pays the hospital for the stay. Empty: not done as a hospital stay."),
        **MONEY,
    )
    opps_status = models.CharField(_("OPPS status indicator"), max_length=2, choices=OppsStatus.choices, blank=True)
    asc_exempt = models.BooleanField(
        _("no surgery center discount"),
        default=False,
        help_text=_("Medicare does not halve this procedure in a surgery center when done with others."),
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

    def facility_amounts(self) -> dict:
        """The settings Medicare pays a facility for this procedure, with the amount (blank ones left out)."""
        amounts = {
            Setting.ASC: self.asc_amount,
            Setting.HOSPITAL_OUTPATIENT: self.hospital_outpatient_amount,
            Setting.INPATIENT: self.inpatient_amount,
        }
        return {setting: amount for setting, amount in amounts.items() if amount is not None}


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
    # Estimates saved before the one-operation rules keep False: their amounts were summed.
    same_operation = models.BooleanField(_("done in one operation"), default=False)
    setting = models.CharField(_("where"), max_length=20, choices=Setting.choices, blank=True)
    created_at = models.DateTimeField(_("saved on"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved estimate")
        verbose_name_plural = _("saved estimates")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.patient} – {self.total_patient_pays} ({self.created_at:%Y-%m-%d})"

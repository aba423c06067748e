"""Cost estimates: the pure calculator, and the writes that keep fee schedules current.

`estimate_calculate` is a pure function: plain values in, a result out, no
database. Money is Decimal, each line's share rounded half-up to cents, and
totals are sums of the rounded lines.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from estimates.models import Coverage, Fee, FeeSchedule, Procedure
from portal.choices import BodyRegion

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_PROCEDURES = 10
PART_B_DEDUCTIBLE = {2025: Decimal("257.00"), 2026: Decimal("283.00")}


def money(value) -> Decimal:
    """Round half-up to cents: the one rounding rule for every amount."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value: Decimal) -> str:
    """$1,125.30 (grouped and punctuated for the active language)."""
    return "$" + number_format(money(value), decimal_pos=2, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class FeeLine:
    cpt: str
    name: str
    approved: Decimal
    self_pay: Decimal | None = None


@dataclass(frozen=True)
class ScheduleTerms:
    name: str
    year: int
    part_b_deductible: Decimal
    coinsurance_rate: Decimal = Decimal("0.20")


@dataclass(frozen=True)
class EstimateLine:
    cpt: str
    name: str
    approved: Decimal
    medicare_pays: Decimal
    other_pays: Decimal
    patient_pays: Decimal


@dataclass(frozen=True)
class EstimateResult:
    coverage: str
    fee_schedule: str
    lines: tuple[EstimateLine, ...]
    explanation: tuple[str, ...]
    assumptions: tuple[str, ...]
    unavailable: str = ""  # set when no number can be given (self-pay without a price)

    @property
    def total_approved(self) -> Decimal:
        return sum((line.approved for line in self.lines), ZERO)

    @property
    def total_patient_pays(self) -> Decimal:
        return sum((line.patient_pays for line in self.lines), ZERO)

    @property
    def total_medicare_pays(self) -> Decimal:
        return sum((line.medicare_pays for line in self.lines), ZERO)

    @property
    def total_other_pays(self) -> Decimal:
        return sum((line.other_pays for line in self.lines), ZERO)

    @property
    def payer_shares(self) -> list[tuple[str, Decimal, int, int]]:
        """(who, amount, percent, where the bar starts) for the chart, in whole percents."""
        total = self.total_medicare_pays + self.total_other_pays + self.total_patient_pays
        rows = [
            ("medicare", self.total_medicare_pays),
            ("other", self.total_other_pays),
            ("patient", self.total_patient_pays),
        ]
        shares, start = [], 0
        for who, amount in rows:
            percent = round(100 * amount / total) if total else 0
            shares.append((who, amount, percent, start))
            start += percent
        return shares

    def as_json(self) -> dict:
        def amount(value):
            return f"{money(value):.2f}"

        return {
            "coverage": self.coverage,
            "fee_schedule": self.fee_schedule,
            "lines": [
                {
                    "cpt": line.cpt,
                    "name": line.name,
                    "approved": amount(line.approved),
                    "medicare_pays": amount(line.medicare_pays),
                    "other_pays": amount(line.other_pays),
                    "patient_pays": amount(line.patient_pays),
                }
                for line in self.lines
            ],
            "total_approved": amount(self.total_approved),
            "total_patient_pays": amount(self.total_patient_pays),
            "explanation": list(self.explanation),
            "assumptions": list(self.assumptions),
            **({"unavailable": self.unavailable} if self.unavailable else {}),
        }


def assumptions() -> tuple[str, ...]:
    return (
        _("This covers the surgeon's fee only. The hospital or surgery center and anesthesia bill separately."),
        _("This is an estimate, not a bill. What you pay depends on your plan and the care you get."),
        _("Amounts are for a surgeon in Medicare's network who accepts the Medicare-approved amount."),
    )


@dataclass
class _Medicare:
    """Medicare's part of one line, and what it leaves to the patient."""

    deductible: Decimal
    coinsurance: Decimal

    @property
    def leaves(self) -> Decimal:
        return self.deductible + self.coinsurance


def _medicare_lines(lines: Sequence[FeeLine], terms: ScheduleTerms, deductible_remaining: Decimal) -> list[_Medicare]:
    """The Part B deductible still owed is applied to lines in the order given."""
    owed = money(deductible_remaining)
    parts = []
    for line in lines:
        deductible = min(owed, line.approved)
        owed -= deductible
        coinsurance = money((line.approved - deductible) * terms.coinsurance_rate)
        parts.append(_Medicare(deductible=deductible, coinsurance=coinsurance))
    return parts


def estimate_calculate(
    *,
    lines: Sequence[FeeLine],
    coverage: str,
    terms: ScheduleTerms,
    deductible_remaining: Decimal = ZERO,
    secondary_deductible_remaining: Decimal = ZERO,
    no_fault_deductible: Decimal = ZERO,
    supplement_covers_deductible: bool = False,
) -> EstimateResult:
    """What the patient pays for the surgeon's fee of `lines` under `coverage`."""
    rate = f"{terms.coinsurance_rate * 100:.0f}%"
    explanation: list[str] = []
    result_lines: list[EstimateLine] = []
    unavailable = ""

    if coverage in (Coverage.MEDICARE, Coverage.MEDICARE_SUPPLEMENT, Coverage.MEDICARE_SECONDARY):
        parts = _medicare_lines(lines, terms, deductible_remaining)
        secondary_owed = money(secondary_deductible_remaining)
        for line, part in zip(lines, parts, strict=True):
            if coverage == Coverage.MEDICARE:
                patient, other = part.leaves, ZERO
            elif coverage == Coverage.MEDICARE_SUPPLEMENT:
                patient = ZERO if supplement_covers_deductible else part.deductible
                other = part.leaves - patient
            else:
                patient = min(secondary_owed, part.leaves)
                secondary_owed -= patient
                other = part.leaves - patient
            result_lines.append(
                EstimateLine(line.cpt, line.name, line.approved, line.approved - part.leaves, other, patient)
            )
        deductible_used = sum((part.deductible for part in parts), ZERO)
        explanation.append(
            _(
                "Medicare approves %(approved)s for the surgeon's fee. It pays %(share)s of what is left after "
                "your Part B deductible."
            )
            % {
                "approved": format_money(sum((line.approved for line in lines), ZERO)),
                "share": f"{100 - terms.coinsurance_rate * 100:.0f}%",
            }
        )
        if deductible_used:
            explanation.append(
                _("You still owed %(amount)s of your Part B deductible, so that comes first.")
                % {"amount": format_money(deductible_used)}
            )
        else:
            explanation.append(_("You have met your Part B deductible for the year."))
        if coverage == Coverage.MEDICARE:
            explanation.append(_("You pay the other %(rate)s (your coinsurance).") % {"rate": rate})
        elif coverage == Coverage.MEDICARE_SUPPLEMENT:
            explanation.append(_("Your supplement plan pays the %(rate)s coinsurance.") % {"rate": rate})
            if deductible_used:
                explanation.append(
                    _("Your plan (Medigap C or F) also pays the deductible.")
                    if supplement_covers_deductible
                    else _("You pay the Part B deductible you still owe; most supplement plans do not cover it.")
                )
        else:
            explanation.append(
                _(
                    "Your secondary plan pays what Medicare leaves, after you pay the secondary plan's deductible "
                    "still owed (%(amount)s)."
                )
                % {"amount": format_money(secondary_deductible_remaining)}
            )
    elif coverage == Coverage.WORKERS_COMP:
        result_lines = [EstimateLine(li.cpt, li.name, li.approved, ZERO, li.approved, ZERO) for li in lines]
        explanation.append(
            _("With an accepted Workers' Compensation claim, the claim pays everything. You pay nothing.")
        )
    elif coverage == Coverage.NO_FAULT:
        owed = min(money(no_fault_deductible), sum((line.approved for line in lines), ZERO))
        for line in lines:
            patient = min(owed, line.approved)
            owed -= patient
            result_lines.append(
                EstimateLine(line.cpt, line.name, line.approved, ZERO, line.approved - patient, patient)
            )
        explanation.append(
            _(
                "No-Fault insurance pays for injuries from a car accident. You pay at most your policy's "
                "deductible (%(amount)s)."
            )
            % {"amount": format_money(no_fault_deductible)}
        )
    elif coverage == Coverage.SELF_PAY:
        missing = [line.cpt for line in lines if line.self_pay is None]
        if missing:
            unavailable = _(
                "We do not have a self-pay price for CPT %(codes)s yet. Please call our billing office for a "
                "price before your surgery."
            ) % {"codes": ", ".join(missing)}
        else:
            result_lines = [EstimateLine(li.cpt, li.name, li.approved, ZERO, ZERO, money(li.self_pay)) for li in lines]
            explanation.append(_("Without insurance, you pay the clinic's self-pay price for the surgeon's fee."))
    else:
        raise ValueError(f"unknown coverage {coverage!r}")

    if result_lines:
        explanation.append(
            _("In all, you would pay about %(amount)s.")
            % {"amount": format_money(sum((line.patient_pays for line in result_lines), ZERO))}
        )
    return EstimateResult(
        coverage=coverage,
        fee_schedule=f"{terms.name} ({terms.year})",
        lines=tuple(result_lines),
        explanation=tuple(explanation),
        assumptions=assumptions(),
        unavailable=unavailable,
    )


# Writes -----------------------------------------------------------------------
def _guess(text: str, options: Sequence[str], default: str) -> str:
    lowered = text.lower()
    return next((option for option in options if option in lowered), default)


def schedule_activate(*, schedule: FeeSchedule) -> None:
    """Make `schedule` the one the calculator uses; the others stop being active."""
    with transaction.atomic():
        FeeSchedule.objects.exclude(pk=schedule.pk).filter(is_active=True).update(is_active=False)
        schedule.is_active = True
        schedule.save(update_fields=["is_active"])


@transaction.atomic
def procedures_record_from_article(*, items) -> list[Procedure]:
    """CPT lines from an imported article: create missing procedures and set their fees
    in the active schedule. `items` are (cpt, name, patient_share) with the 20% share."""
    schedule = FeeSchedule.objects.filter(is_active=True).first()
    if schedule is None:
        year = date.today().year
        schedule = FeeSchedule.objects.create(
            name=f"Medicare {year}",
            year=year,
            effective_date=date(year, 1, 1),
            part_b_deductible=PART_B_DEDUCTIBLE.get(year, PART_B_DEDUCTIBLE[2026]),
            source_note="Created by the article importer from the page's Medicare amounts.",
            is_active=True,
        )
    procedures = []
    for cpt, name, share in items:
        procedure, _created = Procedure.objects.get_or_create(
            cpt_code=cpt,
            defaults={
                "official_name": name,
                "plain_name": name,
                "body_region": _guess(name, ["cervical", "thoracic", "lumbar", "sacral"], BodyRegion.GENERAL),
                "approach": _guess(name, ["tubular", "endoscopic", "microscopic", "percutaneous"], ""),
            },
        )
        Fee.objects.update_or_create(
            schedule=schedule,
            procedure=procedure,
            defaults={"medicare_approved": money(Decimal(share) / schedule.coinsurance_rate)},
        )
        procedures.append(procedure)
    return procedures


@transaction.atomic
class FeeImportError(ValueError):
    """Rows that cannot be written; `problems` names every one of them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def schedule_import_problems(*, rows) -> list[str]:
    """Every row whose CPT code is new to the portal but has no names (one query)."""
    known = set(
        Procedure.objects.filter(cpt_code__in=[row.cpt_code for row in rows]).values_list("cpt_code", flat=True)
    )
    return [
        _("Line %(line)d: CPT %(code)s is new, so give official_name and plain_name.")
        % {"line": row.line, "code": row.cpt_code}
        for row in rows
        if row.cpt_code not in known and not (row.official_name and row.plain_name)
    ]


def schedule_import_rows(*, schedule: FeeSchedule, rows) -> tuple[int, int]:
    """Write parsed CSV rows into `schedule`, all or nothing. Returns (fees set, procedures created).

    A code new to the portal needs its names in the row; FeeImportError names every row without them."""
    problems = schedule_import_problems(rows=rows)
    if problems:
        raise FeeImportError(problems)
    created = 0
    for row in rows:
        procedure = Procedure.objects.filter(cpt_code=row.cpt_code).first()
        if procedure is None:
            procedure = Procedure.objects.create(
                cpt_code=row.cpt_code,
                official_name=row.official_name,
                plain_name=row.plain_name,
                plain_name_es=row.plain_name_es,
                body_region=row.body_region,
            )
            created += 1
        Fee.objects.update_or_create(
            schedule=schedule,
            procedure=procedure,
            defaults={"medicare_approved": row.medicare_approved, "self_pay_price": row.self_pay_price},
        )
    return len(rows), created

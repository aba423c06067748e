"""Cost estimates: the pure calculator, and the writes that keep fee schedules current.

`estimate_calculate` is a pure function: plain values in, a result out, no
database. Money is Decimal, each line's share rounded half-up to cents, and
totals are sums of the rounded lines.

Unknown input means the conservative case, said in plain words: a Part B
deductible left out is the full deductible of the schedule's year, still owed;
a secondary plan's deductible left out is taken to be at least what Medicare
leaves (so the patient's share is the most it could be).
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import DatabaseError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from estimates.models import Coverage, Fee, FeeSchedule, Procedure
from portal.choices import BodyRegion

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_PROCEDURES = 10
PART_B_DEDUCTIBLE = {2025: Decimal("257.00"), 2026: Decimal("283.00")}
MEDICARE_COVERAGES = (Coverage.MEDICARE, Coverage.MEDICARE_SUPPLEMENT, Coverage.MEDICARE_SECONDARY)


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

    @property
    def label(self) -> str:
        """'Medicare 2026', or 'Clinic fees (2026)' when the name does not already say the year."""
        return self.name if str(self.year) in self.name else f"{self.name} ({self.year})"


@dataclass(frozen=True)
class EstimateLine:
    cpt: str
    name: str
    approved: Decimal
    medicare_pays: Decimal
    other_pays: Decimal
    patient_pays: Decimal
    explanation: str = ""


@dataclass(frozen=True)
class Column:
    """One amount column of the result table: which line attribute, and its heading."""

    key: str
    heading: str


def columns_for(coverage: str) -> tuple[Column, ...]:
    """Each coverage's own columns, "You pay" first; self-pay has no Medicare column at all."""
    you_pay = Column("patient_pays", _("You pay"))
    approved = Column("approved", _("Medicare approves"))
    medicare = Column("medicare_pays", _("Medicare pays"))
    return {
        Coverage.MEDICARE: (you_pay, approved, medicare),
        Coverage.MEDICARE_SUPPLEMENT: (you_pay, approved, medicare, Column("other_pays", _("Supplement plan pays"))),
        Coverage.MEDICARE_SECONDARY: (you_pay, approved, medicare, Column("other_pays", _("Secondary plan pays"))),
        Coverage.WORKERS_COMP: (
            you_pay,
            Column("approved", _("Surgeon's fee")),
            Column("other_pays", _("Workers' comp insurer pays")),
        ),
        Coverage.NO_FAULT: (
            you_pay,
            Column("approved", _("Surgeon's fee")),
            Column("other_pays", _("Car insurer pays")),
        ),
        Coverage.SELF_PAY: (Column("patient_pays", _("You pay (the clinic's self-pay price)")),),
    }[coverage]


@dataclass(frozen=True)
class EstimateResult:
    coverage: str
    fee_schedule: str
    lines: tuple[EstimateLine, ...]
    explanation: tuple[str, ...]
    assumptions: tuple[str, ...]
    unavailable: str = ""  # set when some procedure has no number (self-pay without a price)
    missing: tuple[str, ...] = ()  # CPT codes with no self-pay price
    deductible_remaining: Decimal | None = None  # the Part B deductible still owed that was used
    columns: tuple[Column, ...] = field(default=())

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
    def rows(self) -> list[tuple[EstimateLine, list[tuple[Column, Decimal]]]]:
        """Each line with its (column, amount) pairs in the order of `columns`, "You pay" first."""
        return [(line, [(column, getattr(line, column.key)) for column in self.columns]) for line in self.lines]

    @property
    def totals(self) -> list[tuple[Column, Decimal]]:
        """(column, total) pairs for the table's total row."""
        return [(column, getattr(self, f"total_{column.key}")) for column in self.columns]

    @property
    def payer_shares(self) -> list[tuple[str, str, Decimal, int, int]]:
        """(who, label, amount, percent, where the bar starts) for the chart, in whole percents."""
        total = self.total_medicare_pays + self.total_other_pays + self.total_patient_pays
        other_label = {
            Coverage.MEDICARE_SUPPLEMENT: _("Supplement plan pays"),
            Coverage.MEDICARE_SECONDARY: _("Secondary plan pays"),
            Coverage.WORKERS_COMP: _("Workers' comp insurer pays"),
            Coverage.NO_FAULT: _("Car insurer pays"),
        }.get(self.coverage, _("Other plan pays"))
        rows = [
            ("medicare", _("Medicare pays"), self.total_medicare_pays),
            ("other", other_label, self.total_other_pays),
            ("patient", _("You pay"), self.total_patient_pays),
        ]
        shares, start = [], 0
        for who, label, amount in rows:
            if who == "medicare" and self.coverage not in MEDICARE_COVERAGES:
                continue
            if who == "other" and self.coverage in (Coverage.MEDICARE, Coverage.SELF_PAY):
                continue
            percent = round(100 * amount / total) if total else 0
            shares.append((who, label, amount, percent, start))
            start += percent
        return shares

    def as_json(self) -> dict:
        def amount(value):
            return f"{money(value):.2f}"

        body = {
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
                    "explanation": line.explanation,
                }
                for line in self.lines
            ],
            "total_approved": amount(self.total_approved),
            "total_patient_pays": amount(self.total_patient_pays),
            "explanation": list(self.explanation),
            "assumptions": list(self.assumptions),
        }
        if self.deductible_remaining is not None:
            body["deductible_remaining"] = amount(self.deductible_remaining)
        if self.unavailable:
            body["unavailable"] = self.unavailable
            body["missing"] = list(self.missing)
        return body


def _assumptions(
    coverage: str,
    terms: ScheduleTerms,
    deductible_remaining: Decimal | None,
    secondary_deductible_remaining: Decimal | None,
    no_fault_deductible: Decimal | None,
) -> tuple[str, ...]:
    """What the estimate takes for granted, in the coverage's own words."""
    said = [
        _("This covers the surgeon's fee only. The hospital or surgery center and anesthesia bill separately."),
        _("This is an estimate, not a bill. What you pay depends on your plan and the care you get."),
    ]
    year_deductible = {"amount": format_money(terms.part_b_deductible), "year": terms.year}
    if coverage in MEDICARE_COVERAGES:
        said.append(_("Amounts are for a surgeon in Medicare's network who accepts the Medicare-approved amount."))
        if deductible_remaining is None:
            said.append(
                _(
                    "You did not say how much of your Part B deductible you still owe, so we count all of it: "
                    "%(amount)s for %(year)s. If you have paid some of it, enter what is left."
                )
                % year_deductible
            )
        elif deductible_remaining == 0:
            said.append(
                _("You entered 0, so we take it that you have met your Part B deductible for %(year)s.")
                % year_deductible
            )
        else:
            said.append(
                _("You told us you still owe %(amount)s of your Part B deductible.")
                % {"amount": format_money(deductible_remaining)}
            )
    if coverage == Coverage.MEDICARE_SUPPLEMENT:
        said.append(_("We take it that your supplement plan pays the 20% that Medicare does not. Most plans do."))
    if coverage == Coverage.MEDICARE_SECONDARY and secondary_deductible_remaining is None:
        said.append(
            _(
                "You did not enter your secondary plan's deductible, so we show the most you could pay: all that "
                "Medicare leaves. Enter what you still owe on that plan to see a lower number."
            )
        )
    if coverage == Coverage.WORKERS_COMP:
        said.append(
            _(
                "This is only true if the workers' comp insurer accepts your claim and approves the surgery for "
                "your work injury. If the claim is denied or still open, you may get the bill."
            )
        )
        said.append(
            _(
                "Workers' comp pays by the state's own fee list, which can differ from the amount shown. Give us "
                "your claim number and the insurer's name before surgery."
            )
        )
    if coverage == Coverage.NO_FAULT:
        said.append(
            _(
                "This is only true if your car insurer accepts the claim for injuries from the accident. Send the "
                "claim in quickly: policies have short time limits."
            )
        )
        said.append(
            _("No-fault pays up to your policy's limit. Costs above that limit may be yours or your health plan's.")
        )
        if no_fault_deductible is None:
            said.append(
                _(
                    "You did not enter your policy's deductible, so we counted none. If your policy has one, you "
                    "pay up to that amount more."
                )
            )
    if coverage == Coverage.SELF_PAY:
        said.append(
            _(
                "Without insurance you pay the clinic's self-pay price. These are the clinic's prices, not "
                "Medicare amounts."
            )
        )
        said.append(
            _("You have the right to a Good Faith Estimate: a written list of expected charges before your surgery.")
        )
    return tuple(said)


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


def _medicare_sentence(line: FeeLine, part: _Medicare, rate: str) -> str:
    """Medicare approves $1,125.30. You still owed $283.00 of your deductible, so … = $168.46."""
    numbers = {
        "approved": format_money(line.approved),
        "deductible": format_money(part.deductible),
        "rest": format_money(line.approved - part.deductible),
        "rate": rate,
        "coinsurance": format_money(part.coinsurance),
    }
    if part.deductible:
        return (
            _(
                "Medicare approves %(approved)s. You still owed %(deductible)s of your deductible, so you pay that "
                "first, then %(rate)s of the remaining %(rest)s = %(coinsurance)s."
            )
            % numbers
        )
    return _("Medicare approves %(approved)s. Your deductible is met, so you pay %(rate)s = %(coinsurance)s.") % numbers


def estimate_calculate(
    *,
    lines: Sequence[FeeLine],
    coverage: str,
    terms: ScheduleTerms,
    deductible_remaining: Decimal | None = None,
    secondary_deductible_remaining: Decimal | None = None,
    no_fault_deductible: Decimal | None = None,
    supplement_covers_deductible: bool = False,
) -> EstimateResult:
    """What the patient pays for the surgeon's fee of `lines` under `coverage`.

    `deductible_remaining=None` (not given) means the schedule's whole Part B
    deductible is still owed; `0` means it is met.
    """
    if coverage not in Coverage.values:
        raise ValueError(f"unknown coverage {coverage!r}")
    rate = f"{terms.coinsurance_rate * 100:.0f}%"
    explanation: list[str] = []
    result_lines: list[EstimateLine] = []
    unavailable = ""
    missing: tuple[str, ...] = ()
    used_deductible: Decimal | None = None

    if coverage in MEDICARE_COVERAGES:
        used_deductible = terms.part_b_deductible if deductible_remaining is None else money(deductible_remaining)
        parts = _medicare_lines(lines, terms, used_deductible)
        # Unknown secondary deductible: the conservative case is that it swallows all Medicare leaves.
        secondary_owed = None if secondary_deductible_remaining is None else money(secondary_deductible_remaining)
        for line, part in zip(lines, parts, strict=True):
            medicare_sentence = _medicare_sentence(line, part, rate)
            if coverage == Coverage.MEDICARE:
                patient, other = part.leaves, ZERO
                sentence = medicare_sentence
            elif coverage == Coverage.MEDICARE_SUPPLEMENT:
                patient = ZERO if supplement_covers_deductible else part.deductible
                other = part.leaves - patient
                words = {
                    "approved": format_money(line.approved),
                    "other": format_money(other),
                    "you": format_money(patient),
                }
                sentence = (
                    _(
                        "Medicare approves %(approved)s. Your supplement plan pays %(other)s; you pay the %(you)s of "
                        "your Part B deductible you still owed."
                    )
                    if patient
                    else _("Medicare approves %(approved)s. Your supplement plan pays %(other)s, so you pay %(you)s.")
                ) % words
            else:
                patient = part.leaves if secondary_owed is None else min(secondary_owed, part.leaves)
                if secondary_owed is not None:
                    secondary_owed -= patient
                other = part.leaves - patient
                sentence = _(
                    "Medicare approves %(approved)s and leaves %(leaves)s. You pay %(you)s toward your secondary "
                    "plan's deductible, and that plan pays %(other)s."
                ) % {
                    "approved": format_money(line.approved),
                    "leaves": format_money(part.leaves),
                    "you": format_money(patient),
                    "other": format_money(other),
                }
            result_lines.append(
                EstimateLine(line.cpt, line.name, line.approved, line.approved - part.leaves, other, patient, sentence)
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
        elif secondary_deductible_remaining is None:
            explanation.append(
                _("Your secondary plan pays what Medicare leaves, after you pay that plan's deductible.")
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
        result_lines = [
            EstimateLine(
                li.cpt,
                li.name,
                li.approved,
                ZERO,
                li.approved,
                ZERO,
                _("The workers' comp insurer pays all of the %(fee)s fee. You pay $0.00.")
                % {"fee": format_money(li.approved)},
            )
            for li in lines
        ]
        explanation.append(
            _("With an accepted workers' comp claim, your employer's insurer pays the surgeon. You pay nothing.")
        )
    elif coverage == Coverage.NO_FAULT:
        deductible = ZERO if no_fault_deductible is None else money(no_fault_deductible)
        owed = min(deductible, sum((line.approved for line in lines), ZERO))
        for line in lines:
            patient = min(owed, line.approved)
            owed -= patient
            result_lines.append(
                EstimateLine(
                    line.cpt,
                    line.name,
                    line.approved,
                    ZERO,
                    line.approved - patient,
                    patient,
                    _(
                        "The fee is %(fee)s. You pay %(you)s of your policy's deductible; "
                        "the car insurer pays %(other)s."
                    )
                    % {
                        "fee": format_money(line.approved),
                        "you": format_money(patient),
                        "other": format_money(line.approved - patient),
                    },
                )
            )
        explanation.append(
            _(
                "No-Fault insurance pays for injuries from a car accident. You pay at most your policy's "
                "deductible (%(amount)s)."
            )
            % {"amount": format_money(deductible)}
        )
    else:  # self-pay
        missing = tuple(line.cpt for line in lines if line.self_pay is None)
        if missing:
            unavailable = _(
                "We do not have a self-pay price for %(procedures)s yet. Please call our billing office for a "
                "price before your surgery."
            ) % {"procedures": ", ".join(f"{line.name} (CPT {line.cpt})" for line in lines if line.self_pay is None)}
        result_lines = [
            EstimateLine(
                li.cpt,
                li.name,
                ZERO,
                ZERO,
                ZERO,
                money(li.self_pay),
                _("The clinic's self-pay price for this surgeon's fee is %(price)s.")
                % {"price": format_money(li.self_pay)},
            )
            for li in lines
            if li.self_pay is not None
        ]
        explanation.append(_("Without insurance, you pay the clinic's self-pay price for the surgeon's fee."))

    if result_lines:
        total = format_money(sum((line.patient_pays for line in result_lines), ZERO))
        explanation.append(
            _("In all, you would pay about %(amount)s, plus the procedures we have no price for.") % {"amount": total}
            if missing
            else _("In all, you would pay about %(amount)s.") % {"amount": total}
        )
    return EstimateResult(
        coverage=coverage,
        fee_schedule=terms.label,
        lines=tuple(result_lines),
        explanation=tuple(explanation),
        assumptions=_assumptions(
            coverage, terms, deductible_remaining, secondary_deductible_remaining, no_fault_deductible
        ),
        unavailable=unavailable,
        missing=missing,
        deductible_remaining=used_deductible,
        columns=columns_for(coverage),
    )


@dataclass(frozen=True)
class Alternative:
    """One row of the "what if" table: the same procedures under another coverage."""

    coverage: str
    label: str
    total_patient_pays: Decimal
    missing: tuple[str, ...] = ()


def estimate_compare(*, lines: Sequence[FeeLine], coverage: str, terms: ScheduleTerms, **amounts) -> list[Alternative]:
    """The same procedures and amounts under every coverage but `coverage`, in the form's order."""
    return [
        Alternative(other, str(label), result.total_patient_pays, result.missing)
        for other, label in Coverage.choices
        if other != coverage
        for result in [estimate_calculate(lines=lines, coverage=other, terms=terms, **amounts)]
    ]


def estimate_frozen_inputs(*, lines: Sequence[FeeLine], terms: ScheduleTerms) -> dict:
    """The amounts and terms an estimate was computed with, as JSON, so it can be worded again later."""
    return {
        "fees": [
            {
                "cpt": line.cpt,
                "approved": str(line.approved),
                "self_pay": None if line.self_pay is None else str(line.self_pay),
            }
            for line in lines
        ],
        "terms": {
            "name": terms.name,
            "year": terms.year,
            "part_b_deductible": str(terms.part_b_deductible),
            "coinsurance_rate": str(terms.coinsurance_rate),
        },
    }


def _amount(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def estimate_recalculate(
    *, inputs: dict, coverage: str, stored_result: dict, terms: ScheduleTerms, names: dict[str, str]
) -> EstimateResult:
    """A saved estimate worked out again from its frozen inputs, worded in the active language.

    `terms` is used when the inputs predate frozen terms; the numbers come out as they were saved.
    Estimates saved before the amounts were frozen are rebuilt from their stored lines."""
    if "fees" in inputs:
        fees = inputs["fees"]
        terms = ScheduleTerms(
            name=inputs["terms"]["name"],
            year=int(inputs["terms"]["year"]),
            part_b_deductible=Decimal(inputs["terms"]["part_b_deductible"]),
            coinsurance_rate=Decimal(inputs["terms"]["coinsurance_rate"]),
        )
    else:
        fees = [
            {
                "cpt": line["cpt"],
                "name": line["name"],
                "approved": line["approved"],
                "self_pay": line["patient_pays"] if coverage == Coverage.SELF_PAY else None,
            }
            for line in stored_result.get("lines", [])
        ]
    stored_names = {line["cpt"]: line["name"] for line in stored_result.get("lines", [])}
    lines = [
        FeeLine(
            cpt=fee["cpt"],
            name=names.get(fee["cpt"]) or stored_names.get(fee["cpt"], ""),
            approved=Decimal(fee["approved"]),
            self_pay=_amount(fee.get("self_pay")),
        )
        for fee in fees
    ]
    return estimate_calculate(
        lines=lines,
        coverage=coverage,
        terms=terms,
        deductible_remaining=_amount(inputs.get("deductible_remaining")),
        secondary_deductible_remaining=_amount(inputs.get("secondary_deductible_remaining")),
        no_fault_deductible=_amount(inputs.get("no_fault_deductible")),
        supplement_covers_deductible=bool(inputs.get("supplement_covers_deductible")),
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

    A code new to the portal needs its names in the row; FeeImportError names every row without them.
    A row the database refuses undoes the rows before it and is named in a FeeImportError too."""
    problems = schedule_import_problems(rows=rows)
    if problems:
        raise FeeImportError(problems)
    created = 0
    line = 0
    try:
        with transaction.atomic():
            for row in rows:
                line = row.line
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
    except DatabaseError:
        logger.exception("Fee import into schedule %s failed at line %s; nothing was written.", schedule.pk, line)
        raise FeeImportError(
            [
                _("Line %(line)d could not be saved, so no fees were imported. Check the line and try again.")
                % {"line": line}
            ]
        ) from None
    return len(rows), created

"""The pure cost calculator: plain values in, a result out, no database.

The whole bill as Medicare pays it, in up to three groups: the surgeon, the
facility (surgery center, hospital outpatient department or hospital stay) and
anesthesia. First the amounts each payer is asked to approve are worked out
(`surgeon_items`, `facility_items`, `anesthesia_items`, with the one-operation
reductions), then one function per coverage says who pays what.

Money is Decimal, each line's share rounded half-up to cents, and totals are
sums of the rounded lines. The sources of every rule are in docs/costs.md.

Unknown input means the conservative case, said in plain words: a Part B
deductible left out is the full deductible of the schedule's year, still owed;
a secondary plan's deductible left out is taken to be at least what Medicare
leaves; a Medicare Advantage copay or coinsurance left out is the most the
patient could owe, up to what is left of the plan's yearly maximum.
"""

import functools
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language, gettext

from estimates.models import Coverage, Setting

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
MAX_PROCEDURES = 10
# Medicare's surgeon fee schedule reduces up to five procedures in one operation; a sixth or more is priced by hand.
MAX_PROCEDURES_ONE_OPERATION = 5
SECOND_PROCEDURE_PERCENT = 50
PART_B_DEDUCTIBLE = {2025: Decimal("257.00"), 2026: Decimal("283.00")}
PART_A_DEDUCTIBLE = {2025: Decimal("1676.00"), 2026: Decimal("1736.00")}
MA_IN_NETWORK_MOOP = {2025: Decimal("9350.00"), 2026: Decimal("9250.00")}
MEDICARE_COVERAGES = (Coverage.MEDICARE, Coverage.MEDICARE_SUPPLEMENT, Coverage.MEDICARE_SECONDARY)
# The choices' values, once (Django's `.values` builds the list, with every label, on each use).
COVERAGES = tuple(Coverage.values)
SETTINGS = tuple(Setting.values)

SURGEON, FACILITY, ANESTHESIA = "surgeon", "facility", "anesthesia"


# The language of the estimate being worked out, read once for it (estimate_calculate): Django's get_language()
# costs a few microseconds, and an estimate asks for it for each of its 30-odd sentences and amounts.
_estimate_language: ContextVar[str | None] = ContextVar("estimate_language", default=None)

# Each sentence's translation by (language, text): the texts are this module's own literals, so it stays
# small (each sentence once per language). Django's gettext looks a text up in every app's catalog in turn
# before it gives up (most English texts have no entry): ten microseconds, 20 to 30 times per estimate.
_translated: dict[tuple[str | None, str], str] = {}


def _language() -> str | None:
    return _estimate_language.get() or get_language()


def _(message: str) -> str:
    """gettext, remembered per language (only for this module's literal texts)."""
    key = (_language(), message)
    text = _translated.get(key)
    if text is None:
        text = _translated[key] = gettext(message)
    return text


def _in_one_language(function):
    """Work `function` out in the active language, read once (nested calls keep the outer one's)."""

    @functools.wraps(function)
    def in_one_language(*args, **kwargs):
        if _estimate_language.get() is not None:
            return function(*args, **kwargs)
        token = _estimate_language.set(get_language())
        try:
            return function(*args, **kwargs)
        finally:
            _estimate_language.reset(token)

    return in_one_language


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _translated.clear()


def money(value) -> Decimal:
    """Round half-up to cents: the one rounding rule for every amount."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value: Decimal) -> str:
    """$1,125.30 (grouped and punctuated for the active language, as Django's number_format does it)."""
    separators = _money_separators(_language())
    if separators is None:
        return "$" + number_format(money(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    return "$" + f"{money(value) or ZERO:,.2f}".translate(separators)  # "or": no "-0.00"


@functools.cache
def _money_separators(language: str | None) -> dict | None:
    """The language's separators as a str.translate table for Python's "1,125.30"; None where its grouping is
    not in threes (Django's number_format then does it: it is ten times slower, and an estimate says about
    twenty amounts)."""
    with translation.override(language):
        if get_format("NUMBER_GROUPING") != 3:
            return None
        return str.maketrans({",": str(get_format("THOUSAND_SEPARATOR")), ".": str(get_format("DECIMAL_SEPARATOR"))})


def _percent(value: Decimal) -> str:
    """20% (no trailing zeros)."""
    return f"{Decimal(value).normalize():f}%"


# Inputs ------------------------------------------------------------------------
@dataclass(frozen=True)
class FeeLine:
    """One procedure's amounts in a schedule.

    `facility` maps a setting to Medicare's facility amount; a setting missing
    from it is one Medicare does not pay for this procedure (never $0). An amount
    of 0 means the facility's payment is packaged into another procedure's."""

    cpt: str
    name: str
    approved: Decimal
    self_pay: Decimal | None = None
    add_on: bool = False
    facility: dict = field(default_factory=dict)
    opps_status: str = ""
    asc_exempt: bool = False
    anesthesia_base_units: int | None = None
    anesthesia_minutes: int | None = None
    self_pay_reduced: bool = False


@dataclass(frozen=True)
class ScheduleTerms:
    name: str
    year: int
    part_b_deductible: Decimal
    coinsurance_rate: Decimal = Decimal("0.20")
    part_a_deductible: Decimal = PART_A_DEDUCTIBLE[2026]
    anesthesia_conversion_factor: Decimal | None = None
    ma_moop_limit: Decimal = MA_IN_NETWORK_MOOP[2026]
    facility_amounts_are_demo: bool = False

    @property
    def label(self) -> str:
        """'Medicare 2026', or 'Clinic fees (2026)' when the name does not already say the year."""
        return self.name if str(self.year) in self.name else f"{self.name} ({self.year})"


@dataclass(frozen=True)
class PlanTerms:
    """A Medicare Advantage plan's own terms; None is unknown. Coinsurance is in percent (20 = 20%)."""

    outpatient_copay: Decimal | None = None
    outpatient_coinsurance: Decimal | None = None
    inpatient_copay_per_day: Decimal | None = None
    inpatient_days: int | None = None
    specialist_coinsurance: Decimal | None = None
    moop: Decimal | None = None
    moop_remaining: Decimal | None = None


@dataclass(frozen=True)
class ScheduledProcedure:
    """One procedure of the active schedule: its fee line (with the English plain name), and what the form
    needs to list it (the Spanish name, the body region)."""

    line: FeeLine
    name_es: str = ""
    body_region: str = ""

    @property
    def cpt(self) -> str:
        return self.line.cpt

    def display_name(self, language: str = "en") -> str:
        """The plain name patients read, in Spanish when one is written (as Procedure.display_name)."""
        return self.name_es if language == "es" and self.name_es else self.line.name


@dataclass(frozen=True)
class ScheduleSnapshot:
    """Everything an estimate reads from the active fee schedule, as plain values: its terms and every
    procedure with its fee. Built from the database once and cached (estimates.snapshot)."""

    schedule_id: int
    terms: ScheduleTerms
    procedures: tuple[ScheduledProcedure, ...] = ()

    @property
    def part_b_deductible(self) -> Decimal:
        return self.terms.part_b_deductible

    @property
    def year(self) -> int:
        return self.terms.year

    def fee_lines(self, codes: Sequence[str], language: str = "en") -> list[FeeLine]:
        """Fee lines for `codes`, in the order given, named in `language`; codes not in the schedule are left out."""
        by_code = self._fee_lines_by_code(language)
        return [by_code[code] for code in codes if code in by_code]

    def _fee_lines_by_code(self, language: str) -> dict[str, FeeLine]:
        """Every procedure's fee line named in `language`, by code: made once per snapshot (held by each process)
        and language. Kept in the instance's own dict, never pickled (see __getstate__)."""
        made = self.__dict__.setdefault("_lines", {})
        by_code = made.get(language)
        if by_code is None:
            by_code = made[language] = {
                procedure.cpt: replace(procedure.line, name=procedure.display_name(language))
                for procedure in self.procedures
            }
        return by_code

    def __getstate__(self):
        return {name: value for name, value in self.__dict__.items() if name != "_lines"}


def settings_missing(lines: Sequence[FeeLine], setting: str) -> list[FeeLine]:
    """The procedures Medicare does not pay a facility for in `setting` (so it cannot be offered)."""
    return [line for line in lines if line.facility.get(setting) is None]


def settings_offered(lines: Sequence[FeeLine]) -> list[str]:
    """The settings every one of `lines` has a facility amount for."""
    return [setting for setting in SETTINGS if not settings_missing(lines, setting)]


# What each payer is asked to approve -------------------------------------------
@dataclass(frozen=True)
class Reduction:
    """How a multiple-procedure rule changed one line: the share of the full amount paid, and why."""

    percent_paid: int
    amount: Decimal  # taken off the full amount
    reason: str


@dataclass(frozen=True)
class Item:
    group: str
    cpt: str
    name: str
    full: Decimal
    allowed: Decimal
    operation: int
    reduction: Reduction | None = None
    fee: FeeLine | None = None
    detail: str = ""


def _reduced(full: Decimal, percent: int, reason: str) -> tuple[Decimal, Reduction]:
    allowed = money(full * percent / HUNDRED)
    return allowed, Reduction(percent, full - allowed, reason)


def _highest(indices: Sequence[int], amounts: Sequence[Decimal]) -> int | None:
    """The highest amount among `indices` (the first one on a tie)."""
    return max(indices, key=lambda index: (amounts[index], -index), default=None)


def surgeon_items(lines: Sequence[FeeLine], *, same_operation: bool) -> list[Item]:
    """Medicare's multiple-procedure rule (indicator 2): the highest in full, each other at 50%, add-ons in full."""
    one = same_operation and len(lines) > 1
    amounts = [line.approved for line in lines]
    primary = _highest([i for i, line in enumerate(lines) if not line.add_on], amounts)
    items = []
    for index, line in enumerate(lines):
        allowed, reduction = line.approved, None
        if one and index != primary:
            if line.add_on or primary is None:
                reduction = Reduction(100, ZERO, _("An add-on code: Medicare pays it in full, with no cut."))
            else:
                allowed, reduction = _reduced(
                    line.approved,
                    SECOND_PROCEDURE_PERCENT,
                    _("A second procedure in the same operation: Medicare pays the surgeon half for it."),
                )
        items.append(Item(SURGEON, line.cpt, line.name, line.approved, allowed, 0 if one else index, reduction, line))
    return items


def facility_items(lines: Sequence[FeeLine], *, setting: str, same_operation: bool) -> list[Item]:
    """The facility's Medicare amounts in `setting`, with the facility's own one-operation rules."""
    one = same_operation and len(lines) > 1
    amounts = [line.facility[setting] for line in lines]
    packaged = _("Not paid on its own: it is part of the payment for the main procedure.")
    half = _("A second procedure in the same operation: Medicare pays the facility half for it.")
    rules: dict[int, tuple[int, str]] = {}  # index -> (percent paid, why)
    for index, line in enumerate(lines):
        if amounts[index] == 0 or (setting == Setting.HOSPITAL_OUTPATIENT and line.opps_status == "N"):
            rules[index] = (0, packaged)
    if one:
        if setting == Setting.ASC:
            cut = [i for i, line in enumerate(lines) if not line.asc_exempt and i not in rules]
            primary = _highest(cut, amounts)
            rules |= {i: (SECOND_PROCEDURE_PERCENT, half) for i in cut if i != primary}
            for i, line in enumerate(lines):
                if line.asc_exempt and i not in rules:
                    rules[i] = (100, _("Medicare does not cut this procedure when it is done with others."))
        elif setting == Setting.HOSPITAL_OUTPATIENT:
            comprehensive = [i for i, line in enumerate(lines) if line.opps_status == "J1" and i not in rules]
            if comprehensive:
                primary = _highest(comprehensive, amounts)
                why = _("Part of the hospital's one payment for the main procedure (Medicare pays it as one).")
                rules |= {i: (0, why) for i in range(len(lines)) if i != primary and i not in rules}
            else:
                cut = [i for i, line in enumerate(lines) if line.opps_status == "T" and i not in rules]
                primary = _highest(cut, amounts)
                rules |= {i: (SECOND_PROCEDURE_PERCENT, half) for i in cut if i != primary}
        else:  # one hospital stay: Medicare pays the hospital one amount for it
            primary = _highest([i for i in range(len(lines)) if i not in rules], amounts)
            why = _("Part of the same hospital stay: Medicare pays the hospital one amount for the stay.")
            rules |= {i: (0, why) for i in range(len(lines)) if i != primary and i not in rules}
    items = []
    for index, line in enumerate(lines):
        full, allowed, reduction = amounts[index], amounts[index], None
        if index in rules:
            percent, why = rules[index]
            allowed, reduction = _reduced(full, percent, why)
        items.append(Item(FACILITY, line.cpt, line.name, full, allowed, 0 if one else index, reduction, line))
    return items


def anesthesia_items(
    lines: Sequence[FeeLine], *, same_operation: bool, terms: ScheduleTerms
) -> tuple[list[Item], list[FeeLine]]:
    """One line per operation: (the highest base units + all minutes ÷ 15) × the conversion factor.

    Time units are kept to one decimal, as Medicare's contractors count them. Returns the items, and
    the procedures with no anesthesia figures (then nothing is priced and the group says so)."""
    missing = [line for line in lines if line.anesthesia_base_units is None or line.anesthesia_minutes is None]
    factor = terms.anesthesia_conversion_factor
    if factor is None or missing:
        return [], missing or list(lines)
    operations = [list(lines)] if same_operation else [[line] for line in lines]
    items = []
    for number, operation in enumerate(operations):
        base = max(line.anesthesia_base_units for line in operation)
        minutes = sum(line.anesthesia_minutes for line in operation)
        time_units = (Decimal(minutes) / 15).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        amount = money((base + time_units) * factor)
        name = (
            _("Anesthesia for the operation")
            if len(operation) > 1
            else _("Anesthesia for %(name)s") % {"name": operation[0].name}
        )
        detail = _(
            "(%(base)d base units + %(minutes)d minutes ÷ 15 = %(time)s time units) × %(factor)s = %(amount)s."
        ) % {
            "base": base,
            "minutes": minutes,
            "time": number_format(time_units, decimal_pos=1, use_l10n=True),
            "factor": format_money(factor),
            "amount": format_money(amount),
        }
        items.append(Item(ANESTHESIA, "", name, amount, amount, number, None, None, detail))
    return items, []


# Who pays what -----------------------------------------------------------------
@dataclass(frozen=True)
class EstimateLine:
    cpt: str
    name: str
    approved: Decimal
    medicare_pays: Decimal
    other_pays: Decimal
    patient_pays: Decimal
    explanation: str = ""
    group: str = SURGEON
    full_amount: Decimal | None = None
    reduction: Reduction | None = None


def _line(item: Item, medicare: Decimal, other: Decimal, patient: Decimal, sentence: str) -> EstimateLine:
    if item.detail:
        sentence = f"{item.detail} {sentence}"
    return EstimateLine(
        item.cpt, item.name, item.allowed, medicare, other, patient, sentence, item.group, item.full, item.reduction
    )


@dataclass
class _Medicare:
    """Medicare's part of one line, and what it leaves to the patient."""

    deductible: Decimal  # Part B deductible
    coinsurance: Decimal
    part_a: Decimal = ZERO  # the Part A deductible, for a hospital stay
    capped: bool = False

    @property
    def leaves(self) -> Decimal:
        return self.deductible + self.coinsurance + self.part_a


def _medicare_parts(items: Sequence[Item], terms: ScheduleTerms, deductible_remaining: Decimal, setting) -> list:
    """The Part B deductible once across all Part B lines, in order; a stay's Part A deductible once per stay;
    a hospital outpatient procedure's coinsurance capped at the year's Part A deductible."""
    owed = money(deductible_remaining)
    stays: set[int] = set()
    parts = []
    for item in items:
        if item.group == FACILITY and setting == Setting.INPATIENT:
            part_a = ZERO
            if item.allowed and item.operation not in stays:
                stays.add(item.operation)
                part_a = min(terms.part_a_deductible, item.allowed)
            parts.append(_Medicare(ZERO, ZERO, part_a))
            continue
        deductible = min(owed, item.allowed)
        owed -= deductible
        coinsurance = money((item.allowed - deductible) * terms.coinsurance_rate)
        capped = item.group == FACILITY and setting == Setting.HOSPITAL_OUTPATIENT
        capped = capped and coinsurance > terms.part_a_deductible
        parts.append(_Medicare(deductible, terms.part_a_deductible if capped else coinsurance, capped=capped))
    return parts


def _medicare_sentence(item: Item, part: _Medicare, terms: ScheduleTerms) -> str:
    """Medicare approves $1,125.30. You still owed $283.00 of your deductible, so … = $168.46."""
    numbers = {
        "approved": format_money(item.allowed),
        "deductible": format_money(part.deductible),
        "rest": format_money(item.allowed - part.deductible),
        "rate": _percent(terms.coinsurance_rate * 100),
        "coinsurance": format_money(part.coinsurance),
        "cap": format_money(terms.part_a_deductible),
    }
    if item.group == FACILITY and part.part_a:
        return (
            _(
                "Medicare approves %(approved)s for the hospital stay. You pay the Part A deductible, %(cap)s, "
                "once for the stay; Medicare pays the rest."
            )
            % numbers
        )
    if not item.allowed:
        return _("Medicare pays this as part of another line, so there is nothing to pay for it here.")
    if part.capped:
        sentence = _(
            "Medicare approves %(approved)s. Your %(rate)s would be more than %(cap)s, the most you pay for one "
            "hospital outpatient procedure, so you pay %(cap)s."
        )
        if part.deductible:
            sentence = _(
                "Medicare approves %(approved)s. You still owed %(deductible)s of your deductible, then your "
                "%(rate)s is capped at %(cap)s, the most you pay for one hospital outpatient procedure."
            )
        return sentence % numbers
    if part.deductible:
        return (
            _(
                "Medicare approves %(approved)s. You still owed %(deductible)s of your deductible, so you pay that "
                "first, then %(rate)s of the remaining %(rest)s = %(coinsurance)s."
            )
            % numbers
        )
    return _("Medicare approves %(approved)s. Your deductible is met, so you pay %(rate)s = %(coinsurance)s.") % numbers


@dataclass
class _Said:
    """What a coverage function returns: the lines and its sentences."""

    lines: list[EstimateLine] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # group -> a sentence shown instead of lines


def _medicare_summary(items, parts, terms: ScheduleTerms, said: _Said) -> None:
    surgeon = [item for item in items if item.group == SURGEON]
    said.explanation.append(
        _(
            "Medicare approves %(approved)s for the surgeon's fee. It pays %(share)s of what is left after "
            "your Part B deductible."
        )
        % {
            "approved": format_money(sum((item.allowed for item in surgeon), ZERO)),
            "share": f"{100 - terms.coinsurance_rate * 100:.0f}%",
        }
    )
    deductible_used = sum((part.deductible for part in parts), ZERO)
    if deductible_used:
        said.explanation.append(
            _("You still owed %(amount)s of your Part B deductible, so that comes first.")
            % {"amount": format_money(deductible_used)}
        )
    else:
        said.explanation.append(_("You have met your Part B deductible for the year."))


def medicare(*, items, terms: ScheduleTerms, setting, deductible_remaining: Decimal, **_ignored) -> _Said:
    """Original Medicare alone: the patient pays the deductibles and the 20%."""
    said = _Said()
    parts = _medicare_parts(items, terms, deductible_remaining, setting)
    for item, part in zip(items, parts, strict=True):
        said.lines.append(
            _line(item, item.allowed - part.leaves, ZERO, part.leaves, _medicare_sentence(item, part, terms))
        )
    _medicare_summary(items, parts, terms, said)
    rate = f"{terms.coinsurance_rate * 100:.0f}%"
    said.explanation.append(_("You pay the other %(rate)s (your coinsurance).") % {"rate": rate})
    return said


def medicare_supplement(
    *, items, terms: ScheduleTerms, setting, deductible_remaining: Decimal, supplement_covers_deductible: bool, **_ig
) -> _Said:
    """A supplement like Plan G: it pays the Part A deductible and the 20%; the patient the Part B deductible."""
    said = _Said()
    parts = _medicare_parts(items, terms, deductible_remaining, setting)
    for item, part in zip(items, parts, strict=True):
        patient = ZERO if supplement_covers_deductible else part.deductible
        other = part.leaves - patient
        words = {"approved": format_money(item.allowed), "other": format_money(other), "you": format_money(patient)}
        sentence = (
            _(
                "Medicare approves %(approved)s. Your supplement plan pays %(other)s; you pay the %(you)s of "
                "your Part B deductible you still owed."
            )
            if patient
            else _("Medicare approves %(approved)s. Your supplement plan pays %(other)s, so you pay %(you)s.")
        ) % words
        said.lines.append(_line(item, item.allowed - part.leaves, other, patient, sentence))
    _medicare_summary(items, parts, terms, said)
    rate = f"{terms.coinsurance_rate * 100:.0f}%"
    said.explanation.append(_("Your supplement plan pays the %(rate)s coinsurance.") % {"rate": rate})
    if any(part.part_a for part in parts):
        said.explanation.append(_("Your supplement plan also pays the Part A deductible for the hospital stay."))
    if any(part.deductible for part in parts):
        said.explanation.append(
            _("Your plan (Medigap C or F) also pays the deductible.")
            if supplement_covers_deductible
            else _("You pay the Part B deductible you still owe; most supplement plans do not cover it.")
        )
    return said


def medicare_secondary(
    *, items, terms: ScheduleTerms, setting, deductible_remaining: Decimal, secondary_deductible_remaining, **_ig
) -> _Said:
    """A secondary plan pays what Medicare leaves, after its own deductible (unknown: it takes all of it)."""
    said = _Said()
    parts = _medicare_parts(items, terms, deductible_remaining, setting)
    owed = None if secondary_deductible_remaining is None else money(secondary_deductible_remaining)
    for item, part in zip(items, parts, strict=True):
        patient = part.leaves if owed is None else min(owed, part.leaves)
        if owed is not None:
            owed -= patient
        other = part.leaves - patient
        sentence = _(
            "Medicare approves %(approved)s and leaves %(leaves)s. You pay %(you)s toward your secondary "
            "plan's deductible, and that plan pays %(other)s."
        ) % {
            "approved": format_money(item.allowed),
            "leaves": format_money(part.leaves),
            "you": format_money(patient),
            "other": format_money(other),
        }
        said.lines.append(_line(item, item.allowed - part.leaves, other, patient, sentence))
    _medicare_summary(items, parts, terms, said)
    if secondary_deductible_remaining is None:
        said.explanation.append(
            _("Your secondary plan pays what Medicare leaves, after you pay that plan's deductible.")
        )
    else:
        said.explanation.append(
            _(
                "Your secondary plan pays what Medicare leaves, after you pay the secondary plan's deductible "
                "still owed (%(amount)s)."
            )
            % {"amount": format_money(secondary_deductible_remaining)}
        )
    return said


def plan_limits(plan: PlanTerms, terms: ScheduleTerms) -> tuple[Decimal, Decimal]:
    """The plan's in-network yearly maximum and what is left of it (unknown: the federal limit, all of it left)."""
    moop = terms.ma_moop_limit if plan.moop is None else money(plan.moop)
    left = moop if plan.moop_remaining is None else min(money(plan.moop_remaining), moop)
    return moop, left


def medicare_advantage(*, items, terms: ScheduleTerms, setting, plan: PlanTerms, **_ignored) -> _Said:
    """A Medicare Advantage plan's own copays and coinsurance, never more than what is left of its maximum."""
    said = _Said()
    moop, left = plan_limits(plan, terms)
    outpatient_charged: set[int] = set()
    stays: set[int] = set()
    for item in items:
        unknown = False
        if not item.allowed:
            share, how = ZERO, _("it is paid as part of another line")
        elif item.group in (SURGEON, ANESTHESIA):
            if plan.specialist_coinsurance is None:
                share, unknown = item.allowed, True
                how = ""
            else:
                share = money(item.allowed * plan.specialist_coinsurance / HUNDRED)
                how = _("your %(rate)s specialist coinsurance") % {"rate": _percent(plan.specialist_coinsurance)}
        elif setting == Setting.INPATIENT:
            if item.operation in stays:
                share, how = ZERO, _("one stay, already counted")
            elif plan.inpatient_copay_per_day is None or plan.inpatient_days is None:
                stays.add(item.operation)
                share, unknown, how = item.allowed, True, ""
            else:
                stays.add(item.operation)
                share = min(money(plan.inpatient_copay_per_day * plan.inpatient_days), item.allowed)
                how = _("%(copay)s a day for %(days)d days") % {
                    "copay": format_money(plan.inpatient_copay_per_day),
                    "days": plan.inpatient_days,
                }
        else:
            choices = []
            if plan.outpatient_copay is not None:
                copay = ZERO if item.operation in outpatient_charged else money(plan.outpatient_copay)
                choices.append((min(copay, item.allowed), _("your outpatient surgery copay, once per operation")))
            if plan.outpatient_coinsurance is not None:
                choices.append(
                    (
                        money(item.allowed * plan.outpatient_coinsurance / HUNDRED),
                        _("your %(rate)s outpatient surgery coinsurance")
                        % {"rate": _percent(plan.outpatient_coinsurance)},
                    )
                )
            if choices:  # both given: the larger, the conservative case
                share, how = max(choices, key=lambda choice: choice[0])
                outpatient_charged.add(item.operation)
            else:
                share, unknown, how = item.allowed, True, ""
        patient = min(share, left)
        left -= patient
        words = {"approved": format_money(item.allowed), "you": format_money(patient), "how": how}
        if unknown:
            sentence = _(
                "Your plan approves about %(approved)s. We do not know your plan's share for this, so we count "
                "the most you could owe: %(you)s."
            )
        else:
            sentence = _("Your plan approves about %(approved)s. You pay %(you)s (%(how)s).")
        sentence = sentence % words
        if patient < share:
            sentence += " " + _("That reaches your plan's yearly maximum, so you pay no more than that.")
        said.lines.append(_line(item, ZERO, item.allowed - patient, patient, sentence))
    said.explanation.append(
        _(
            "A Medicare Advantage plan sets its own copays and coinsurance. In its network, what you pay in a "
            "year stops at its maximum out-of-pocket: %(moop)s, with %(left)s of it left."
        )
        % {"moop": format_money(moop), "left": format_money(plan_limits(plan, terms)[1])}
    )
    return said


def workers_comp(*, items, **_ignored) -> _Said:
    """An accepted claim: the insurer pays every group in full."""
    said = _Said()
    for item in items:
        said.lines.append(
            _line(
                item,
                ZERO,
                item.allowed,
                ZERO,
                _("The workers' comp insurer pays all of the %(fee)s fee. You pay $0.00.")
                % {"fee": format_money(item.allowed)},
            )
        )
    said.explanation.append(
        _("With an accepted workers' comp claim, your employer's insurer pays the surgeon. You pay nothing.")
    )
    return said


def no_fault(*, items, no_fault_deductible, **_ignored) -> _Said:
    """The patient pays the policy's deductible once across the bill; the car insurer the rest."""
    said = _Said()
    deductible = ZERO if no_fault_deductible is None else money(no_fault_deductible)
    owed = min(deductible, sum((item.allowed for item in items), ZERO))
    for item in items:
        patient = min(owed, item.allowed)
        owed -= patient
        said.lines.append(
            _line(
                item,
                ZERO,
                item.allowed - patient,
                patient,
                _("The fee is %(fee)s. You pay %(you)s of your policy's deductible; the car insurer pays %(other)s.")
                % {
                    "fee": format_money(item.allowed),
                    "you": format_money(patient),
                    "other": format_money(item.allowed - patient),
                },
            )
        )
    said.explanation.append(
        _(
            "No-Fault insurance pays for injuries from a car accident. You pay at most your policy's "
            "deductible (%(amount)s)."
        )
        % {"amount": format_money(deductible)}
    )
    return said


def self_pay(*, items, same_operation: bool, **_ignored) -> _Said:
    """The clinic's price for the surgeon (cut only where the clinic's CSV says so); the rest billed separately."""
    said = _Said()
    for item in items:
        if item.group != SURGEON:
            continue
        fee = item.fee
        if fee.self_pay is None:
            continue
        price, reduction, sentence = money(fee.self_pay), None, ""
        if item.reduction and item.reduction.percent_paid < 100 and fee.self_pay_reduced:
            full = price
            price, reduction = _reduced(
                full,
                item.reduction.percent_paid,
                _("The clinic charges less for a second procedure in the same operation."),
            )
            sentence = _(
                "The clinic's self-pay price for this surgeon's fee is %(full)s; for a second procedure "
                "in the same operation it is %(price)s."
            ) % {
                "full": format_money(full),
                "price": format_money(price),
            }
        else:
            sentence = _("The clinic's self-pay price for this surgeon's fee is %(price)s.") % {
                "price": format_money(price)
            }
        said.lines.append(
            EstimateLine(item.cpt, item.name, ZERO, ZERO, ZERO, price, sentence, SURGEON, None, reduction)
        )
    said.explanation.append(_("Without insurance, you pay the clinic's self-pay price for the surgeon's fee."))
    said.notes[FACILITY] = _("Billed separately by the surgery center or hospital. Ask them for their self-pay price.")
    said.notes[ANESTHESIA] = _("Billed separately by the anesthesia team. Ask them for their self-pay price.")
    return said


COVERAGE_FUNCTIONS = {
    Coverage.MEDICARE: medicare,
    Coverage.MEDICARE_ADVANTAGE: medicare_advantage,
    Coverage.MEDICARE_SUPPLEMENT: medicare_supplement,
    Coverage.MEDICARE_SECONDARY: medicare_secondary,
    Coverage.WORKERS_COMP: workers_comp,
    Coverage.NO_FAULT: no_fault,
    Coverage.SELF_PAY: self_pay,
}


# The result ----------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One amount column of the result table: which line attribute, and its heading."""

    key: str
    heading: str


def columns_for(coverage: str) -> tuple[Column, ...]:
    """Each coverage's own columns, "You pay" first; self-pay has no Medicare column at all. Only the asked
    coverage's headings are translated (this runs on every estimate)."""
    if coverage == Coverage.SELF_PAY:
        return (Column("patient_pays", _("You pay (the clinic's self-pay price)")),)
    you_pay = Column("patient_pays", _("You pay"))
    if coverage == Coverage.MEDICARE_ADVANTAGE:
        return (you_pay, Column("approved", _("Plan approves")), Column("other_pays", _("Your plan pays")))
    if coverage == Coverage.WORKERS_COMP:
        return (you_pay, Column("approved", _("Surgeon's fee")), Column("other_pays", _("Workers' comp insurer pays")))
    if coverage == Coverage.NO_FAULT:
        return (you_pay, Column("approved", _("Surgeon's fee")), Column("other_pays", _("Car insurer pays")))
    medicare = (you_pay, Column("approved", _("Medicare approves")), Column("medicare_pays", _("Medicare pays")))
    if coverage == Coverage.MEDICARE:
        return medicare
    if coverage == Coverage.MEDICARE_SUPPLEMENT:
        return (*medicare, Column("other_pays", _("Supplement plan pays")))
    if coverage == Coverage.MEDICARE_SECONDARY:
        return (*medicare, Column("other_pays", _("Secondary plan pays")))
    raise KeyError(coverage)


def _total(lines, key: str) -> Decimal:
    return sum((getattr(line, key) for line in lines), ZERO)


def _rows(lines, columns):
    return [(line, [(column, getattr(line, column.key)) for column in columns]) for line in lines]


@dataclass(frozen=True)
class Group:
    """Surgeon, facility or anesthesia: its lines and subtotal, or a note where it has no number."""

    key: str
    title: str
    lines: tuple[EstimateLine, ...]
    columns: tuple[Column, ...] = ()
    note: str = ""

    @property
    def total_patient_pays(self) -> Decimal:
        return _total(self.lines, "patient_pays")

    @property
    def rows(self):
        return _rows(self.lines, self.columns)

    @property
    def totals(self) -> list[tuple[Column, Decimal]]:
        return [(column, _total(self.lines, column.key)) for column in self.columns]


def group_title(key: str, setting: str | None) -> str:
    if key == SURGEON:
        return _("Surgeon")
    if key == ANESTHESIA:
        return _("Anesthesia")
    return {
        Setting.ASC: _("Surgery center"),
        Setting.HOSPITAL_OUTPATIENT: _("Hospital outpatient department"),
        Setting.INPATIENT: _("Hospital stay"),
    }.get(setting, _("Facility"))


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
    groups: tuple[Group, ...] = ()
    same_operation: bool = False
    setting: str | None = None
    demo_amounts: bool = False  # the facility and anesthesia amounts are demo amounts
    plan_limits: tuple[Decimal, Decimal] | None = None  # Medicare Advantage: (maximum, left of it)

    @property
    def total_approved(self) -> Decimal:
        return _total(self.lines, "approved")

    @property
    def total_patient_pays(self) -> Decimal:
        return _total(self.lines, "patient_pays")

    @property
    def total_medicare_pays(self) -> Decimal:
        return _total(self.lines, "medicare_pays")

    @property
    def total_other_pays(self) -> Decimal:
        return _total(self.lines, "other_pays")

    @property
    def page_explanation(self) -> tuple[str, ...]:
        """The explanation for the page, where the total is already the headline: said once, not twice."""
        return self.explanation[:-1] if self.lines else self.explanation

    @property
    def reductions(self) -> list[EstimateLine]:
        return [line for line in self.lines if line.reduction]

    @property
    def rows(self) -> list[tuple[EstimateLine, list[tuple[Column, Decimal]]]]:
        """Each line with its (column, amount) pairs in the order of `columns`, "You pay" first."""
        return _rows(self.lines, self.columns)

    @property
    def totals(self) -> list[tuple[Column, Decimal]]:
        """(column, total) pairs for the table's total row."""
        return [(column, getattr(self, f"total_{column.key}")) for column in self.columns]

    @property
    def payer_shares(self) -> list[tuple[str, str, Decimal, int, int]]:
        """(who, label, amount, percent, where the bar starts) for the chart, in whole percents."""
        total = self.total_medicare_pays + self.total_other_pays + self.total_patient_pays
        other_label = {
            Coverage.MEDICARE_ADVANTAGE: _("Your plan pays"),
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

        def line_json(line: EstimateLine) -> dict:
            reduction = line.reduction and {
                "percent_paid": line.reduction.percent_paid,
                "amount": amount(line.reduction.amount),
                "full_amount": amount(line.full_amount if line.full_amount is not None else line.approved),
                "reason": line.reduction.reason,
            }
            return {
                "cpt": line.cpt,
                "name": line.name,
                "approved": amount(line.approved),
                "medicare_pays": amount(line.medicare_pays),
                "other_pays": amount(line.other_pays),
                "patient_pays": amount(line.patient_pays),
                "explanation": line.explanation,
                "group": line.group,
                "reduction": reduction or None,
            }

        body = {
            "coverage": self.coverage,
            "fee_schedule": self.fee_schedule,
            "same_operation": self.same_operation,
            "setting": self.setting,
            "lines": [line_json(line) for line in self.lines],
            "groups": [
                {
                    "key": group.key,
                    "title": group.title,
                    "lines": [line_json(line) for line in group.lines],
                    "subtotal_patient_pays": amount(group.total_patient_pays),
                    "subtotal_approved": amount(_total(group.lines, "approved")),
                    "note": group.note,
                }
                for group in self.groups
            ],
            "total_approved": amount(self.total_approved),
            "total_patient_pays": amount(self.total_patient_pays),
            "explanation": list(self.explanation),
            "assumptions": list(self.assumptions),
            "demo_amounts": self.demo_amounts,
        }
        if self.deductible_remaining is not None:
            body["deductible_remaining"] = amount(self.deductible_remaining)
        if self.plan_limits is not None:
            body["ma_moop"], body["ma_moop_remaining"] = (amount(value) for value in self.plan_limits)
        if self.unavailable:
            body["unavailable"] = self.unavailable
            body["missing"] = list(self.missing)
        return body


def _assumptions(
    coverage: str,
    terms: ScheduleTerms,
    *,
    setting,
    plan: PlanTerms,
    deductible_remaining: Decimal | None,
    secondary_deductible_remaining: Decimal | None,
    no_fault_deductible: Decimal | None,
    **_ignored,
) -> tuple[str, ...]:
    """What the estimate takes for granted, in the coverage's own words."""
    if setting:
        said = [
            _(
                "This covers the surgeon, the surgery center or hospital, and anesthesia. It does not cover "
                "imaging, lab tests, a hospital stay beyond 60 days, or an assistant surgeon."
            )
        ]
        if terms.facility_amounts_are_demo:
            said.append(
                _(
                    "The surgery center, hospital and anesthesia amounts are demo amounts of a realistic size, "
                    "not Medicare's published figures."
                )
            )
    else:
        said = [_("This covers the surgeon's fee only. The hospital or surgery center and anesthesia bill separately.")]
    said.append(_("This is an estimate, not a bill. What you pay depends on your plan and the care you get."))
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
        if setting == Setting.INPATIENT:
            said.append(
                _(
                    "A hospital stay is Part A: you pay its deductible (%(amount)s in %(year)s) once per benefit "
                    "period, for a stay of up to 60 days. Separate stays within 60 days share one; we count one "
                    "per stay, the most you could pay."
                )
                % {"amount": format_money(terms.part_a_deductible), "year": terms.year}
            )
    if coverage == Coverage.MEDICARE_SUPPLEMENT:
        said.append(_("We take it that your supplement plan pays the 20% that Medicare does not. Most plans do."))
        if setting:
            said.append(
                _(
                    "We take it that your plan works like Medigap Plan G: it pays the Part A deductible and the "
                    "20%, and you pay the Part B deductible you still owe."
                )
            )
    if coverage == Coverage.MEDICARE_SECONDARY and secondary_deductible_remaining is None:
        said.append(
            _(
                "You did not enter your secondary plan's deductible, so we show the most you could pay: all that "
                "Medicare leaves. Enter what you still owe on that plan to see a lower number."
            )
        )
    if coverage == Coverage.MEDICARE_ADVANTAGE:
        said.append(_("Amounts are for surgeons, facilities and anesthesia in your plan's network."))
        said.append(_("We use Medicare's amounts as what your plan approves. Plans pay close to them in network."))
        if plan.moop is None:
            said.append(
                _(
                    "You did not enter your plan's maximum out-of-pocket, so we use the highest a plan may have "
                    "in %(year)s: %(amount)s."
                )
                % {"year": terms.year, "amount": format_money(terms.ma_moop_limit)}
            )
        if plan.moop_remaining is None:
            said.append(_("You did not say how much of that maximum is left, so we take it that all of it is."))
        unknown = [
            (plan.specialist_coinsurance is None, _("your specialist coinsurance (surgeon and anesthesia)")),
            (
                setting in (Setting.ASC, Setting.HOSPITAL_OUTPATIENT)
                and plan.outpatient_copay is None
                and plan.outpatient_coinsurance is None,
                _("your outpatient surgery copay or coinsurance"),
            ),
            (
                setting == Setting.INPATIENT and (plan.inpatient_copay_per_day is None or plan.inpatient_days is None),
                _("your hospital stay copay and its number of days"),
            ),
        ]
        names = [name for is_unknown, name in unknown if is_unknown]
        if names:
            said.append(
                _(
                    "You did not enter %(terms)s, so we count the most you could owe, up to what is left of "
                    "your maximum. Your plan's Evidence of Coverage lists them."
                )
                % {"terms": "; ".join(names)}
            )
        if plan.outpatient_copay is not None and plan.outpatient_coinsurance is not None:
            said.append(_("You entered both a copay and a coinsurance for outpatient surgery; we use the larger."))
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


def _reduction_sentences(items: Sequence[Item], coverage: str, setting) -> list[str]:
    """Why the one-operation amounts are lower than the clinic's page, which adds up full prices."""
    said = []
    surgeon = [item for item in items if item.group == SURGEON]
    if coverage != Coverage.SELF_PAY and any(item.reduction for item in surgeon):
        said.append(
            _(
                "These procedures are done in one operation, so Medicare pays the surgeon in full for the "
                "highest-paid one and half for each other (add-on codes in full). The clinic's page adds up "
                "full prices (%(full)s approved), so it shows more than Medicare will approve (%(allowed)s)."
            )
            % {
                "full": format_money(_total(surgeon, "full")),
                "allowed": format_money(_total(surgeon, "allowed")),
            }
        )
    facility = [item for item in items if item.group == FACILITY]
    if coverage != Coverage.SELF_PAY and any(item.reduction for item in facility):
        said.append(
            {
                Setting.ASC: _(
                    "The surgery center is paid in full for the highest-paid procedure and half for each other, "
                    "except those Medicare does not cut."
                ),
                Setting.HOSPITAL_OUTPATIENT: _(
                    "The hospital is paid by each procedure's Medicare status: one payment for the main "
                    "procedure that covers the rest, or the highest-paid in full and half for each other."
                ),
                Setting.INPATIENT: _("The hospital is paid one amount for the whole stay."),
            }[setting]
        )
    return said


@_in_one_language
def estimate_calculate(
    *,
    lines: Sequence[FeeLine],
    coverage: str,
    terms: ScheduleTerms,
    deductible_remaining: Decimal | None = None,
    secondary_deductible_remaining: Decimal | None = None,
    no_fault_deductible: Decimal | None = None,
    supplement_covers_deductible: bool = False,
    same_operation: bool = False,
    setting: str | None = None,
    ma_outpatient_copay: Decimal | None = None,
    ma_outpatient_coinsurance: Decimal | None = None,
    ma_inpatient_copay_per_day: Decimal | None = None,
    ma_inpatient_days: int | None = None,
    ma_specialist_coinsurance: Decimal | None = None,
    ma_moop: Decimal | None = None,
    ma_moop_remaining: Decimal | None = None,
) -> EstimateResult:
    """What the patient pays for `lines` under `coverage`.

    `deductible_remaining=None` (not given) means the schedule's whole Part B
    deductible is still owed; `0` means it is met. `same_operation` prices the
    procedures as one operation (False: each its own). Without `setting` only
    the surgeon is priced.
    """
    if coverage not in COVERAGES:
        raise ValueError(f"unknown coverage {coverage!r}")
    if setting is not None and setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r}")
    setting = setting or None
    plan = PlanTerms(
        ma_outpatient_copay,
        ma_outpatient_coinsurance,
        ma_inpatient_copay_per_day,
        ma_inpatient_days,
        ma_specialist_coinsurance,
        ma_moop,
        ma_moop_remaining,
    )
    used_deductible = None
    if coverage in MEDICARE_COVERAGES:
        used_deductible = terms.part_b_deductible if deductible_remaining is None else money(deductible_remaining)
    columns = columns_for(coverage)
    common = {
        "coverage": coverage,
        "fee_schedule": terms.label,
        "assumptions": _assumptions(
            coverage,
            terms,
            setting=setting,
            plan=plan,
            deductible_remaining=deductible_remaining,
            secondary_deductible_remaining=secondary_deductible_remaining,
            no_fault_deductible=no_fault_deductible,
        ),
        "deductible_remaining": used_deductible,
        "columns": columns,
        "same_operation": same_operation,
        "setting": setting,
        "demo_amounts": bool(setting) and terms.facility_amounts_are_demo,
        "plan_limits": plan_limits(plan, terms) if coverage == Coverage.MEDICARE_ADVANTAGE else None,
    }
    too_many = same_operation and len(lines) > MAX_PROCEDURES_ONE_OPERATION
    no_facility = setting and settings_missing(lines, setting)
    if too_many or no_facility:
        unavailable = (
            _(
                "Medicare prices more than %(max)d procedures in one operation by hand. Please call our billing "
                "office for an estimate."
            )
            % {"max": MAX_PROCEDURES_ONE_OPERATION}
            if too_many
            else _("Medicare does not pay a %(place)s for %(procedures)s. Choose another place.")
            % {
                "place": group_title(FACILITY, setting).lower(),
                "procedures": ", ".join(f"{line.name} (CPT {line.cpt})" for line in no_facility),
            }
        )
        return EstimateResult(lines=(), explanation=(), unavailable=unavailable, **common)

    items = surgeon_items(lines, same_operation=same_operation)
    anesthesia_missing: list[FeeLine] = []
    if setting:
        items += facility_items(lines, setting=setting, same_operation=same_operation)
        anesthesia, anesthesia_missing = anesthesia_items(lines, same_operation=same_operation, terms=terms)
        items += anesthesia
    said = COVERAGE_FUNCTIONS[coverage](
        items=items,
        terms=terms,
        setting=setting,
        same_operation=same_operation,
        deductible_remaining=used_deductible,
        secondary_deductible_remaining=secondary_deductible_remaining,
        no_fault_deductible=no_fault_deductible,
        supplement_covers_deductible=supplement_covers_deductible,
        plan=plan,
    )
    explanation = said.explanation + _reduction_sentences(items, coverage, setting)
    if anesthesia_missing and ANESTHESIA not in said.notes and setting:
        said.notes[ANESTHESIA] = _(
            "We have no anesthesia figures for %(names)s, so anesthesia is not in the total. The anesthesia team "
            "bills separately."
        ) % {"names": ", ".join(f"{line.name} (CPT {line.cpt})" for line in anesthesia_missing)}

    missing: tuple[str, ...] = ()
    unavailable = ""
    if coverage == Coverage.SELF_PAY:
        missing = tuple(line.cpt for line in lines if line.self_pay is None)
        if missing:
            unavailable = _(
                "We do not have a self-pay price for %(procedures)s yet. Please call our billing office for a "
                "price before your surgery."
            ) % {"procedures": ", ".join(f"{line.name} (CPT {line.cpt})" for line in lines if line.self_pay is None)}
    if said.lines:
        total = format_money(_total(said.lines, "patient_pays"))
        explanation.append(
            _("In all, you would pay about %(amount)s, plus the procedures we have no price for.") % {"amount": total}
            if missing
            else _("In all, you would pay about %(amount)s.") % {"amount": total}
        )
    keys = (SURGEON, FACILITY, ANESTHESIA) if setting else (SURGEON,)
    groups = tuple(
        Group(
            key,
            group_title(key, setting),
            tuple(line for line in said.lines if line.group == key),
            columns,
            said.notes.get(key, ""),
        )
        for key in keys
    )
    return EstimateResult(
        lines=tuple(said.lines),
        explanation=tuple(explanation),
        unavailable=unavailable,
        missing=missing,
        groups=groups,
        **common,
    )


# The "what if" table ----------------------------------------------------------------
@dataclass(frozen=True)
class Alternative:
    """One row of the "what if" table: the same procedures under another coverage, and why it matches another."""

    coverage: str
    label: str
    total_patient_pays: Decimal
    missing: tuple[str, ...] = ()
    reason: str = ""


def _why_the_same(coverage: str, result: EstimateResult, totals: dict, labels: dict, amounts: dict) -> str:
    """A plain sentence for a row whose total equals another's."""
    total = result.total_patient_pays
    medicare_total = totals[Coverage.MEDICARE]
    if coverage == Coverage.MEDICARE_SECONDARY and total == medicare_total:
        if amounts.get("secondary_deductible_remaining") is None:
            return _(
                "We do not know your secondary plan's deductible, so we count the most it could leave you: all "
                "that Medicare leaves."
            )
        return _("Your secondary plan's deductible is more than what Medicare leaves, so it pays nothing here.")
    if coverage == Coverage.MEDICARE_SUPPLEMENT:
        if total == 0:
            return _("A supplement plan pays all that Medicare leaves once your Part B deductible is met.")
        if total == medicare_total:
            return _("All of it goes to your Part B deductible, and most supplement plans do not pay that.")
    if coverage == Coverage.MEDICARE and total == totals.get(Coverage.MEDICARE_SECONDARY):
        return _(
            "Medicare alone leaves you its deductible and the 20%; a secondary plan whose deductible is not met "
            "leaves you the same."
        )
    if coverage == Coverage.WORKERS_COMP:
        return _("An accepted workers' comp claim pays the whole bill, so you pay nothing.")
    if coverage == Coverage.NO_FAULT:
        return _("You pay only your policy's deductible (%(amount)s); the car insurer pays the rest.") % {
            "amount": format_money(amounts.get("no_fault_deductible") or ZERO)
        }
    if coverage == Coverage.MEDICARE_ADVANTAGE and result.plan_limits and total == result.plan_limits[1]:
        return _("This is what is left of the plan's yearly maximum: the most a plan in its network can charge you.")
    other = next(label for key, label in labels.items() if key != coverage and totals[key] == total)
    return _("Under the terms you entered this comes to the same as “%(other)s”.") % {"other": other}


@_in_one_language
def estimate_compare(*, lines: Sequence[FeeLine], coverage: str, terms: ScheduleTerms, **amounts) -> list[Alternative]:
    """The same procedures and amounts under every coverage but `coverage`, in the form's order.

    A row equal to another row (or to the result above) says why in one sentence."""
    results = {other: estimate_calculate(lines=lines, coverage=other, terms=terms, **amounts) for other in Coverage}
    totals = {key: result.total_patient_pays for key, result in results.items() if not result.missing}
    labels = {key: str(label) for key, label in Coverage.choices}
    rows = []
    for other, label in Coverage.choices:
        if other == coverage:
            continue
        result = results[other]
        same = other in totals and any(totals[key] == totals[other] for key in totals if key != other)
        reason = _why_the_same(other, result, totals, labels, amounts) if same else ""
        rows.append(Alternative(other, str(label), result.total_patient_pays, result.missing, reason))
    return rows


# Saved estimates -----------------------------------------------------------------------
def estimate_frozen_inputs(*, lines: Sequence[FeeLine], terms: ScheduleTerms) -> dict:
    """The amounts and terms an estimate was computed with, as JSON, so it can be worded again later."""

    def text(value):
        return None if value is None else str(value)

    return {
        "fees": [
            {
                "cpt": line.cpt,
                "approved": str(line.approved),
                "self_pay": text(line.self_pay),
                "add_on": line.add_on,
                "facility": {setting: str(amount) for setting, amount in line.facility.items()},
                "opps_status": line.opps_status,
                "asc_exempt": line.asc_exempt,
                "anesthesia_base_units": line.anesthesia_base_units,
                "anesthesia_minutes": line.anesthesia_minutes,
                "self_pay_reduced": line.self_pay_reduced,
            }
            for line in lines
        ],
        "terms": {
            "name": terms.name,
            "year": terms.year,
            "part_b_deductible": str(terms.part_b_deductible),
            "coinsurance_rate": str(terms.coinsurance_rate),
            "part_a_deductible": str(terms.part_a_deductible),
            "anesthesia_conversion_factor": text(terms.anesthesia_conversion_factor),
            "ma_moop_limit": str(terms.ma_moop_limit),
            "facility_amounts_are_demo": terms.facility_amounts_are_demo,
        },
    }


def _amount(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _whole(value) -> int | None:
    return None if value in (None, "") else int(value)


MA_INPUTS = (
    "ma_outpatient_copay",
    "ma_outpatient_coinsurance",
    "ma_inpatient_copay_per_day",
    "ma_specialist_coinsurance",
    "ma_moop",
    "ma_moop_remaining",
)


def estimate_recalculate(
    *, inputs: dict, coverage: str, stored_result: dict, terms: ScheduleTerms, names: dict[str, str]
) -> EstimateResult:
    """A saved estimate worked out again from its frozen inputs, worded in the active language.

    `terms` is used when the inputs predate frozen terms; the numbers come out as they were saved.
    Estimates saved before the amounts were frozen are rebuilt from their stored lines; those saved
    before the one-operation rules have no `same_operation` and were summed, so they stay summed."""
    if "fees" in inputs:
        fees = inputs["fees"]
        frozen = inputs["terms"]
        terms = ScheduleTerms(
            name=frozen["name"],
            year=int(frozen["year"]),
            part_b_deductible=Decimal(frozen["part_b_deductible"]),
            coinsurance_rate=Decimal(frozen["coinsurance_rate"]),
            part_a_deductible=_amount(frozen.get("part_a_deductible")) or terms.part_a_deductible,
            anesthesia_conversion_factor=_amount(frozen.get("anesthesia_conversion_factor")),
            ma_moop_limit=_amount(frozen.get("ma_moop_limit")) or terms.ma_moop_limit,
            facility_amounts_are_demo=bool(frozen.get("facility_amounts_are_demo")),
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
            if line.get("group", SURGEON) == SURGEON
        ]
    stored_names = {line["cpt"]: line["name"] for line in stored_result.get("lines", [])}
    lines = [
        FeeLine(
            cpt=fee["cpt"],
            name=names.get(fee["cpt"]) or stored_names.get(fee["cpt"], ""),
            approved=Decimal(fee["approved"]),
            self_pay=_amount(fee.get("self_pay")),
            add_on=bool(fee.get("add_on")),
            facility={setting: Decimal(amount) for setting, amount in (fee.get("facility") or {}).items()},
            opps_status=fee.get("opps_status") or "",
            asc_exempt=bool(fee.get("asc_exempt")),
            anesthesia_base_units=_whole(fee.get("anesthesia_base_units")),
            anesthesia_minutes=_whole(fee.get("anesthesia_minutes")),
            self_pay_reduced=bool(fee.get("self_pay_reduced")),
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
        same_operation=bool(inputs.get("same_operation", False)),
        setting=inputs.get("setting") or None,
        ma_inpatient_days=_whole(inputs.get("ma_inpatient_days")),
        **{key: _amount(inputs.get(key)) for key in MA_INPUTS},
    )

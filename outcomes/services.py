"""Outcome questionnaires: scoring (pure, no ORM), instrument validation, and the writes.

`score` and `validate_instrument` take plain data and touch no database, so each scoring
rule is tested against hand-computed values without one.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import median

from django.db import transaction
from django.utils import timezone

from outcomes.instrument_schema import instrument_shape
from outcomes.models import Answer, Instrument, Item, Option, Response, ScheduledInstrument

ONE_PLACE = Decimal("0.1")
# Exact scores are stored to ten places: a difference below this is the storage's, not the patient's.
EXACT_PLACES = Decimal("0.0000000001")
STORAGE_SLACK = Fraction(1, 10**8)
RULES = ("sum", "mean", "percent")
DIRECTIONS = ("higher_is_better", "higher_is_worse")


@dataclass(frozen=True)
class ItemSpec:
    code: str
    lowest: int
    highest: int
    reversed: bool = False


@dataclass(frozen=True)
class ScoringSpec:
    rule: str  # "sum", "mean" or "percent"
    items: tuple[ItemSpec, ...]
    max_missing: int = 0


def score(spec: ScoringSpec, answers: dict[str, int | None]) -> Decimal | None:
    """The score of one set of answers, rounded half-up to one decimal, for showing; None when too many
    are missing. Important change is worked out from `score_exact`, never from this rounded score."""
    return rounded(score_exact(spec, answers))


def rounded(exact: Fraction | None) -> Decimal | None:
    return None if exact is None else as_decimal(exact, ONE_PLACE)


def as_decimal(value: Fraction, places: Decimal | None = None) -> Decimal:
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return decimal.quantize(places, rounding=ROUND_HALF_UP) if places else decimal


def score_exact(spec: ScoringSpec, answers: dict[str, int | None]) -> Fraction | None:
    """The unrounded score of one set of answers (a fraction: 7, 7 and 6 have the mean 20/3).

    - A reversed item counts as (lowest + highest − value).
    - sum: the sum of the answered items; with items missing (up to `max_missing`), the mean
      of the answered items times the number of items, so a skip does not look like a better score.
    - mean: the mean of the answered items.
    - percent (ODI style): sum ÷ (highest value per item × answered items) × 100.
    """
    values = []
    for item in spec.items:
        value = answers.get(item.code)
        if value is None:
            continue
        if not item.lowest <= value <= item.highest:
            raise ValueError(f"{item.code}: {value} is outside {item.lowest}–{item.highest}")
        values.append(Fraction(item.lowest + item.highest - value if item.reversed else value))
    missing = len(spec.items) - len(values)
    if not values or missing > spec.max_missing:
        return None
    total = sum(values)
    if spec.rule == "sum":
        result = total if not missing else total / len(values) * len(spec.items)
    elif spec.rule == "mean":
        result = total / len(values)
    elif spec.rule == "percent":
        answered = [item for item in spec.items if answers.get(item.code) is not None]
        result = total / sum(Fraction(item.highest) for item in answered) * 100
    else:
        raise ValueError(f"unknown scoring rule {spec.rule!r}")
    return Fraction(result)


def improvement(*, before, after, higher_is_better: bool):
    """How much better `after` is than `before`, in points (negative when worse)."""
    return after - before if higher_is_better else before - after


def reaches_mcid(
    *,
    before: Decimal | Fraction,
    after: Decimal | Fraction,
    higher_is_better: bool,
    absolute: Decimal | None,
    percent: Decimal | None,
    baseline: Decimal | None = None,
) -> bool:
    """Whether the change is clinically important, worked out conservatively (the clinic's choice, see
    docs/outcomes.md): from unrounded scores; it must meet every threshold the instrument gives (points
    and percent, where the sources give them as alternatives); and the score before must be at least
    as bad as the instrument's minimum baseline (e.g. 4 on a 0–10 pain scale), else no change counts.
    An instrument with no threshold never reports an important change."""
    if absolute is None and percent is None:
        return False
    before, after = Fraction(before), Fraction(after)
    if baseline is not None:
        bad_enough = before <= Fraction(baseline) if higher_is_better else before >= Fraction(baseline)
        if not bad_enough:
            return False
    gain = improvement(before=before, after=after, higher_is_better=higher_is_better)
    if gain <= 0:
        return False
    if absolute is not None and gain < Fraction(absolute) - STORAGE_SLACK:
        return False
    return percent is None or (before != 0 and gain * 100 >= Fraction(percent) * abs(before) - STORAGE_SLACK)


def median_or_none(values: list[Decimal]) -> Decimal | None:
    return Decimal(median(values)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP) if values else None


# Loading instruments from JSON ----------------------------------------------------------------


class InstrumentFileError(ValueError):
    """A malformed instrument file; the message names the field."""


def validate_instrument(data) -> dict:
    """Check an instrument file's content and return it normalised; raise InstrumentFileError naming the field.

    The shape (fields and types) is the pydantic schema in `instrument_schema`; the rules that relate
    fields to each other are checked here, in the order a person fixing the file would read them."""
    if not isinstance(data, dict):
        raise InstrumentFileError("The file must hold one JSON object (an instrument).")
    try:
        clean = instrument_shape(data)
    except ValueError as error:
        raise InstrumentFileError(str(error)) from None
    if clean["direction"] not in DIRECTIONS:
        raise InstrumentFileError(f"direction: must be one of {', '.join(DIRECTIONS)}.")
    if clean["scoring_rule"] not in RULES:
        raise InstrumentFileError(f"scoring_rule: must be one of {', '.join(RULES)}.")
    if "en" not in clean["languages"] or any(lang not in ("en", "es") for lang in clean["languages"]):
        raise InstrumentFileError('languages: must list "en" and may add "es".')
    if clean["score_min"] >= clean["score_max"]:
        raise InstrumentFileError("score_max: must be higher than score_min.")
    if clean["max_missing"] < 0:
        raise InstrumentFileError("max_missing: must be 0 or more.")
    spanish = "es" in clean["languages"]
    if spanish and not clean["name_es"]:
        raise InstrumentFileError('name_es: required when languages lists "es".')
    if not clean["items"]:
        raise InstrumentFileError("items: must list at least one item.")
    if clean["max_missing"] >= len(clean["items"]):
        raise InstrumentFileError("max_missing: must be fewer than the number of items.")
    codes = set()
    for i, item in enumerate(clean["items"]):
        _item_check(item, f"items[{i}].", spanish=spanish, codes=codes)
    return clean


def _item_check(item: dict, where: str, *, spanish: bool, codes: set[str]) -> None:
    if item["code"] in codes:
        raise InstrumentFileError(f"{where}code: “{item['code']}” is used twice.")
    codes.add(item["code"])
    if spanish and not item["text_es"]:
        raise InstrumentFileError(f'{where}text_es: required when languages lists "es".')
    if len(item["options"]) < 2:
        raise InstrumentFileError(f"{where}options: must list at least two options.")
    values = set()
    for j, option in enumerate(item["options"]):
        if option["value"] in values:
            raise InstrumentFileError(f"{where}options[{j}].value: {option['value']} is used twice in this item.")
        values.add(option["value"])
        if spanish and not option["label_es"]:
            raise InstrumentFileError(f'{where}options[{j}].label_es: required when languages lists "es".')


def spec_for(instrument) -> ScoringSpec:
    """The scoring spec of an Instrument whose items and options are prefetched."""
    items = []
    for item in instrument.items.all():
        values = [option.value for option in item.options.all()]
        items.append(ItemSpec(code=item.code, lowest=min(values), highest=max(values), reversed=item.reversed))
    return ScoringSpec(rule=instrument.scoring_rule, items=tuple(items), max_missing=instrument.max_missing)


# Writes -----------------------------------------------------------------------------------------


class InstrumentInUse(Exception):
    """An instrument that has answers cannot be changed: its wording and scoring are part of them."""


@transaction.atomic
def instrument_load(*, data: dict):
    """Create or replace an instrument from validated data. Refuses one that patients have answered."""
    fields = {key: value for key, value in data.items() if key not in ("code", "items")}
    instrument = Instrument.objects.select_for_update().filter(code=data["code"]).first()
    if instrument is not None:
        if Response.objects.filter(instrument=instrument).exists():
            raise InstrumentInUse(data["code"])
        for key, value in fields.items():
            setattr(instrument, key, value)
        instrument.save()
        instrument.items.all().delete()
    else:
        instrument = Instrument.objects.create(code=data["code"], **fields)
    for order, entry in enumerate(data["items"], start=1):
        item = Item.objects.create(
            instrument=instrument,
            code=entry["code"],
            order=order,
            text=entry["text"],
            text_es=entry["text_es"],
            reversed=entry["reversed"],
        )
        Option.objects.bulk_create(
            Option(item=item, order=n, value=o["value"], label=o["label"], label_es=o["label_es"])
            for n, o in enumerate(entry["options"], start=1)
        )
    return instrument


@transaction.atomic
def response_start(*, patient, pathway, scheduled, language: str):
    """The patient's answers for this time point: the ones started before, or new ones."""
    response, _created = Response.objects.get_or_create(
        pathway=pathway,
        instrument=scheduled.instrument,
        time_point=scheduled.time_point,
        defaults={"patient": patient, "language": scheduled.instrument.offered_in(language)},
    )
    return response


@transaction.atomic
def response_answer(*, response, item, option) -> None:
    """Save one item's answer (None: skipped). Only while the answers are not sent."""
    Answer.objects.update_or_create(response=response, item=item, defaults={"option": option})


@transaction.atomic
def response_send(*, response, answered_on=None):
    """Send the answers: score them and date them."""
    instrument = Instrument.objects.prefetch_related("items__options").get(pk=response.instrument_id)
    chosen = {
        answer.item.code: answer.option.value if answer.option_id else None
        for answer in response.answers.select_related("item", "option")
    }
    exact = score_exact(spec_for(instrument), chosen)
    response.score = rounded(exact)
    response.score_exact = None if exact is None else as_decimal(exact, EXACT_PLACES)
    response.status = Response.Status.SENT
    response.answered_on = answered_on or timezone.localdate()
    response.save(update_fields=["score", "score_exact", "status", "answered_on"])
    return response


# The usual spine outcome time points: (time point, days from surgery, open days before, open days after).
STANDARD_WINDOWS = (
    ("pre_op", 0, 30, 0),  # within 30 days before surgery
    ("6w", 42, 14, 14),
    ("3m", 91, 30, 30),
    ("6m", 182, 30, 30),
    ("12m", 365, 60, 60),
    ("24m", 730, 60, 60),
)


@transaction.atomic
def schedule_standard(*, template, instruments, windows=STANDARD_WINDOWS) -> None:
    """Ask each instrument at each standard time point of a pathway (kept if already there)."""
    for instrument in instruments:
        for time_point, days, before, after in windows:
            ScheduledInstrument.objects.get_or_create(
                template=template,
                instrument=instrument,
                time_point=time_point,
                defaults={"days_from_surgery": days, "days_before": before, "days_after": after},
            )


# The patient's chart: drawn on the server as SVG -----------------------------------------------

CHART_WIDTH, CHART_HEIGHT, CHART_PAD_LEFT, CHART_PAD_BOTTOM, CHART_PAD_TOP = 320, 180, 36, 28, 12


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    score: Decimal


def chart_points(points: list[tuple[str, Decimal]], *, lowest: Decimal, highest: Decimal) -> list[ChartPoint]:
    """Place (label, score) pairs on the chart: evenly spaced left to right, the score range bottom to top."""
    inner_w = CHART_WIDTH - CHART_PAD_LEFT - 16
    inner_h = CHART_HEIGHT - CHART_PAD_BOTTOM - CHART_PAD_TOP
    step = inner_w / (len(points) - 1) if len(points) > 1 else 0
    span = float(highest - lowest) or 1.0
    placed = []
    for index, (label, value) in enumerate(points):
        x = CHART_PAD_LEFT + (step * index if len(points) > 1 else inner_w / 2)
        y = CHART_PAD_TOP + inner_h * (1 - float(value - lowest) / span)
        placed.append(ChartPoint(round(x, 1), round(y, 1), label, value))
    return placed


def chart_ticks(*, lowest: Decimal, highest: Decimal, count: int = 5) -> list[tuple[float, str]]:
    """Y-axis ticks as (y, label) pairs, lowest at the bottom."""
    inner_h = CHART_HEIGHT - CHART_PAD_BOTTOM - CHART_PAD_TOP
    ticks = []
    for n in range(count + 1):
        value = lowest + (highest - lowest) * n / count
        ticks.append((round(CHART_PAD_TOP + inner_h * (1 - n / count), 1), f"{value.normalize():f}"))
    return ticks

import re
from decimal import Decimal

from django import forms
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from estimates.calculator import MAX_PROCEDURES, format_money, settings_missing, settings_offered
from estimates.models import Coverage, Setting

CPT = re.compile(r"^\d{5}$")
MAX_AMOUNT = Decimal("100000")
ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


class ProcedureField(forms.MultipleChoiceField):
    """CPT codes in the order chosen; each known to the active schedule, at most ten."""

    widget = forms.CheckboxSelectMultiple
    known: frozenset[str] | None = None  # the codes of `choices`, when worked out once (procedure_field)

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Choose at least one procedure."), code="required")
        if len(value) > MAX_PROCEDURES:
            raise forms.ValidationError(
                _("Choose at most %(max)d procedures.") % {"max": MAX_PROCEDURES}, code="too_many"
            )
        known = self.known
        if known is None:
            known = {code for _group, options in self.choices for code, _label in options}
        for code in value:
            if not CPT.match(code):
                raise forms.ValidationError(
                    _("“%(code)s” is not a CPT code. A CPT code is 5 digits, like 63030.") % {"code": code[:20]},
                    code="malformed",
                )
            if code not in known:
                raise forms.ValidationError(
                    _("We have no price for CPT %(code)s. Choose from the list, or call our billing office.")
                    % {"code": code},
                    code="unknown",
                )
        if len(set(value)) != len(value):
            raise forms.ValidationError(_("Choose each procedure only once."), code="duplicate")


AMOUNT = re.compile(r"^\d+(\.\d*)?$|^\.\d+$")
GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")


class DollarField(forms.Field):
    """An amount as people type it: "283", "$283", "1,000", "283.50" or "283,50".

    One message per mistake (no "no more than 7 digits" beside ours), and an
    upper bound set by the form, with a message that says what to check."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "10"})
    default_error_messages = {
        "invalid": _("Enter an amount in dollars, like 150 or 150.00."),
        "min_value": _("Enter 0 or more."),
        "max_decimal_places": _("Use at most 2 digits after the point (cents)."),
    }

    def __init__(self, *, maximum: Decimal = MAX_AMOUNT, too_much=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.maximum = maximum
        self.too_much = too_much or _("That is more than $100,000. Check the amount.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        text = text.removeprefix("US").removeprefix("$").removesuffix("$")
        if text.startswith("-"):
            if AMOUNT.match(text[1:].replace(",", "")):
                raise forms.ValidationError(self.error_messages["min_value"], code="min_value")
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if GROUPED.match(text):
            text = text.replace(",", "")
        elif DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        if not AMOUNT.match(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount = Decimal(text)
        if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(self.error_messages["max_decimal_places"], code="max_decimal_places")
        if amount > self.maximum:
            raise forms.ValidationError(self.too_much, code="max_value")
        return amount.quantize(Decimal("0.01"))


PART_B_LABEL = _("Medicare Part B deductible you still owe this year")
MAX_OTHER_DEDUCTIBLE = Decimal("10000")
MAX_MOOP = Decimal("20000")
OTHER_TOO_MUCH = _("That is more than $10,000, more than almost any plan's deductible. Check the amount.")
MOOP_TOO_MUCH = _("That is more than $20,000, more than a plan's yearly maximum can be. Check the amount.")

# A message filled in only when it is shown: a valid estimate (the API's usual request) never translates it.
_filled = lazy(lambda text, words: str(text) % words, str)


class PercentField(DollarField):
    """A coinsurance in percent, as people type it: "20", "20%" or "20.5"."""

    default_error_messages = {
        "invalid": _("Enter a percent from 0 to 100, like 20."),
        "min_value": _("Enter 0 or more."),
        "max_decimal_places": _("Use at most 2 digits after the point."),
    }

    def __init__(self, **kwargs):
        super().__init__(maximum=Decimal("100"), **kwargs)
        self.too_much = _("A coinsurance is at most 100%.")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%")
        return super().to_python(value)


class SharedFieldMixin:
    """A field no form changes after it is built: every form uses the class's own instead of a deep copy
    (Django copies every field for every form built, in case the form changes it: about a fifth of an
    estimate's CPU time). No form changes a field: EstimateForm.__init__ puts in `procedure` and
    `deductible_remaining` of its own, themselves shared by the forms given the same values (own_fields)."""

    def __deepcopy__(self, memo):
        return self


class SharedChoiceField(SharedFieldMixin, forms.ChoiceField):
    pass


class SharedTypedChoiceField(SharedFieldMixin, forms.TypedChoiceField):
    pass


class SharedDollarField(SharedFieldMixin, DollarField):
    pass


class SharedPercentField(SharedFieldMixin, PercentField):
    pass


class SharedIntegerField(SharedFieldMixin, forms.IntegerField):
    pass


class SharedProcedureField(SharedFieldMixin, ProcedureField):
    pass


def _yes_no(value) -> bool | None:
    return {"true": True, "false": False}.get(value)


MA_FIELDS = (
    "ma_outpatient_copay",
    "ma_outpatient_coinsurance",
    "ma_inpatient_copay_per_day",
    "ma_inpatient_days",
    "ma_specialist_coinsurance",
    "ma_moop",
    "ma_moop_remaining",
)


class EstimateForm(forms.Form):
    """One form for the page and the API, so both give the same messages.

    A blank Part B deductible means the whole deductible of the schedule's year
    is still owed (the calculator says so); 0 means it is met."""

    procedure = SharedProcedureField(label=_("Procedures"))
    coverage = SharedChoiceField(
        label=_("Your insurance"),
        choices=Coverage.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the insurance types listed.")},
    )
    deductible_remaining = SharedDollarField(label=PART_B_LABEL)
    supplement_covers_deductible = SharedTypedChoiceField(
        label=_("Does your supplement plan pay the Part B deductible?"),
        help_text=_("Only for a Medicare supplement plan. Only Medigap plans C and F pay it."),
        choices=[("false", _("No")), ("true", _("Yes"))],
        coerce=lambda value: value == "true",
        empty_value=False,
        required=False,
        error_messages={"invalid_choice": _("Answer true or false.")},
    )
    secondary_deductible_remaining = SharedDollarField(
        label=_("Secondary plan deductible you still owe"),
        help_text=_(
            "Only for a secondary plan (employer, TRICARE, VHA). Often $100 to $300. "
            "Not sure? Leave it blank and we show the most you could pay."
        ),
        maximum=MAX_OTHER_DEDUCTIBLE,
        too_much=OTHER_TOO_MUCH,
    )
    no_fault_deductible = SharedDollarField(
        label=_("No-Fault policy deductible"),
        help_text=_("Only for a car accident claim. See your policy; enter 0 if it has none."),
        maximum=MAX_OTHER_DEDUCTIBLE,
        too_much=OTHER_TOO_MUCH,
    )

    same_operation = SharedTypedChoiceField(
        label=_("Are these procedures done in one operation?"),
        help_text=_(
            "“One operation” means the surgeon does them all during the same surgery. Medicare then pays less for "
            "the second and later ones. We take it that they are, if you choose two or more."
        ),
        choices=[("true", _("Yes, in one operation")), ("false", _("No, in separate operations"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Answer true or false.")},
    )
    setting = SharedChoiceField(
        label=_("Where will the operation be?"),
        help_text=_(
            "Choose a place to add the surgery center or hospital, and anesthesia, to the estimate. Not every "
            "procedure can be done in every place: we tell you if Medicare does not pay for it there."
        ),
        choices=[("", _("Not sure yet: the surgeon's fee only")), *Setting.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the places listed.")},
    )
    ma_outpatient_copay = SharedDollarField(
        label=_("Your plan's copay for outpatient surgery"),
        help_text=_("Medicare Advantage only. In your plan's Summary of Benefits. Not sure? Leave it blank."),
        maximum=MAX_OTHER_DEDUCTIBLE,
    )
    ma_outpatient_coinsurance = SharedPercentField(
        label=_("Or its coinsurance for outpatient surgery (%)"),
        help_text=_("Medicare Advantage only, if your plan charges a percent instead of a copay."),
    )
    ma_inpatient_copay_per_day = SharedDollarField(
        label=_("Your plan's copay per day in the hospital"), maximum=MAX_OTHER_DEDUCTIBLE
    )
    ma_inpatient_days = SharedIntegerField(
        label=_("For how many days of a stay"),
        help_text=_("Plans often charge the daily copay for the first 5 to 7 days."),
        required=False,
        min_value=1,
        max_value=90,
        error_messages={
            "invalid": _("Enter a number of days, like 5."),
            "min_value": _("Enter 1 or more days."),
            "max_value": _("Enter 90 days or fewer."),
        },
    )
    ma_specialist_coinsurance = SharedPercentField(
        label=_("Your plan's coinsurance for specialists (%)"),
        help_text=_("Used for the surgeon and anesthesia. Not sure? Leave it blank: we count the most you could owe."),
    )
    ma_moop = SharedDollarField(
        label=_("Your plan's in-network maximum out-of-pocket"), maximum=MAX_MOOP, too_much=MOOP_TOO_MUCH
    )
    ma_moop_remaining = SharedDollarField(
        label=_("How much of that maximum is left this year"), maximum=MAX_MOOP, too_much=MOOP_TOO_MUCH
    )

    # Which coverages use each amount field: the page shows only those (script), and says so (no script).
    FIELD_COVERAGES = {
        "deductible_remaining": (Coverage.MEDICARE, Coverage.MEDICARE_SUPPLEMENT, Coverage.MEDICARE_SECONDARY),
        "supplement_covers_deductible": (Coverage.MEDICARE_SUPPLEMENT,),
        "secondary_deductible_remaining": (Coverage.MEDICARE_SECONDARY,),
        "no_fault_deductible": (Coverage.NO_FAULT,),
        **{name: (Coverage.MEDICARE_ADVANTAGE,) for name in MA_FIELDS},
    }

    def __init__(
        self, *args, procedure_choices, part_b_deductible: Decimal | None = None, year: int | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # The two fields of a form's own, made once and shared by every form given the same values (own_fields).
        self.fields["procedure"], self.fields["deductible_remaining"] = own_fields(
            procedure_choices, part_b_deductible, year
        )

    def _clean_fields(self):
        """Django's, without making a BoundField per field to read its value (a third of the cost of cleaning
        15 fields; the API never renders the form): each value is read as the BoundField reads it, from the
        widget. Django's also runs `clean_<name>` methods and skips disabled fields: this form has neither
        (tests/test_estimate_form_lean.py checks both, and that the two give the same results)."""
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            try:
                self.cleaned_data[name] = field.clean(value)
            except forms.ValidationError as error:
                self.add_error(name, error)

    def clean(self):
        data = super().clean()
        procedures = data.get("procedure") or []
        if data.get("same_operation", "unset") is None:
            # Two or more procedures are usually one operation; a blank answer takes that.
            data["same_operation"] = len(procedures) > 1
        moop, left = data.get("ma_moop"), data.get("ma_moop_remaining")
        if moop is not None and left is not None and left > moop:
            self.add_error("ma_moop_remaining", _("What is left cannot be more than the maximum itself."))
        return data

    def check_setting(self, lines) -> bool:
        """A place Medicare does not pay a facility for (for any chosen procedure) is refused, never priced at $0;
        the message names the places it does pay for."""
        setting = self.cleaned_data.get("setting")
        missing = settings_missing(lines, setting) if setting else []
        if missing:
            offered = [str(Setting(place).label) for place in settings_offered(lines)]
            words = {
                "procedures": ", ".join(f"{line.name} (CPT {line.cpt})" for line in missing),
                "place": Setting(setting).label,
                "offered": "; ".join(offered),
            }
            self.add_error(
                "setting",
                (
                    _(
                        "Medicare does not pay for %(procedures)s in this place (%(place)s). For these procedures "
                        "it pays: %(offered)s."
                    )
                    if offered
                    else _(
                        "Medicare does not pay for %(procedures)s in this place (%(place)s), and no one place has "
                        "an amount for all of these procedures. Choose “Not sure yet” to see the surgeon's fee."
                    )
                )
                % words,
            )
        return not missing

    def field_groups(self):
        """(bound field, the coverages that use it) for the template's show-and-hide."""
        return [(self[name], " ".join(coverages)) for name, coverages in self.FIELD_COVERAGES.items()]

    def calculator_inputs(self) -> dict:
        """The calculator's keyword arguments; an amount left blank stays None (unknown)."""
        data = self.cleaned_data
        return {
            "coverage": data["coverage"],
            "deductible_remaining": data["deductible_remaining"],
            "secondary_deductible_remaining": data["secondary_deductible_remaining"],
            "no_fault_deductible": data["no_fault_deductible"],
            "supplement_covers_deductible": data["supplement_covers_deductible"],
            "same_operation": data["same_operation"],
            "setting": data["setting"] or None,
        } | {name: data[name] for name in MA_FIELDS}

    def stored_inputs(self) -> dict:
        """The inputs as plain JSON, to save with an estimate (None stays null: unknown)."""
        return {"procedure": self.cleaned_data["procedure"]} | {
            key: str(value) if isinstance(value, Decimal) else value for key, value in self.calculator_inputs().items()
        }

    def query_inputs(self) -> list[tuple[str, str]]:
        """The inputs as (name, value) pairs for hidden fields and links; unknowns are left out."""
        pairs = [("procedure", code) for code in self.cleaned_data["procedure"]]
        for key, value in self.calculator_inputs().items():
            if value is None:
                continue
            pairs.append((key, ("true" if value else "false") if isinstance(value, bool) else str(value)))
        return pairs


# A form's own fields, by what they are made from: the procedure choices (the list object itself, which
# estimates.selectors.procedure_choices keeps per snapshot and kind of request), the Part B deductible and its year,
# and the language (the amount in the messages is formatted when the field is made). Made once, then shared as the
# fixed fields are: building them (a deep copy, the choices normalized, the limits and messages) for every request
# cost a third of a form. A new snapshot gives new choice lists, so its fields are made afresh.
_own_fields: dict = {}
OWN_FIELDS_KEPT = 64


def own_fields(procedure_choices, part_b_deductible: Decimal | None, year: int | None) -> tuple:
    """(the procedure field with `procedure_choices`, the Part B deductible field with its limit and messages)."""
    key = (id(procedure_choices), part_b_deductible, year, get_language())
    kept = _own_fields.get(key)
    if kept is not None and kept[0] is procedure_choices:
        return kept[1]
    if len(_own_fields) >= OWN_FIELDS_KEPT:
        _own_fields.clear()
    made = (_procedure_field(procedure_choices), _part_b_field(part_b_deductible, year))
    # The choices are kept with the fields: their id cannot name another list while this entry lives.
    _own_fields[key] = (procedure_choices, made)
    return made


def _procedure_field(procedure_choices) -> ProcedureField:
    field = SharedProcedureField(label=EstimateForm.base_fields["procedure"].label, choices=procedure_choices)
    field.known = frozenset(code for _group, options in field.choices for code, _label in options)
    return field


def _part_b_field(part_b_deductible: Decimal | None, year: int | None) -> DollarField:
    if part_b_deductible is None:
        return EstimateForm.base_fields["deductible_remaining"]
    words = {"amount": format_money(part_b_deductible), "year": year, "whole": f"{part_b_deductible:.0f}"}
    return SharedDollarField(
        label=PART_B_LABEL,
        maximum=part_b_deductible,
        too_much=_filled(
            _(
                "The Part B deductible for %(year)s is %(amount)s, so you cannot owe more than that. "
                "Check the amount (for example %(whole)s, not %(whole)s0)."
            ),
            words,
        ),
        help_text=_filled(
            _(
                "Only for Medicare. The yearly deductible is %(amount)s in %(year)s. If you have met it, "
                "enter 0. Not sure? Leave it blank: we count all %(amount)s as still owed."
            ),
            words,
        ),
    )


@receiver(setting_changed)
def _forget_own_fields(**kwargs):
    _own_fields.clear()


class _SharedFields(dict):
    """A form's fields that are all shared (SharedFieldMixin): Django's deep copy of them per form is a
    plain copy of the dict, with no call per field (tests/test_estimate_form_lean.py checks that every field
    of EstimateForm is a shared one)."""

    def __deepcopy__(self, memo):
        return dict(self)


EstimateForm.base_fields = _SharedFields(EstimateForm.base_fields)


class GoodFaithEstimateForm(forms.Form):
    date_of_birth = forms.DateField(
        label=_("Your date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A Good Faith Estimate lists it. We fill in the one on your account."),
        error_messages={"invalid": _("Enter a date, like 1960-05-17.")},
    )
    scheduled_date = forms.DateField(
        label=_("Date of surgery, if scheduled"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    diagnosis_codes = forms.CharField(
        label=_("Diagnosis codes (ICD-10), if you have them"),
        required=False,
        max_length=200,
        help_text=_("Separate codes with commas, like M51.16."),
    )

    def clean_diagnosis_codes(self):
        codes = [code.strip().upper() for code in self.cleaned_data["diagnosis_codes"].split(",") if code.strip()]
        for code in codes:
            if not ICD10.match(code):
                raise forms.ValidationError(
                    _("“%(code)s” is not an ICD-10 code. They look like M51.16.") % {"code": code[:20]}
                )
        return codes

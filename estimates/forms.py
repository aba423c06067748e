import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from estimates.models import Coverage
from estimates.services import MAX_PROCEDURES, format_money

CPT = re.compile(r"^\d{5}$")
MAX_AMOUNT = Decimal("100000")
ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


class ProcedureField(forms.MultipleChoiceField):
    """CPT codes in the order chosen; each known to the active schedule, at most ten."""

    widget = forms.CheckboxSelectMultiple

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Choose at least one procedure."), code="required")
        if len(value) > MAX_PROCEDURES:
            raise forms.ValidationError(
                _("Choose at most %(max)d procedures.") % {"max": MAX_PROCEDURES}, code="too_many"
            )
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

    def __init__(self, *, maximum: Decimal = MAX_AMOUNT, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.maximum = maximum
        self.too_much = _("That is more than $100,000. Check the amount.")

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


MAX_OTHER_DEDUCTIBLE = Decimal("10000")


class EstimateForm(forms.Form):
    """One form for the page and the API, so both give the same messages.

    A blank Part B deductible means the whole deductible of the schedule's year
    is still owed (the calculator says so); 0 means it is met."""

    procedure = ProcedureField(label=_("Procedures"))
    coverage = forms.ChoiceField(
        label=_("Your insurance"),
        choices=Coverage.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the insurance types listed.")},
    )
    deductible_remaining = DollarField(label=_("Medicare Part B deductible you still owe this year"))
    supplement_covers_deductible = forms.TypedChoiceField(
        label=_("Does your supplement plan pay the Part B deductible?"),
        help_text=_("Only for a Medicare supplement plan. Only Medigap plans C and F pay it."),
        choices=[("false", _("No")), ("true", _("Yes"))],
        coerce=lambda value: value == "true",
        empty_value=False,
        required=False,
        error_messages={"invalid_choice": _("Answer true or false.")},
    )
    secondary_deductible_remaining = DollarField(
        label=_("Secondary plan deductible you still owe"),
        help_text=_(
            "Only for a secondary plan (employer, TRICARE, VHA). Often $100 to $300. "
            "Not sure? Leave it blank and we show the most you could pay."
        ),
        maximum=MAX_OTHER_DEDUCTIBLE,
    )
    no_fault_deductible = DollarField(
        label=_("No-Fault policy deductible"),
        help_text=_("Only for a car accident claim. See your policy; enter 0 if it has none."),
        maximum=MAX_OTHER_DEDUCTIBLE,
    )

    # Which coverages use each amount field: the page shows only those (script), and says so (no script).
    FIELD_COVERAGES = {
        "deductible_remaining": (Coverage.MEDICARE, Coverage.MEDICARE_SUPPLEMENT, Coverage.MEDICARE_SECONDARY),
        "supplement_covers_deductible": (Coverage.MEDICARE_SUPPLEMENT,),
        "secondary_deductible_remaining": (Coverage.MEDICARE_SECONDARY,),
        "no_fault_deductible": (Coverage.NO_FAULT,),
    }

    def __init__(
        self, *args, procedure_choices, part_b_deductible: Decimal | None = None, year: int | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = procedure_choices
        part_b = self.fields["deductible_remaining"]
        if part_b_deductible is not None:
            words = {"amount": format_money(part_b_deductible), "year": year, "whole": f"{part_b_deductible:.0f}"}
            part_b.maximum = part_b_deductible
            part_b.too_much = (
                _(
                    "The Part B deductible for %(year)s is %(amount)s, so you cannot owe more than that. "
                    "Check the amount (for example %(whole)s, not %(whole)s0)."
                )
                % words
            )
            part_b.help_text = (
                _(
                    "Only for Medicare. The yearly deductible is %(amount)s in %(year)s. If you have met it, "
                    "enter 0. Not sure? Leave it blank: we count all %(amount)s as still owed."
                )
                % words
            )
        other = _("That is more than $10,000, more than almost any plan's deductible. Check the amount.")
        self.fields["secondary_deductible_remaining"].too_much = other
        self.fields["no_fault_deductible"].too_much = other

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
        }

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

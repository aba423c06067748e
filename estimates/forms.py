import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from estimates.models import Coverage
from estimates.services import MAX_PROCEDURES

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


def amount_field(label, help_text):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
        error_messages={
            "invalid": _("Enter an amount in dollars, like 150 or 150.00."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("That is more than $100,000. Check the amount."),
            "max_decimal_places": _("Use at most 2 digits after the point (cents)."),
            "max_digits": _("That is more than $100,000. Check the amount."),
        },
        widget=forms.NumberInput(attrs={"min": "0", "max": "100000", "step": "0.01", "inputmode": "decimal"}),
    )


class EstimateForm(forms.Form):
    """One form for the page and the API, so both give the same messages."""

    procedure = ProcedureField(label=_("Procedures"))
    coverage = forms.ChoiceField(
        label=_("Your insurance"),
        choices=Coverage.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the insurance types listed.")},
    )
    deductible_remaining = amount_field(
        _("Medicare Part B deductible you still owe this year"),
        _("The yearly deductible is $283 in 2026. If you have met it, enter 0. Not sure? Enter 283."),
    )
    secondary_deductible_remaining = amount_field(
        _("Secondary plan deductible you still owe"),
        _("Only for a secondary plan (employer, TRICARE, VHA). Often $100 to $300."),
    )
    no_fault_deductible = amount_field(
        _("No-Fault policy deductible"), _("Only for a car accident claim. See your policy.")
    )
    supplement_covers_deductible = forms.TypedChoiceField(
        label=_("Does your supplement plan pay the Part B deductible?"),
        help_text=_("Only Medigap plans C and F do."),
        choices=[("false", _("No")), ("true", _("Yes"))],
        coerce=lambda value: value == "true",
        empty_value=False,
        required=False,
        error_messages={"invalid_choice": _("Answer true or false.")},
    )

    def __init__(self, *args, procedure_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = procedure_choices

    def calculator_inputs(self) -> dict:
        data = self.cleaned_data
        zero = Decimal("0")
        return {
            "coverage": data["coverage"],
            "deductible_remaining": data["deductible_remaining"] or zero,
            "secondary_deductible_remaining": data["secondary_deductible_remaining"] or zero,
            "no_fault_deductible": data["no_fault_deductible"] or zero,
            "supplement_covers_deductible": data["supplement_covers_deductible"],
        }

    def stored_inputs(self) -> dict:
        """The inputs as plain JSON, to save with an estimate."""
        return {"procedure": self.cleaned_data["procedure"]} | {
            key: str(value) if isinstance(value, Decimal) else value for key, value in self.calculator_inputs().items()
        }


class GoodFaithEstimateForm(forms.Form):
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

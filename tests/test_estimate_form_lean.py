"""The estimate form cleans its fields without a BoundField each, and shares the two fields of a form's own
(the procedures, the Part B deductible) between the forms given the same values: the same results as
Django's own cleaning, and nothing of one form's values in another's."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from estimates.forms import EstimateForm

CHOICES = [("Lower back", [("63030", "Disc surgery (CPT 63030)"), ("22612", "Fusion (CPT 22612)")])]


def _form(data, choices=CHOICES, deductible=Decimal("283.00")):
    return EstimateForm(data, procedure_choices=choices, part_b_deductible=deductible, year=2026)


@pytest.mark.parametrize(
    "data",
    [
        {"procedure": ["63030", "22612"], "coverage": "medicare"},
        {"procedure": ["63030"], "coverage": "medicare", "deductible_remaining": "$1,00", "same_operation": "false"},
        {"procedure": ["63030", "63030", "99999"], "coverage": "gold", "deductible_remaining": "2830"},
        {"procedure": ["6303"], "coverage": "medicare_supplement", "supplement_covers_deductible": "maybe"},
        {"procedure": ["63030"], "coverage": "medicare_advantage", "ma_inpatient_days": "0", "ma_moop": "25000"},
        {"procedure": ["22612"], "coverage": "medicare_advantage", "ma_specialist_coinsurance": "20%"},
        {"procedure": ["22612"], "coverage": "medicare", "setting": "asc"},
        {"coverage": "no_fault", "no_fault_deductible": "NaN", "setting": "spaceship"},
        {},
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_cleaning_gives_the_same_values_and_messages_as_djangos_own(data, language):
    with translation.override(language):
        lean = _form(data)
        lean.is_valid()
        django_s = _form(data)
        django_s._errors, django_s.cleaned_data = forms.utils.ErrorDict(), {}
        forms.Form._clean_fields(django_s)  # Django's: a BoundField per field
        django_s._clean_form()
        assert lean.cleaned_data == django_s.cleaned_data
        assert lean.errors == django_s.errors


def test_the_form_has_nothing_djangos_cleaning_does_that_the_lean_one_leaves_out():
    form = _form({})
    assert not [name for name in form.fields if hasattr(form, f"clean_{name}")]
    assert not [name for name, field in form.fields.items() if field.disabled]
    assert form.prefix is None


def test_forms_given_the_same_values_share_their_own_fields_and_others_get_theirs():
    first, second = _form(None), _form(None)
    assert first.fields["procedure"] is second.fields["procedure"]
    assert first.fields["deductible_remaining"] is second.fields["deductible_remaining"]
    neck = [("Neck", [("22551", "Neck fusion (CPT 22551)")])]  # a new snapshot's choices are a new list
    other = _form(None, choices=neck, deductible=Decimal("240.00"))
    assert [code for _group, options in other.fields["procedure"].choices for code, _label in options] == ["22551"]
    assert other.fields["deductible_remaining"].maximum == Decimal("240.00")
    assert first.fields["deductible_remaining"].maximum == Decimal("283.00")
    assert not _form({"procedure": ["22551"], "coverage": "medicare"}).is_valid()  # not in this form's choices
    assert _form({"procedure": ["22551"], "coverage": "medicare"}, choices=neck).is_valid()


def test_a_rebuilt_choice_list_with_the_same_codes_is_not_mistaken_for_another(settings):
    kept = _form(None).fields["procedure"]
    copy = [(group, list(options)) for group, options in CHOICES]
    assert _form(None, choices=copy).fields["procedure"] is not kept
    settings.LANGUAGE_CODE = "en"  # any setting change forgets the kept fields
    assert _form(None).fields["procedure"] is not kept


def test_the_deductible_field_is_made_in_each_language():
    with translation.override("es"):
        spanish = _form({"procedure": ["63030"], "coverage": "medicare", "deductible_remaining": "2830"})
        assert not spanish.is_valid()
        assert "deducible" in spanish.errors["deductible_remaining"][0]
    english = _form({"procedure": ["63030"], "coverage": "medicare", "deductible_remaining": "2830"})
    assert not english.is_valid()
    assert english.errors["deductible_remaining"][0].startswith("The Part B deductible for 2026 is $283.00")


def test_every_field_is_shared_so_copying_the_dict_is_copying_the_fields():
    from estimates.forms import SharedFieldMixin

    assert all(isinstance(field, SharedFieldMixin) for field in EstimateForm.base_fields.values())
    form = _form(None)
    assert form.fields is not EstimateForm.base_fields
    form.fields.pop("setting")  # a form's dict is its own
    assert "setting" in EstimateForm.base_fields

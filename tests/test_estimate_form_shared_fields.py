"""The estimate form shares its fixed fields between forms (no deep copy per request): what one form is
given of its own (the schedule's procedures, its Part B deductible) never shows in another form."""

from decimal import Decimal

from django.utils import translation

from estimates.forms import EstimateForm


def _form(choices, deductible, data=None):
    return EstimateForm(data, procedure_choices=choices, part_b_deductible=deductible, year=2026)


def test_each_form_keeps_its_own_procedures_and_deductible():
    first = _form([("Lower back", [("63030", "Disc surgery (CPT 63030)")])], Decimal("283.00"))
    second = _form([("Neck", [("22551", "Neck fusion (CPT 22551)")])], Decimal("240.00"))
    assert [code for _group, options in first.fields["procedure"].choices for code, _label in options] == ["63030"]
    assert first.fields["deductible_remaining"].maximum == Decimal("283.00")
    assert "$283.00" in str(first.fields["deductible_remaining"].help_text)
    assert second.fields["deductible_remaining"].maximum == Decimal("240.00")
    assert first.fields["coverage"] is second.fields["coverage"]  # shared: nothing of a form's own in it


def test_the_deductible_message_is_in_the_language_it_is_shown_in():
    form = _form(
        [("Lower back", [("63030", "Disc surgery (CPT 63030)")])],
        Decimal("283.00"),
        {"procedure": ["63030"], "coverage": "medicare", "deductible_remaining": "2830"},
    )
    with translation.override("es"):
        assert not form.is_valid()
        message = form.errors["deductible_remaining"][0]
    assert "283" in message
    assert "deducible" in message.lower()


def test_other_amount_limits_keep_their_messages():
    form = _form(
        [("Lower back", [("63030", "Disc surgery (CPT 63030)")])],
        Decimal("283.00"),
        {"procedure": ["63030"], "coverage": "medicare_advantage", "ma_moop": "25000", "no_fault_deductible": "20000"},
    )
    assert not form.is_valid()
    assert "$20,000" in form.errors["ma_moop"][0]
    assert "$10,000" in form.errors["no_fault_deductible"][0]

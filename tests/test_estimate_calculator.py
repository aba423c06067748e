"""The pure calculator: every coverage rule, the worked example, rounding, and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from estimates.services import FeeLine, ScheduleTerms, estimate_calculate, format_money, money

TERMS = ScheduleTerms("Medicare 2026", 2026, D("283.00"))
DISC = FeeLine("63030", "Lower back disc surgery", D("1125.30"), self_pay=D("3400.00"))
FUSION = FeeLine("22612", "Lower back fusion", D("1914.25"))


def calc(coverage, lines=(DISC, FUSION), **amounts):
    return estimate_calculate(lines=lines, coverage=coverage, terms=TERMS, **amounts)


def patient(result):
    return [line.patient_pays for line in result.lines]


def test_the_worked_example_under_medicare_is_607_91():
    result = calc("medicare", deductible_remaining=D("0"))
    assert patient(result) == [D("225.06"), D("382.85")]
    assert result.total_patient_pays == D("607.91")
    assert result.lines[0].medicare_pays == D("900.24")


def test_the_worked_example_with_a_supplement_is_zero():
    assert calc("medicare_supplement", deductible_remaining=D("0")).total_patient_pays == D("0.00")


def test_medicare_applies_the_deductible_to_lines_in_order():
    result = calc("medicare", deductible_remaining=D("283"))
    # 283 + 20% of 842.30 = 451.46 on the first line; the second is 20% only.
    assert patient(result) == [D("451.46"), D("382.85")]
    assert any("283.00" in sentence for sentence in result.explanation)


def test_medicare_deductible_larger_than_the_first_line_carries_over():
    small = FeeLine("62287", "Needle treatment", D("100.00"))
    result = calc("medicare", lines=(small, DISC), deductible_remaining=D("283"))
    assert patient(result) == [D("100.00"), D("183.00") + money((D("1125.30") - D("183")) * D("0.2"))]


def test_supplement_leaves_the_deductible_unless_plan_c_or_f():
    assert calc("medicare_supplement", deductible_remaining=D("283")).total_patient_pays == D("283.00")
    covered = calc("medicare_supplement", deductible_remaining=D("283"), supplement_covers_deductible=True)
    assert covered.total_patient_pays == D("0.00")
    assert covered.total_other_pays == D("834.31")


def test_secondary_plan_patient_pays_the_smaller_of_its_deductible_and_what_medicare_leaves():
    result = calc("medicare_secondary", deductible_remaining=D("0"), secondary_deductible_remaining=D("150"))
    assert patient(result) == [D("150.00"), D("0.00")]
    assert result.total_other_pays == D("457.91")
    tiny = calc(
        "medicare_secondary",
        lines=(FeeLine("1", "x", D("10.00")),),
        deductible_remaining=D("0"),
        secondary_deductible_remaining=D("300"),
    )
    assert tiny.total_patient_pays == D("2.00")


def test_workers_comp_pays_everything():
    result = calc("workers_comp", deductible_remaining=D("283"))
    assert result.total_patient_pays == D("0.00")
    assert result.total_other_pays == D("3039.55")


def test_no_fault_patient_pays_the_smaller_of_policy_deductible_and_total():
    assert calc("no_fault", no_fault_deductible=D("500")).total_patient_pays == D("500.00")
    assert patient(calc("no_fault", no_fault_deductible=D("2000"))) == [D("1125.30"), D("874.70")]
    assert calc("no_fault", no_fault_deductible=D("99999")).total_patient_pays == D("3039.55")


def test_self_pay_uses_the_clinic_price_or_says_to_call_billing():
    assert calc("self_pay", lines=(DISC,)).total_patient_pays == D("3400.00")
    missing = calc("self_pay")
    assert [line.cpt for line in missing.lines] == ["63030"]  # the priced one is still priced
    assert missing.total_patient_pays == D("3400.00")
    assert missing.missing == ("22612",)
    assert "22612" in missing.unavailable
    assert "billing" in missing.unavailable


def test_rounding_is_half_up_per_line_and_totals_are_sums_of_lines():
    half_cent = FeeLine("1", "x", D("0.125"))  # 20% = 0.025 -> 0.03 half-up (banker's would give 0.02)
    result = calc("medicare", lines=(half_cent, half_cent), deductible_remaining=D("0"))
    assert patient(result) == [D("0.03"), D("0.03")]
    assert result.total_patient_pays == D("0.06")
    assert money("2.675") == D("2.68")


def test_every_result_explains_itself_and_states_its_assumptions():
    result = calc("medicare", deductible_remaining=D("0"))
    assert result.fee_schedule == "Medicare 2026"
    assert any("surgeon's fee only" in a for a in result.assumptions)
    assert any("not a bill" in a for a in result.assumptions)
    assert result.explanation[-1] == "In all, you would pay about $607.91."


def test_money_is_formatted_with_one_helper():
    assert format_money(D("1125.3")) == "$1,125.30"


amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
fee_lines = st.lists(
    st.builds(lambda n, a: FeeLine(f"{n:05d}", "p", a), st.integers(0, 99999), amounts), min_size=1, max_size=10
)
insured = st.sampled_from(["medicare", "medicare_supplement", "medicare_secondary", "workers_comp", "no_fault"])


@given(lines=fee_lines, coverage=insured, deductible=amounts, secondary=amounts, no_fault=amounts, covers=st.booleans())
def test_patient_never_pays_more_than_approved_nor_less_than_zero(
    lines, coverage, deductible, secondary, no_fault, covers
):
    result = estimate_calculate(
        lines=lines,
        coverage=coverage,
        terms=TERMS,
        deductible_remaining=deductible,
        secondary_deductible_remaining=secondary,
        no_fault_deductible=no_fault,
        supplement_covers_deductible=covers,
    )
    assert D("0") <= result.total_patient_pays <= result.total_approved
    for line in result.lines:
        assert line.patient_pays >= 0
        assert line.medicare_pays + line.other_pays + line.patient_pays == line.approved


@pytest.mark.parametrize("coverage", ["medicare", "medicare_supplement", "medicare_secondary"])
@given(lines=fee_lines)
def test_paying_more_deductible_never_lowers_the_patients_share(coverage, lines):
    low = estimate_calculate(lines=lines, coverage=coverage, terms=TERMS, deductible_remaining=D("0"))
    high = estimate_calculate(
        lines=lines,
        coverage=coverage,
        terms=TERMS,
        deductible_remaining=D("283"),
        secondary_deductible_remaining=D("0"),
    )
    if coverage != "medicare_secondary":
        assert high.total_patient_pays >= low.total_patient_pays

"""Medicare's multiple-procedure rules, hand-computed: the surgeon (indicator 2), the surgery center and the
hospital outpatient department (status J1 and T), a hospital stay, and anesthesia once per operation.

Every case has its arithmetic in a comment. Deductible met unless said; 20% coinsurance; 2026 terms."""

from decimal import Decimal as D

from estimates.calculator import FeeLine, ScheduleTerms, estimate_calculate

TERMS = ScheduleTerms(
    "Medicare 2026",
    2026,
    D("283.00"),
    part_a_deductible=D("1736.00"),
    anesthesia_conversion_factor=D("20.44"),
    ma_moop_limit=D("9250.00"),
)
ASC, HOPD, STAY = "asc", "hospital_outpatient", "inpatient"
DISC = FeeLine(
    "63030",
    "Disc",
    D("1125.30"),
    self_pay=D("3400.00"),
    facility={ASC: D("3410.00"), HOPD: D("6905.00"), STAY: D("13850.00")},
    opps_status="J1",
    anesthesia_base_units=8,
    anesthesia_minutes=120,
)
FUSION = FeeLine(
    "22612",
    "Fusion",
    D("1914.25"),
    self_pay=D("5500.00"),
    facility={HOPD: D("17250.00"), STAY: D("30150.00")},  # no surgery center amount: not offered there
    opps_status="J1",
    anesthesia_base_units=8,
    anesthesia_minutes=240,
)
LAMINECTOMY = FeeLine(
    "63047",
    "Laminectomy",
    D("1358.80"),
    facility={ASC: D("3410.00"), HOPD: D("6905.00"), STAY: D("13850.00")},
    opps_status="J1",
    anesthesia_base_units=8,
    anesthesia_minutes=150,
)
EXTRA_LEVEL = FeeLine(
    "22614",
    "Each extra level",
    D("462.00"),
    add_on=True,
    facility={HOPD: D("0.00"), STAY: D("0.00")},
    opps_status="N",
    anesthesia_base_units=8,
    anesthesia_minutes=60,
)
NEEDLE = FeeLine(
    "62287",
    "Needle",
    D("686.30"),
    facility={ASC: D("2450.00"), HOPD: D("4720.00")},
    opps_status="T",
    anesthesia_base_units=5,
    anesthesia_minutes=45,
)
ENDOSCOPIC = FeeLine(
    "62380",
    "Endoscopic",
    D("2052.05"),
    facility={ASC: D("4080.00"), HOPD: D("6905.00")},
    opps_status="T",
    anesthesia_base_units=8,
    anesthesia_minutes=120,
)


def calc(lines, *, coverage="medicare", same_operation=True, setting=None, deductible=D("0"), **amounts):
    return estimate_calculate(
        lines=lines,
        coverage=coverage,
        terms=TERMS,
        deductible_remaining=deductible,
        same_operation=same_operation,
        setting=setting,
        **amounts,
    )


def group(result, key):
    return next(g for g in result.groups if g.key == key)


def you_pay(result, key):
    return [line.patient_pays for line in group(result, key).lines]


# The surgeon ---------------------------------------------------------------------------------------------------
def test_the_worked_example_in_one_operation_is_495_38():
    result = calc([DISC, FUSION])
    # 22612 is the highest ($1,914.25): in full, 20% = 382.85. 63030 at half: 562.65, 20% = 112.53. 495.38.
    assert you_pay(result, "surgeon") == [D("112.53"), D("382.85")]
    assert result.total_patient_pays == D("495.38")
    assert result.lines[0].reduction.percent_paid == 50
    assert result.lines[0].reduction.amount == D("562.65")
    assert result.lines[1].reduction is None
    assert any("$3,039.55" in s and "$2,476.90" in s for s in result.explanation)  # why it differs from the page


def test_the_worked_example_as_separate_operations_is_607_91():
    # 20% of 1,125.30 = 225.06; 20% of 1,914.25 = 382.85; 607.91, nothing cut.
    result = calc([DISC, FUSION], same_operation=False)
    assert result.total_patient_pays == D("607.91")
    assert not result.reductions


def test_three_procedures_in_one_operation_cut_the_second_and_third():
    result = calc([DISC, FUSION, LAMINECTOMY])
    # 22612 in full: 382.85. 63030 at half 562.65 -> 112.53. 63047 at half 679.40 -> 135.88. 631.26.
    assert you_pay(result, "surgeon") == [D("112.53"), D("382.85"), D("135.88")]
    assert result.total_patient_pays == D("631.26")
    # Separately: 225.06 + 382.85 + 271.76 (20% of 1,358.80) = 879.67.
    assert calc([DISC, FUSION, LAMINECTOMY], same_operation=False).total_patient_pays == D("879.67")


def test_an_add_on_code_is_paid_in_full_in_one_operation():
    result = calc([FUSION, EXTRA_LEVEL, DISC])
    # 22612 in full 382.85; 22614 is an add-on: in full, 20% of 462.00 = 92.40; 63030 at half 112.53. 587.78.
    assert you_pay(result, "surgeon") == [D("382.85"), D("92.40"), D("112.53")]
    assert result.total_patient_pays == D("587.78")
    assert result.lines[1].reduction.percent_paid == 100
    assert "add-on" in result.lines[1].reduction.reason
    # Separately: 382.85 + 92.40 + 225.06 = 700.31.
    assert calc([FUSION, EXTRA_LEVEL, DISC], same_operation=False).total_patient_pays == D("700.31")


def test_two_procedures_where_one_is_an_add_on_are_not_cut():
    # 382.85 + 92.40 = 475.25 either way.
    assert calc([FUSION, EXTRA_LEVEL]).total_patient_pays == D("475.25")
    assert calc([FUSION, EXTRA_LEVEL], same_operation=False).total_patient_pays == D("475.25")


def test_more_than_five_procedures_in_one_operation_means_call_billing():
    six = [FeeLine(f"6300{n}", f"P{n}", D("100.00")) for n in range(6)]
    result = calc(six)
    assert not result.lines
    assert "call our billing office" in result.unavailable
    assert calc(six, same_operation=False).total_patient_pays == D("120.00")  # 6 x 20% of 100


def test_the_deductible_is_taken_once_across_the_surgeon_facility_and_anesthesia():
    result = calc([DISC, FUSION], setting=HOPD, deductible=D("283"))
    # Surgeon 63030 (562.65): 283 + 20% of 279.65 (55.93) = 338.93; 22612: 382.85.
    # Facility: J1, 22612's $17,250 is the one payment; 20% = 3,450 -> capped at the Part A deductible 1,736.00.
    # Anesthesia: (8 + 360/15 = 24) = 32 units x 20.44 = 654.08; 20% = 130.816 -> 130.82.
    # 338.93 + 382.85 + 1,736.00 + 130.82 = 2,588.60 (met: 2,362.20; the 283 once: 2,362.20 + 283 - 56.60).
    assert you_pay(result, "surgeon") == [D("338.93"), D("382.85")]
    assert you_pay(result, "facility") == [D("0.00"), D("1736.00")]
    assert you_pay(result, "anesthesia") == [D("130.82")]
    assert result.total_patient_pays == D("2588.60")
    assert calc([DISC, FUSION], setting=HOPD).total_patient_pays == D("2362.20")


# The facility ----------------------------------------------------------------------------------------------------
def test_a_surgery_center_pays_the_highest_in_full_and_the_others_at_half():
    result = calc([DISC, NEEDLE], setting=ASC)
    # 63030 $3,410 in full: 20% = 682.00. 62287 $2,450 at half = 1,225.00: 20% = 245.00.
    assert you_pay(result, "facility") == [D("682.00"), D("245.00")]
    # Separately: 682.00 + 490.00.
    assert you_pay(calc([DISC, NEEDLE], setting=ASC, same_operation=False), "facility") == [D("682.00"), D("490.00")]


def test_a_surgery_center_does_not_cut_a_procedure_medicare_exempts():
    exempt = FeeLine("62287", "Needle", D("686.30"), facility={ASC: D("2450.00")}, asc_exempt=True)
    result = calc([DISC, exempt], setting=ASC)
    # 682.00 + 20% of the full 2,450 (490.00).
    assert you_pay(result, "facility") == [D("682.00"), D("490.00")]


def test_a_three_procedure_operation_at_a_surgery_center():
    result = calc([DISC, NEEDLE, LAMINECTOMY], setting=ASC)
    # 63030 and 63047 tie at $3,410: the first listed is in full (682.00); 62287 half 1,225 -> 245.00;
    # 63047 half 1,705 -> 341.00. 1,268.00.
    assert you_pay(result, "facility") == [D("682.00"), D("245.00"), D("341.00")]


def test_hospital_outpatient_j1_is_one_payment_for_the_main_procedure_capped_at_the_part_a_deductible():
    result = calc([DISC, FUSION], setting=HOPD)
    # 22612 (J1, $17,250) is the comprehensive payment; 63030 is packaged into it (0).
    # 20% of 17,250 = 3,450.00 -> capped at 1,736.00.
    assert you_pay(result, "facility") == [D("0.00"), D("1736.00")]
    assert group(result, "facility").lines[0].reduction.percent_paid == 0
    assert "more than $1,736.00" in group(result, "facility").lines[1].explanation
    # Separately: 63030 20% of 6,905 = 1,381.00 (under the cap); 22612 1,736.00 (capped). 3,117.00.
    separate = calc([DISC, FUSION], setting=HOPD, same_operation=False)
    assert you_pay(separate, "facility") == [D("1381.00"), D("1736.00")]


def test_hospital_outpatient_t_pays_the_highest_in_full_and_the_others_at_half():
    result = calc([NEEDLE, ENDOSCOPIC], setting=HOPD)
    # 62380 (T, $6,905) in full: 1,381.00. 62287 (T, $4,720) at half = 2,360: 472.00.
    assert you_pay(result, "facility") == [D("472.00"), D("1381.00")]
    # Separately: 944.00 + 1,381.00.
    assert you_pay(calc([NEEDLE, ENDOSCOPIC], setting=HOPD, same_operation=False), "facility") == [
        D("944.00"),
        D("1381.00"),
    ]


def test_a_packaged_add_on_is_never_a_separate_facility_charge():
    result = calc([FUSION, EXTRA_LEVEL], setting=HOPD)
    # 22614 has status N (packaged): 0; 22612: capped 1,736.00.
    assert you_pay(result, "facility") == [D("1736.00"), D("0.00")]


def test_a_hospital_stay_costs_the_part_a_deductible_once_for_the_stay():
    result = calc([DISC, FUSION], setting=STAY)
    # One stay: Medicare pays the hospital one amount (22612's $30,150); you pay the Part A deductible 1,736.00.
    facility = group(result, "facility")
    assert [line.patient_pays for line in facility.lines] == [D("0.00"), D("1736.00")]
    assert facility.lines[1].medicare_pays == D("28414.00")  # 30,150 - 1,736
    # Separate stays: conservatively one deductible each, 3,472.00.
    assert group(calc([DISC, FUSION], setting=STAY, same_operation=False), "facility").total_patient_pays == D(
        "3472.00"
    )


def test_a_setting_with_no_amount_is_never_priced_at_zero():
    result = calc([DISC, FUSION], setting=ASC)  # 22612 has no surgery center amount
    assert not result.lines
    assert "Fusion (CPT 22612)" in result.unavailable


# Anesthesia ------------------------------------------------------------------------------------------------------
def test_anesthesia_for_two_procedures_in_one_operation_is_one_line():
    result = calc([DISC, FUSION], setting=HOPD)
    line = group(result, "anesthesia").lines[0]
    # (highest base 8 + (120 + 240) / 15 = 24 time units) = 32 units x $20.44 = 654.08; 20% = 130.82.
    assert line.approved == D("654.08")
    assert line.patient_pays == D("130.82")
    assert "(8 base units + 360 minutes ÷ 15 = 24.0 time units) × $20.44 = $654.08." in line.explanation


def test_anesthesia_for_separate_operations_is_one_line_each_and_time_units_keep_one_decimal():
    result = calc([DISC, FUSION], setting=HOPD, same_operation=False)
    # 63030: (8 + 8.0) x 20.44 = 327.04, 20% = 65.41; 22612: (8 + 16.0) x 20.44 = 490.56, 20% = 98.11.
    assert you_pay(result, "anesthesia") == [D("65.41"), D("98.11")]
    odd = FeeLine("62287", "Needle", D("686.30"), facility={ASC: D("2450.00")}, anesthesia_base_units=5,
                  anesthesia_minutes=50)  # fmt: skip
    # 50 / 15 = 3.33 -> 3.3 time units; (5 + 3.3) x 20.44 = 169.652 -> 169.65; 20% = 33.93.
    assert you_pay(calc([odd], setting=ASC), "anesthesia") == [D("33.93")]


def test_without_anesthesia_figures_the_group_says_so_and_prices_nothing():
    bare = FeeLine("63030", "Disc", D("1125.30"), facility={ASC: D("3410.00")})
    result = calc([bare], setting=ASC)
    anesthesia = group(result, "anesthesia")
    assert not anesthesia.lines
    assert "no anesthesia figures" in anesthesia.note


# Each setting under a supplement, a secondary plan, workers' comp and self-pay ------------------------------------
def test_a_supplement_like_plan_g_leaves_only_the_part_b_deductible_in_every_setting():
    for setting in (HOPD, STAY):
        owed = calc([DISC, FUSION], coverage="medicare_supplement", setting=setting, deductible=D("283"))
        # Plan G pays the Part A deductible and the 20%; the patient pays the 283 of Part B still owed.
        assert owed.total_patient_pays == D("283.00")
        assert calc([DISC, FUSION], coverage="medicare_supplement", setting=setting).total_patient_pays == D("0")
    asc = calc([DISC, NEEDLE], coverage="medicare_supplement", setting=ASC, deductible=D("100"))
    assert asc.total_patient_pays == D("100.00")


def test_a_secondary_plan_takes_its_deductible_across_the_whole_bill():
    result = calc([DISC, FUSION], coverage="medicare_secondary", setting=HOPD, secondary_deductible_remaining=D("500"))
    # Medicare leaves 495.38 + 1,736.00 + 130.82 = 2,362.20; you pay the plan's 500, the plan 1,862.20.
    assert result.total_patient_pays == D("500.00")
    assert result.total_other_pays == D("1862.20")


def test_workers_comp_pays_every_group():
    result = calc([DISC, FUSION], coverage="workers_comp", setting=STAY)
    assert result.total_patient_pays == D("0.00")
    # 2,476.90 surgeon + 30,150.00 stay + 654.08 anesthesia.
    assert result.total_other_pays == D("33280.98")


def test_self_pay_prices_the_surgeon_and_sends_the_patient_to_the_facility_for_the_rest():
    result = calc([DISC, FUSION], coverage="self_pay", setting=HOPD)
    # The clinic's prices, not cut: 3,400 + 5,500.
    assert result.total_patient_pays == D("8900.00")
    assert not group(result, "facility").lines
    assert "Ask them for their self-pay price" in group(result, "facility").note
    assert "Ask them for their self-pay price" in group(result, "anesthesia").note
    halved = FeeLine("63030", "Disc", D("1125.30"), self_pay=D("3400.00"), self_pay_reduced=True)
    # The clinic's CSV says to halve 63030 as a second procedure: 5,500 + 1,700.
    assert calc([halved, FUSION], coverage="self_pay").total_patient_pays == D("7200.00")


# Medicare Advantage ------------------------------------------------------------------------------------------
def test_medicare_advantage_in_a_hospital_outpatient_department_with_the_plans_terms():
    result = calc(
        [DISC, FUSION],
        coverage="medicare_advantage",
        setting=HOPD,
        ma_outpatient_copay=D("350"),
        ma_specialist_coinsurance=D("20"),
        ma_moop=D("5000"),
        ma_moop_remaining=D("5000"),
    )
    # Surgeon 20%: 112.53 + 382.85; facility: one $350 copay for the operation; anesthesia 20% of 654.08 = 130.82.
    # 112.53 + 382.85 + 350.00 + 130.82 = 976.20.
    assert you_pay(result, "facility") == [D("0.00"), D("350.00")]
    assert result.total_patient_pays == D("976.20")


def test_medicare_advantage_at_a_surgery_center_with_a_coinsurance():
    result = calc(
        [DISC, NEEDLE],
        coverage="medicare_advantage",
        setting=ASC,
        ma_outpatient_coinsurance=D("20"),
        ma_specialist_coinsurance=D("20"),
    )
    # Surgeon: 63030 20% of 1,125.30 = 225.06; 62287 half 343.15, 20% = 68.63.
    # Facility: 20% of 3,410 = 682.00; half of 2,450 = 1,225, 20% = 245.00.
    # Anesthesia: (8 + 165/15 = 11.0) = 19 x 20.44 = 388.36, 20% = 77.67. In all 1,298.36.
    assert result.total_patient_pays == D("1298.36")


def test_medicare_advantage_hospital_stay_copay_per_day_and_the_maximum_reached():
    terms = {"ma_inpatient_copay_per_day": D("400"), "ma_inpatient_days": 5, "ma_specialist_coinsurance": D("20")}
    result = calc([DISC, FUSION], coverage="medicare_advantage", setting=STAY, **terms)
    # 495.38 surgeon + 400 x 5 = 2,000.00 stay + 130.82 anesthesia = 2,626.20.
    assert you_pay(result, "facility") == [D("0.00"), D("2000.00")]
    assert result.total_patient_pays == D("2626.20")
    capped = calc([DISC, FUSION], coverage="medicare_advantage", setting=STAY, ma_moop_remaining=D("1500"), **terms)
    # Only 1,500 left of the maximum: 495.38 surgeon, then 1,004.62 of the stay, then nothing for anesthesia.
    assert capped.total_patient_pays == D("1500.00")
    assert you_pay(capped, "facility") == [D("0.00"), D("1004.62")]
    assert "yearly maximum" in group(capped, "facility").lines[1].explanation


def test_medicare_advantage_with_unknown_terms_is_the_most_you_could_owe_never_above_the_federal_limit():
    result = calc([DISC, FUSION], coverage="medicare_advantage", setting=HOPD)
    # Everything unknown: all of each amount, up to the 2026 in-network limit of 9,250.00.
    assert result.total_patient_pays == D("9250.00")
    assert result.plan_limits == (D("9250.00"), D("9250.00"))
    assert any("$9,250.00" in sentence for sentence in result.assumptions)

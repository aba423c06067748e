"""Every scoring rule against hand-computed values, including skipped and reversed items. No database."""

from decimal import Decimal

import pytest

from outcomes.services import (
    EXACT_PLACES,
    ItemSpec,
    ScoringSpec,
    as_decimal,
    improvement,
    median_or_none,
    reaches_mcid,
    score,
    score_exact,
)

PAIN = ScoringSpec(rule="sum", items=(ItemSpec("pain", 0, 10),))
PEG = ScoringSpec(rule="mean", items=tuple(ItemSpec(code, 0, 10) for code in ("p", "e", "g")))
# A made-up instrument of the ODI's shape: ten items scored 0–5, percent rule, up to 2 skipped.
ODI_LIKE = ScoringSpec(rule="percent", items=tuple(ItemSpec(f"s{n}", 0, 5) for n in range(1, 11)), max_missing=2)


def test_single_item_sum_is_the_answer():
    assert score(PAIN, {"pain": 7}) == Decimal("7.0")


def test_single_item_skipped_gives_no_score():
    assert score(PAIN, {"pain": None}) is None
    assert score(PAIN, {}) is None


def test_mean_of_peg_items_is_rounded_half_up_to_one_decimal():
    # (6 + 5 + 4) / 3 = 5.0 ; (7 + 6 + 6) / 3 = 6.333… → 6.3 ; (1 + 2 + 2) / 3 = 1.666… → 1.7
    assert score(PEG, {"p": 6, "e": 5, "g": 4}) == Decimal("5.0")
    assert score(PEG, {"p": 7, "e": 6, "g": 6}) == Decimal("6.3")
    assert score(PEG, {"p": 1, "e": 2, "g": 2}) == Decimal("1.7")


def test_mean_with_one_missing_allowed_uses_the_answered_items():
    spec = ScoringSpec(rule="mean", items=PEG.items, max_missing=1)
    assert score(spec, {"p": 4, "e": None, "g": 7}) == Decimal("5.5")


def test_mean_with_more_missing_than_allowed_gives_no_score():
    spec = ScoringSpec(rule="mean", items=PEG.items, max_missing=1)
    assert score(spec, {"p": 4}) is None
    assert score(PEG, {"p": 4, "e": 5}) is None  # PEG allows none


def test_percent_rule_all_answered_is_sum_over_five_times_ten():
    answers = {f"s{n}": value for n, value in zip(range(1, 11), [2, 3, 1, 0, 4, 2, 3, 1, 2, 2], strict=True)}
    # sum 20 ÷ (5 × 10) × 100 = 40.0
    assert score(ODI_LIKE, answers) == Decimal("40.0")


def test_percent_rule_with_a_skipped_item_divides_by_answered_items():
    answers = {f"s{n}": 3 for n in range(1, 10)}  # nine answered, s10 skipped
    # 27 ÷ (5 × 9) × 100 = 60.0
    assert score(ODI_LIKE, answers) == Decimal("60.0")
    answers = {f"s{n}": value for n, value in zip(range(1, 9), [1, 2, 2, 3, 0, 1, 4, 1], strict=True)}
    # eight answered, sum 14 ÷ 40 × 100 = 35.0
    assert score(ODI_LIKE, answers) == Decimal("35.0")


def test_percent_rule_with_too_many_skipped_gives_no_score():
    assert score(ODI_LIKE, {f"s{n}": 3 for n in range(1, 8)}) is None  # three skipped, two allowed


def test_percent_rule_rounds_half_up():
    answers = {f"s{n}": 1 for n in range(1, 10)}  # 9 ÷ 45 × 100 = 20.0
    assert score(ODI_LIKE, answers) == Decimal("20.0")
    answers = {"s1": 1, "s2": 1, "s3": 1, "s4": 1, "s5": 1, "s6": 1, "s7": 1, "s8": 2}  # 9 ÷ 40 = 22.5
    assert score(ODI_LIKE, answers) == Decimal("22.5")
    three = ScoringSpec(rule="percent", items=tuple(ItemSpec(c, 0, 5) for c in "abc"))
    assert score(three, {"a": 1, "b": 1, "c": 0}) == Decimal("13.3")  # 2 ÷ 15 × 100 = 13.33…


def test_reversed_item_counts_from_the_other_end():
    spec = ScoringSpec(rule="sum", items=(ItemSpec("a", 0, 4), ItemSpec("b", 0, 4, reversed=True)))
    # a = 3, b = 1 reversed → 4 − 1 = 3 ; total 6
    assert score(spec, {"a": 3, "b": 1}) == Decimal("6.0")
    shifted = ScoringSpec(rule="mean", items=(ItemSpec("a", 1, 5), ItemSpec("b", 1, 5, reversed=True)))
    # b = 2 reversed on 1–5 → 1 + 5 − 2 = 4 ; mean (5 + 4) / 2 = 4.5
    assert score(shifted, {"a": 5, "b": 2}) == Decimal("4.5")


def test_sum_with_a_skipped_item_is_prorated_to_all_items():
    spec = ScoringSpec(
        rule="sum", items=(ItemSpec("a", 0, 4), ItemSpec("b", 0, 4, reversed=True), ItemSpec("c", 0, 4)), max_missing=1
    )
    # a = 2, b skipped, c = 3 → mean 2.5 × 3 items = 7.5
    assert score(spec, {"a": 2, "b": None, "c": 3}) == Decimal("7.5")
    # a = 2, b = 4 reversed → 0, c skipped → mean 1 × 3 = 3.0
    assert score(spec, {"a": 2, "b": 4}) == Decimal("3.0")


def test_an_answer_outside_the_item_range_is_refused():
    with pytest.raises(ValueError, match="pain"):
        score(PAIN, {"pain": 11})


def test_improvement_follows_the_direction():
    assert improvement(before=Decimal(7), after=Decimal(2), higher_is_better=False) == 5
    assert improvement(before=Decimal(40), after=Decimal(70), higher_is_better=True) == 30


NRS = {"higher_is_better": False, "absolute": Decimal(2), "percent": Decimal(30), "baseline": Decimal(4)}
PEG_MCID = {"higher_is_better": False, "absolute": None, "percent": Decimal(30), "baseline": Decimal(4)}


def test_important_change_needs_both_the_points_and_the_percent():
    assert reaches_mcid(before=Decimal(8), after=Decimal(5), **NRS)  # 3 points, 37.5 %
    assert not reaches_mcid(before=Decimal(8), after=Decimal("6.5"), **NRS)  # 1.5 points, 18.75 %
    assert not reaches_mcid(before=Decimal(10), after=Decimal("7.5"), **NRS)  # 2.5 points but 25 %
    assert reaches_mcid(before=Decimal(5), after=Decimal(3), **NRS)  # 2 points and 40 %


def test_no_change_from_below_the_minimum_baseline_is_important():
    # Counter-examples of issue 31: PEG 1.0 → 0.7 (30 %) and back pain 1 → 0 (1 point, 100 %).
    assert not reaches_mcid(before=Decimal("1.0"), after=Decimal("0.7"), **PEG_MCID)
    assert not reaches_mcid(before=Decimal(1), after=Decimal(0), **NRS)
    assert not reaches_mcid(before=Decimal(3), after=Decimal(0), **NRS)  # 3 points, 100 %, but from 3 of 10


def test_important_change_is_worked_out_from_unrounded_scores():
    # Counter-example of issue 31: PEG 7,7,6 → 5,5,4 is exactly 30 % (20/3 → 14/3); rounded, 6.7 → 4.7 is 29.9 %.
    before, after = score_exact(PEG, {"p": 7, "e": 7, "g": 6}), score_exact(PEG, {"p": 5, "e": 5, "g": 4})
    assert (score(PEG, {"p": 7, "e": 7, "g": 6}), score(PEG, {"p": 5, "e": 5, "g": 4})) == (
        Decimal("6.7"),
        Decimal("4.7"),
    )
    assert not reaches_mcid(before=Decimal("6.7"), after=Decimal("4.7"), **PEG_MCID)
    assert reaches_mcid(before=before, after=after, **PEG_MCID)
    # Stored to ten places, as Response.score_exact keeps it, the answer is the same.
    assert reaches_mcid(before=as_decimal(before, EXACT_PLACES), after=as_decimal(after, EXACT_PLACES), **PEG_MCID)
    # 4,3,3 → 3,2,2 (rounded 3.3 → 2.3, “30.3 %”) starts below the baseline of 4: not important.
    low = score_exact(PEG, {"p": 4, "e": 3, "g": 3}), score_exact(PEG, {"p": 3, "e": 2, "g": 2})
    assert not reaches_mcid(before=low[0], after=low[1], **PEG_MCID)


def test_no_threshold_or_no_improvement_is_never_important():
    assert not reaches_mcid(before=Decimal(8), after=Decimal(2), higher_is_better=False, absolute=None, percent=None)
    assert not reaches_mcid(before=Decimal(5), after=Decimal(8), **NRS)
    assert not reaches_mcid(
        before=Decimal(0), after=Decimal(0), absolute=None, percent=Decimal(30), higher_is_better=False
    )


def test_median_of_changes():
    assert median_or_none([Decimal(1), Decimal(5), Decimal(2)]) == Decimal("2.0")
    assert median_or_none([Decimal(1), Decimal(4)]) == Decimal("2.5")
    assert median_or_none([]) is None

"""`make bench` compares each page with the neutral floor read just before and just after it, because the
machine's speed drifts within a run (scripts/bench.py)."""

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
bench = importlib.import_module("bench")  # scripts/bench.py: a failed import fails these tests


def _results(page_rps: float, neutral_around: float, run_median: float) -> dict:
    results = {name: {"rps": page_rps, "p50": 5.0, "p95": 6.0, "p99": 7.0} for name, *_ in bench.PAGES}
    for name in results:
        results[name]["neutral"] = neutral_around
    results["neutral floor"] = {"rps": run_median, "p50": 1.0, "p95": 1.0, "p99": 1.0, "readings": [run_median]}
    return results


def test_a_page_is_judged_against_the_readings_around_it_not_the_run_median():
    # The run's median reading was taken while the machine was fast; around the article it was slower.
    results = _results(page_rps=1_000, neutral_around=3_800, run_median=4_800)

    assert bench._ratio(results, "article page") == pytest.approx(1_000 / 3_800)
    assert "0.263" in bench.table(results)
    _table, missed = bench.targets(["base"], {"base": results})
    assert "article page (base)" not in missed  # 0.263 ≥ 0.25; against the median it would be 0.208


def test_a_report_without_readings_around_a_page_falls_back_to_the_run_median():
    results = _results(page_rps=1_000, neutral_around=0, run_median=4_000)
    for name in results:
        results[name].pop("neutral", None)

    assert bench._ratio(results, "article page") == pytest.approx(0.25)


def test_the_report_lists_every_neutral_reading_and_their_spread():
    results = _results(page_rps=1_000, neutral_around=4_000, run_median=4_000)
    results["neutral floor"]["readings"] = [4_800, 3_600, 4_000]

    line = bench.readings_line(results)

    assert "4,800, 3,600, 4,000" in line
    assert "33% apart" in line

"""Measure search relevance on the content in this database: top-3 share, MRR and time per search.

Runs the patient questions of the relevance test set (tests/data/search_relevance.json)
against whatever is loaded (the demo, or the demo plus `generate_corpus`), for BENCHMARKS.md.
"""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import translation

from education import search

CASES = settings.BASE_DIR / "tests" / "data" / "search_relevance.json"


@dataclass
class Relevance:
    cases: int
    in_top_three: float
    mrr: float
    misses: list[str] = field(default_factory=list)
    milliseconds: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.milliseconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def relevance_measure(cases: list[dict]) -> Relevance:
    """Where each case's expected result (a key prefix) first appears in what the search page shows."""
    ranks, misses, milliseconds = [], [], []
    for case in cases:
        with translation.override(case["language"]):
            started = time.perf_counter()
            keys = [result.key for result in search.search(case["q"], case["language"]).all]
            milliseconds.append(1000 * (time.perf_counter() - started))
        rank = next((n for n, key in enumerate(keys, 1) if any(key.startswith(e) for e in case["expect"])), None)
        ranks.append(rank)
        if not rank or rank > 3:
            misses.append(f"{case['q']!r} (rank {rank})")
    return Relevance(
        cases=len(cases),
        in_top_three=sum(1 for rank in ranks if rank and rank <= 3) / len(cases),
        mrr=sum(1 / rank for rank in ranks if rank) / len(cases),
        misses=misses,
        milliseconds=milliseconds,
    )


class Command(BaseCommand):
    help = "Run the search relevance set against this database and print top-3, MRR and timings."

    def add_arguments(self, parser):
        parser.add_argument("--cases", default=str(CASES), help="A JSON file of cases (default: the test set).")

    def handle(self, *args, cases, **options):
        loaded = json.loads(Path(cases).read_text(encoding="utf-8"))
        search.search("warm up", "en")
        result = relevance_measure(loaded)
        self.stdout.write(
            f"{connection.vendor}: {result.cases} questions, top-3 {result.in_top_three:.0%}, MRR {result.mrr:.2f}, "
            f"search time p50 {result.percentile(0.5):.0f} ms, p95 {result.percentile(0.95):.0f} ms "
            f"(in-process, one at a time)"
        )
        for miss in result.misses:
            self.stdout.write(f"  missed: {miss}")

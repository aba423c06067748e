"""The relevance test set: patients' questions, in their words, and what should answer them.

Each case in tests/data/search_relevance.json names the section, question, glossary
term or warning sign (a key prefix, see `education.search.Result.key`) that should be
among the first three things the search page shows for the demo content. The test
prints the share found in the top 3 and the mean reciprocal rank (MRR), and fails
below 90% in the top 3. `manage.py search_relevance` runs the
same set against any database (BENCHMARKS.md).
"""

import json

import pytest

from education.demo import demo_load, glossary_load
from education.management.commands.search_relevance import CASES, relevance_measure

THRESHOLD = 0.90


def cases():
    return json.loads(CASES.read_text(encoding="utf-8"))


def test_the_set_is_big_enough_in_both_languages():
    languages = [case["language"] for case in cases()]
    assert languages.count("en") >= 30
    assert languages.count("es") >= 15


@pytest.mark.django_db
def test_patient_questions_find_their_answer_in_the_top_three(capsys):
    demo_load()
    glossary_load()
    result = relevance_measure(cases())
    with capsys.disabled():
        print(
            f"\nSearch relevance: top-3 {result.in_top_three:.0%}, MRR {result.mrr:.2f} "
            f"({result.cases} questions). Missed: {', '.join(result.misses) or 'none'}"
        )
    assert result.in_top_three >= THRESHOLD, result.misses

"""Search is PostgreSQL full-text search: it marks whole words, never letters inside other words."""

import re

from django.urls import reverse

from tests.test_search import publish_with_text

MARKED = re.compile(r"(\w?)<mark>([^<]*)</mark>")


def test_can_i_drive_after_surgery_marks_no_car_inside_other_words(patient_client, db):
    publish_with_text(
        "Driving after surgery",
        "When you can drive again.",
        "Take care of the scar. Ask before you drive if you have a cardiac problem; Medicare may pay for rides.",
    )
    response = patient_client.get(reverse("education:search"), {"q": "can I drive after surgery"})
    snippets = " ".join(str(result.snippet) for result in response.context_data["results"].all)
    marked = MARKED.findall(snippets)
    assert "drive" in [word.lower() for _, word in marked]
    assert all(before == "" for before, _ in marked), marked  # nothing marked from the middle of a word
    assert {word.lower() for _, word in marked}.isdisjoint({"care", "scar", "cardiac", "medicare", "car"})

"""The main navigation shows where the reader is: aria-current on the link to this page or its section."""

import re

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SurgeonFactory


def current_links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="nav(?:bar-brand|-link)" href="[^"]*" aria-current="(\w+)">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("home", [("page", "Complete Orthopedics Spine Care")]),
        ("education:article_list", [("page", "Articles")]),
        ("education:faq_list", [("page", "Questions")]),
        ("estimates:estimate", [("page", "Costs")]),
        ("education:surgeon_list", [("page", "Surgeons")]),
        ("education:search", [("page", "Search")]),
        ("care:my_page", [("page", "My page")]),
        ("education:glossary", []),
    ],
)
def test_the_link_to_this_page_is_marked_current(patient_client, url_name, expected):
    assert current_links(patient_client.get(reverse(url_name)).text) == expected


def test_an_article_or_a_surgeon_marks_its_section_not_the_page(patient_client):
    article = ArticleFactory()
    assert current_links(patient_client.get(article.get_absolute_url()).text) == [("true", "Articles")]
    surgeon = SurgeonFactory()
    assert current_links(patient_client.get(surgeon.get_absolute_url()).text) == [("true", "Surgeons")]

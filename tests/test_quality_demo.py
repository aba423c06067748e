"""The content checks on real content: the clinic's own MISS page shows its red flags and 63040's label; the
corrected demo (English and Spanish) raises no warning at all."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from education import demo as education_demo
from education import services
from education.importer import decode_upload, parse_article
from education.models import Article
from education.selectors import article_quality_report
from estimates import demo as estimates_demo
from tests.test_importer import SOURCE_PAGE


@pytest.fixture(autouse=True)
def in_english():
    """Labels in the report are translated when shown; these tests read them in English."""
    with translation.override("en"):
        yield


CLINIC_RED_FLAGS = {
    "numbness in the groin, genitals or saddle area",
    "not being able to move the fingers, toes, arms or legs",
    "fingers or toes that turn pale, blue or very cold",
    "new loss of bladder or bowel control, or trouble passing urine",
}


@pytest.mark.django_db
@pytest.mark.skipif(not SOURCE_PAGE.exists(), reason="the clinic's source page (../shared/content) is not here")
def test_importing_the_clinics_page_shows_its_red_flags_and_63040s_label():
    estimates_demo.demo_load()  # the fee schedule, with each code's own name
    parsed = parse_article(decode_upload(SOURCE_PAGE.read_bytes()))
    article = services.article_import(parsed=parsed).article

    report = article_quality_report(article)

    assert {flag.symptom for flag in report.red_flags} == CLINIC_RED_FLAGS
    assert any("genital" in flag.sign for flag in report.red_flags)
    assert any("urinating" in flag.sign for flag in report.red_flags)
    assert any("fingers or toes" in flag.sign for flag in report.red_flags)
    assert [(p.cpt, p.name_in_text) for p in report.procedure_names] == [
        ("63040", "Minimally Invasive Thoracic Discectomy")
    ]
    article.refresh_from_db()
    assert article.quality_warnings == report.warning_count > 4


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-accounts", stdout=StringIO())


@pytest.mark.parametrize("slug", [education_demo.DEMO_SLUG, education_demo.DEMO_SLUG_SPANISH])
def test_the_corrected_demo_raises_no_warning(demo, slug):
    article = Article.all_objects.get(slug=slug)
    report = article_quality_report(article)

    assert report.grades_above_target == []
    assert report.unexplained_terms == []
    assert report.red_flags == []
    assert report.procedure_names == []
    assert article.quality_warnings == report.warning_count == 0


def test_the_demo_tells_its_reviewer_what_changed_from_the_clinics_page(demo):
    article = Article.all_objects.get(slug=education_demo.DEMO_SLUG)
    comments = [comment.text for comment in article.review_comments.all()]
    assert len(comments) == len(education_demo.REVIEWER_NOTES) == 3
    assert any("docs/clinical-sources.md" in text for text in comments)
    assert not any(text.endswith("?") for text in comments)  # no open question on red-flag placement


def test_the_demos_emergency_signs_read_at_grade_8(demo):
    english = Article.all_objects.get(slug=education_demo.DEMO_SLUG)
    report = article_quality_report(english)
    emergency = next(part for part in report.grades if part.where == "Warning signs: emergency")
    assert emergency.long_sentences == ()
    assert emergency.grade <= 8

"""The importer reads the clinic's page layout and Markdown, repairs what it safely can, and refuses bad files."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from education.importer import ImportFormatError, decode_upload, parse_article, repair_self_paste
from education.models import FAQ, Article, Figure, Section, Surgeon, WarningSign
from estimates.models import Fee

DATA = Path(__file__).parent / "data"
SOURCE_PAGE = settings.BASE_DIR.parent / "shared" / "content" / "000_15abfb9c3c61c906.txt"


@pytest.fixture
def page():
    return parse_article((DATA / "clinic_page.txt").read_text())


def test_it_maps_headings_to_section_types_in_order(page):
    assert [(s.kind, s.heading) for s in page.sections] == [
        ("epidemiology", "How Often It Happens"),
        ("causes", "Why It Happens"),
        ("non_surgical", "Non-Surgical Care"),
        ("surgical", "Surgical Care"),
        ("complications", "Possible Risks"),
        ("costs", "Out-of-Pocket Costs"),
    ]
    assert page.title == "Keyhole Neck Surgery"
    assert page.slug == "keyhole-neck-surgery"
    assert page.summary.startswith("Keyhole neck surgery fixes")


def test_it_keeps_lists_and_subheadings_as_markdown(page):
    complications = page.sections[4].body
    assert "Every surgery has some risk.\n\n- Bleeding\n- Infection\n- Nerve injury" in complications
    costs = page.sections[5].body
    assert costs.startswith("### Medicare\n\n- CPT 63020")
    assert "### Workers' Compensation" in costs


def test_it_reads_cost_lines_as_procedures(page):
    assert [(p.cpt, p.amount) for p in page.procedures] == [
        ("63020", Decimal("271.49")),
        ("63030", Decimal("1225.06")),
    ]
    assert page.procedures[0].name == "Minimally Invasive Cervical Discectomy"


def test_it_reads_figure_captions_after_a_blank_line(page):
    assert [(f.caption, f.section_index) for f in page.figures] == [
        ("A drawing of a bulging disc pressing on a nerve", 1)
    ]


def test_it_reads_both_faq_forms_and_joins_continued_answers(page):
    assert [(f.question, f.answer) for f in page.faqs[:2]] == [
        ("How long will I stay in the hospital?", "Most people go home the same day."),
        ("Will it hurt?", "You will have some pain for a few days. It fades week by week."),
    ]
    assert [f.question for f in page.faqs[2:]] == ["Can I drive after surgery?", "Is this surgery right for everyone?"]


def test_it_repairs_an_answer_pasted_into_itself_and_says_so(page):
    assert page.faqs[3].answer == "Your surgeon looks at your health and your scans to decide."
    assert any("pasted into itself" in repair and "line 41" in repair for repair in page.repairs)


def test_it_splits_joined_warning_signs_strips_backslashes_and_keeps_groups(page):
    assert [(w.urgency, w.group, w.text) for w in page.warning_signs] == [
        ("call_clinic", "", "A fever over 101 degrees"),
        ("call_clinic", "", "Redness at the cut"),
        ("call_clinic", "", "Fluid leaking from the cut"),
        ("emergency", "Suspected blood clot", "A swollen, painful leg, sudden shortness of breath"),
        ("emergency", "", "Trouble breathing"),
    ]
    assert "line 34: split 2 warning signs joined on one line" in page.repairs
    assert "line 36: removed a stray backslash" in page.repairs
    assert "line 37: removed a stray backslash" in page.repairs


def test_it_reads_the_author_block(page):
    assert page.author == "Dr. Jane Roe"
    assert page.author_bio.startswith("I am a spine surgeon")


def test_it_reads_markdown_headings():
    parsed = parse_article((DATA / "markdown_page.md").read_text())
    assert parsed.title == "Lower Back Strain"
    assert [(s.kind, s.heading) for s in parsed.sections] == [
        ("symptoms", "Symptoms"),
        ("prevention", "Prevention"),
        ("other", "Exercises for a strong core"),
    ]
    assert parsed.sections[0].body == "- Pain that gets worse when you move\n- Muscle spasms"


def test_repair_leaves_ordinary_text_alone():
    assert repair_self_paste("Walk a little more each day. Rest when you need to, then walk again.") is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty"),
        ("Title\nJust a paragraph with no headings at all.", 2, "no section headings"),
        ("Title\nIntro.\nFrequently Asked Questions (FAQ)\nA. An answer first.", 4, "answer comes before"),
        ("Title\nIntro.\nDo you have more questions?\nWhy?\nSummary", 4, "has no answer"),
        ("Title\nIntro.\nOut-of-Pocket Costs\nCPT Code 6302 – Short code: $1.00", 4, "cost line must read"),
    ],
)
def test_malformed_pages_name_the_line(text, line, message):
    with pytest.raises(ImportFormatError, match=message) as error:
        parse_article(text)
    assert error.value.line == line


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("Título\n".encode("latin-1"), "not UTF-8"),
        (b"x" * 1_000_001, "limit is 1,000,000"),
    ],
)
def test_it_refuses_files_that_are_not_text_pages(data, message):
    with pytest.raises(ImportFormatError, match=message):
        decode_upload(data)


@pytest.mark.django_db
def test_command_imports_publishes_and_reimports_without_duplicates(tmp_path):
    path = DATA / "clinic_page.txt"
    call_command("import_article", str(path), "--publish", stdout=StringIO(), stderr=StringIO())
    article = Article.all_objects.get(slug="keyhole-neck-surgery")
    assert article.status == Article.Status.PUBLISHED
    assert article.author == article.medical_reviewer == Surgeon.objects.get(name="Dr. Jane Roe")
    assert article.sections.count() == 6
    assert article.faqs.count() == 4
    assert article.warning_signs.count() == 5
    assert article.figures.get().section.kind == "causes"
    assert sorted(article.related_procedures.values_list("cpt_code", flat=True)) == ["63020", "63030"]
    assert Fee.objects.get(procedure__cpt_code="63020").medicare_approved == Decimal("1357.45")
    assert article.is_post_operative

    # Re-importing a published article makes a draft revision that waits for review, and no rows;
    # patients keep the published one.
    every_row = (Article.all_objects, Section.objects, FAQ.objects, WarningSign.objects, Figure.objects)
    rows = [manager.count() for manager in every_row]
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())
    assert [manager.count() for manager in every_row] == rows
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.changes_status == Article.Status.IN_REVIEW
    draft = article.latest_revision.content
    assert [len(draft[part]) for part in ("sections", "faqs", "warning_signs", "figures")] == [6, 4, 5, 1]
    # Unchanged parts keep their keys, so publishing the draft updates them in place.
    assert {row["key"] for row in draft["faqs"]} == {str(key) for key in article.faqs.values_list("key", flat=True)}


@pytest.mark.django_db
def test_dry_run_prints_json_and_writes_nothing():
    out = StringIO()
    call_command(
        "import_article", str(DATA / "clinic_page.txt"), "--dry-run", "--format", "json", stdout=out, stderr=StringIO()
    )
    report = json.loads(out.getvalue())
    assert set(report) == {
        "title",
        "slug",
        "sections",
        "faqs",
        "figures",
        "warning_signs",
        "procedures",
        "author",
        "repairs",
    }
    assert report["sections"][0] == {"type": "epidemiology", "heading": "How Often It Happens"}
    assert report["procedures"][0] == {
        "cpt": "63020",
        "name": "Minimally Invasive Cervical Discectomy",
        "amount": "271.49",
    }
    assert report["warning_signs"][3] == {
        "urgency": "emergency",
        "group": "Suspected blood clot",
        "text": "A swollen, painful leg, sudden shortness of breath",
    }
    assert not Article.all_objects.exists()


@pytest.mark.django_db
def test_a_malformed_file_changes_nothing_and_names_the_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Title\nIntro.\nDo you have more questions?\nAn answer with no question.\n")
    with pytest.raises(CommandError, match="line 4"):
        call_command("import_article", str(bad), stdout=StringIO(), stderr=StringIO())
    assert not Article.all_objects.exists()


@pytest.mark.django_db
def test_the_import_is_one_transaction(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the estimates app failed half-way")

    monkeypatch.setattr("estimates.services.procedures_record_from_article", fail)
    with pytest.raises(RuntimeError):
        # Publishing is when the page's procedures reach the calculator (a draft changes nothing there).
        call_command("import_article", str(DATA / "clinic_page.txt"), "--publish", stdout=StringIO(), stderr=StringIO())
    assert not Article.all_objects.exists()
    assert not Surgeon.objects.exists()


@pytest.mark.skipif(
    not SOURCE_PAGE.exists(), reason="the clinic's source page (../shared/content) is not beside the repo"
)
def test_the_clinics_own_page_is_reproduced_exactly():
    parsed = parse_article(decode_upload(SOURCE_PAGE.read_bytes()))
    assert len(parsed.sections) == 21
    assert len(parsed.faqs) == 27
    assert len(parsed.figures) == 4
    assert len(parsed.procedures) == 9
    assert [w.urgency for w in parsed.warning_signs].count("call_clinic") == 12
    assert [w.urgency for w in parsed.warning_signs].count("emergency") == 6
    assert parsed.author == "Dr. Vedant Vaksha"
    assert len(parsed.repairs) == 5
    assert "determiNot" not in " ".join(f.answer for f in parsed.faqs)


def test_a_first_line_of_only_hashes_is_not_a_title():
    """Found by the fuzzer: '#' on the first line gave an article with no title."""
    with pytest.raises(ImportFormatError, match="line 1: the first line must be the article's title"):
        parse_article("#\nOVERVIEW")

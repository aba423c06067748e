from django.urls import reverse

from education.glossary_marking import mark_terms
from tests.factories import ArticleFactory, GlossaryTermFactory, SectionFactory


def test_first_use_in_a_section_is_marked_with_a_keyboard_popover(db):
    term = GlossaryTermFactory(term="Dura", slug="dura", definition="The sac <around> the spinal cord.")
    html = mark_terms("<p>The dura is thin. The dura can leak.</p>", [term], id_prefix="s1")
    assert html.count('class="glossary-term"') == 1
    assert '<button type="button" class="glossary-term" popovertarget="s1-dura">dura</button>' in html
    assert 'id="s1-dura" popover' in html
    assert "The sac &lt;around&gt; the spinal cord." in html


def test_links_and_headings_are_left_alone(db):
    term = GlossaryTermFactory(term="Fusion", slug="fusion")
    source = '<h3>Fusion</h3><p><a href="/x">fusion surgery</a></p>'
    assert mark_terms(source, [term], id_prefix="s") == source


def test_longer_names_win_and_other_names_match(db):
    term = GlossaryTermFactory(term="Herniation", slug="herniation", also_known_as="herniated disc, slipped disc")
    disc = GlossaryTermFactory(term="Disc", slug="disc")
    html = mark_terms("<p>A slipped disc hurts.</p>", [disc, term], id_prefix="s")
    assert 'popovertarget="s-herniation">slipped disc</button>' in html
    assert 'popovertarget="s-disc"' not in html


def test_article_page_marks_terms_and_glossary_page_lists_them_a_to_z(patient_client):
    GlossaryTermFactory(term="Pedicle", slug="pedicle", definition="A bony bridge.")
    GlossaryTermFactory(term="Foramen", slug="foramen", definition="A nerve opening.")
    article = ArticleFactory()
    SectionFactory(article=article, body="Screws go into the pedicle.")
    assert 'popovertarget="term-' in patient_client.get(article.get_absolute_url()).text
    html = patient_client.get(reverse("education:glossary")).text
    assert html.index('id="foramen"') < html.index('id="pedicle"')
    assert 'href="#letter-F"' in html


def test_the_popover_has_a_close_button_that_works_without_javascript(db):
    term = GlossaryTermFactory(term="Dura", slug="dura", definition="The sac around the spinal cord.")
    html = mark_terms("<p>The dura is thin.</p>", [term], id_prefix="s1")
    assert (
        '<button type="button" class="glossary-close" popovertarget="s1-dura" popovertargetaction="hide"'
        ' aria-label="Close the explanation of Dura">×</button>' in html
    )

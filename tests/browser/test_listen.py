"""Listen: a part of a page read aloud by the browser's own voice, one sentence at a time, highlighted as it
is read, in the text's language; and a plain message when the device has no voice for it. The speech engine
is a stand-in (speech_stub.js) that records what the page hands it. At 390 px and 1280 px, in both languages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from education.models import Section
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_the_screen, log_in
from tests.conftest import restore_migration_data
from tests.factories import ArticleFactory, PatientFactory, SectionFactory

pytestmark = pytest.mark.browser

STUB = (Path(__file__).parent / "speech_stub.js").read_text()
TEXT = {
    "en": {
        "slug": "going-home",
        "heading": "Going home",
        "sentences": ["Rest for two days.", "Then walk a little more each day!", "Is the pain worse?", "Call us."],
        "listen": "Listen",
        "pause": "Pause",
        "go on": "Go on",
        "stop": "Stop",
        "speed": "Speed",
        "faster": "Faster",
        "finished": "Finished reading.",
        "no voice": "This browser has no voice for English on this device, so it cannot read this aloud.",
    },
    "es": {
        "slug": "volver-a-casa",
        "heading": "Volver a casa",
        "sentences": ["Descanse dos días.", "¡Luego camine un poco más cada día!", "¿Le duele más?", "Llámenos."],
        "listen": "Escuchar",
        "pause": "Pausa",
        "go on": "Seguir",
        "stop": "Parar",
        "speed": "Velocidad",
        "faster": "Más rápido",
        "finished": "Terminó la lectura.",
        "no voice": (
            "Este navegador no tiene una voz en español en este aparato, así que no puede leer esto en voz alta."
        ),
    },
}
BOTH = [(language, width) for language in ("en", "es") for width in ("phone", "desktop")]
IDS = ["-".join(p) for p in BOTH]


@pytest.fixture
def reader(page, live_server, transactional_db, request):
    """A patient and one short article of our own: no demo content needed (it is slow to load)."""
    language, width = request.param
    words = TEXT[language]
    restore_migration_data()  # the roles, emptied by the previous browser test
    patient = PatientFactory(email="patient@example.com", preferred_language=language)
    article = ArticleFactory(title=words["heading"], slug=words["slug"], language=language)
    SectionFactory(
        article=article,
        kind=Section.Kind.RECOVERY,
        heading=words["heading"],
        # Two paragraphs: a sentence never runs from one into the next.
        body=f"{words['sentences'][0]} {words['sentences'][1]}\n\n{words['sentences'][2]} {words['sentences'][3]}",
        order=1,
    )
    assert patient.preferred_language == language
    page.set_viewport_size(PHONE if width == "phone" else DESKTOP)
    page.add_init_script(STUB)
    log_in(page, live_server, "patient@example.com")
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    return words, language, page.locator(".article-section .listen").first


def spoken(page):
    return page.evaluate("window.__speech.spoken")


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=IDS)
def test_listen_reads_each_sentence_in_the_pages_language_and_highlights_it(page, reader):
    words, language, control = reader
    control.get_by_role("button", name=re.compile(words["listen"])).click()
    expect(control.get_by_role("status")).to_have_text(words["finished"])
    said = spoken(page)
    assert [utterance["text"] for utterance in said] == [words["heading"], *words["sentences"]]
    assert {utterance["lang"][:2] for utterance in said} == {language}
    assert {utterance["voice"] for utterance in said} == {"Device English" if language == "en" else "Device Spanish"}
    # Each sentence was highlighted as it was handed over, in order; nothing stays highlighted after.
    assert [utterance["highlighted"] for utterance in said] == [utterance["text"] for utterance in said]
    assert page.evaluate("CSS.highlights.has('listen-sentence')") is False
    expect(control.get_by_role("button", name=re.compile(words["listen"]))).to_be_visible()
    assert_fits_the_screen(page)


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=IDS)
def test_listen_pauses_goes_on_changes_speed_and_stops(page, reader):
    words, _, control = reader
    page.evaluate("window.__speech.autoEnd = false")
    control.get_by_role("button", name=re.compile(words["listen"])).click()
    expect(control.get_by_role("status")).to_contain_text("1")
    assert len(spoken(page)) == 1
    assert_accessible(page)  # the control while it reads: buttons, speed, status
    control.get_by_role("button", name=words["pause"]).click()
    control.get_by_role("button", name=words["go on"]).click()
    control.get_by_label(words["speed"]).select_option(label=words["faster"])
    page.evaluate("window.__speech.finish()")
    page.wait_for_function("window.__speech.spoken.length === 2")
    assert [utterance["rate"] for utterance in spoken(page)] == [1, 1.25]
    assert spoken(page)[1]["highlighted"] == words["sentences"][0]
    control.get_by_role("button", name=words["stop"]).click()
    assert page.evaluate("window.__speech.calls") == ["pause", "resume", "cancel"]
    assert page.evaluate("CSS.highlights.has('listen-sentence')") is False
    expect(control.get_by_role("button", name=re.compile(words["listen"]))).to_be_visible()
    expect(control.get_by_role("button", name=words["stop"])).to_be_hidden()


@pytest.mark.parametrize("reader", BOTH, indirect=True, ids=IDS)
def test_listen_says_so_when_the_device_has_no_voice_for_the_language(page, reader):
    words, language, control = reader
    other = "es-ES" if language == "en" else "en-US"
    # A voice for the language that would send the text to a server does not count either.
    page.evaluate(
        f"""window.__speech.voices = [{{lang: "{other}", name: "Other", localService: true}},
                                      {{lang: "{language}", name: "Online", localService: false}}]"""
    )
    control.get_by_role("button", name=re.compile(words["listen"])).click()
    expect(control.get_by_role("status")).to_contain_text(words["no voice"])
    assert spoken(page) == []
    assert_fits_the_screen(page)
    assert_accessible(page)


def test_every_kind_of_part_has_a_listen_that_reads_it(page, live_server, demo):
    from care import demo as care_demo
    from care.models import PatientStep

    care_demo.pathway_load(patient_email="patient@example.com", reviewer_email="reviewer@example.com")
    page.add_init_script(STUB)
    log_in(page, live_server, "patient@example.com")

    def listen_to(control):
        page.evaluate("window.__speech.spoken = []")
        control.get_by_role("button", name=re.compile("Listen")).click()
        expect(control.get_by_role("status")).to_have_text("Finished reading.")
        return [utterance["text"] for utterance in spoken(page)]

    step = PatientStep.objects.filter(pathway__patient=demo["patient"]).order_by("due_date", "step__order", "pk")[0]
    page.goto(f"{live_server.url}/me/")
    said = listen_to(page.locator(f"#step-{step.pk} .listen"))
    assert step.step.title in said
    assert all(words not in " ".join(said) for words in ("I have done this", "Answer the questions"))

    page.goto(f"{live_server.url}/faqs/")
    faq = page.locator("details.faq").first
    faq.locator(":scope > summary").click()
    said = listen_to(faq.locator(".listen"))
    assert said[0] == faq.locator(":scope > summary").inner_text().strip()
    assert len(said) > 1

    page.goto(f"{live_server.url}/warning-signs/")
    said = listen_to(page.locator("main .listen").first)
    assert said[0] == "After surgery: is this a warning sign?"
    assert "Tick everything you notice now." in said

    page.goto(f"{live_server.url}/articles/minimally-invasive-spine-surgery/")
    said = listen_to(page.locator("#warning-signs .listen"))
    assert "Call 911 or go to the emergency room now if you have:" in said
    assert_accessible(page)

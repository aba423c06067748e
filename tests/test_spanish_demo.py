"""The demo in Spanish, as the issue's "done when" reads: the demo patient switches to Spanish and
reads the MISS article, its FAQs and warning signs, and runs an estimate, all in Spanish."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from education.demo import DEMO_SLUG, DEMO_SLUG_SPANISH
from education.models import Article, GlossaryTerm


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # demo accounts are made only in development
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def spanish_patient(client, demo):
    response = client.post(reverse("login"), {"username": "patient@example.com", "password": "demo-patient-pass"})
    assert response.status_code == 302
    client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    return client


def test_the_demo_translation_matches_the_english_article(demo):
    english = Article.all_objects.get(slug=DEMO_SLUG)
    spanish = Article.all_objects.get(slug=DEMO_SLUG_SPANISH)
    assert spanish.language == "es"
    assert spanish.translation_of == english
    assert spanish.status == Article.Status.PUBLISHED
    assert not spanish.is_translation_out_of_date()
    for part in ("sections", "faqs", "warning_signs", "figures"):
        assert getattr(spanish, part).count() == getattr(english, part).count() > 0, part
    assert [s.kind for s in spanish.sections.all()] == [s.kind for s in english.sections.all()]
    assert spanish.reading_grade is not None
    assert GlossaryTerm.objects.filter(language="es").count() == GlossaryTerm.objects.filter(language="en").count()


def test_the_demo_patient_reads_the_article_in_spanish(spanish_patient):
    response = spanish_patient.get(reverse("education:article_detail", args=[DEMO_SLUG]), follow=True)
    html = response.text
    assert response.redirect_chain == [(reverse("education:article_detail", args=[DEMO_SLUG_SPANISH]), 302)]
    assert '<html lang="es">' in html
    assert "Disponible solo en inglés" not in html
    assert "¿Cuándo ir a la sala de emergencias?" in html or "Llame al 911" in html
    assert "Sospecha de derrame cerebral" in html  # a warning sign, in Spanish
    assert "¿Cuánto tiempo se tarda en recuperarse de la MISS?" in html  # an FAQ
    assert 'class="glossary-term"' in html  # Spanish glossary words are explained in place
    assert "Su equipo de atención le pidió que lea esto." in html  # the English assignment counts


def test_the_demo_faqs_warning_signs_and_my_page_are_in_spanish(spanish_patient):
    faqs = spanish_patient.get(reverse("education:faq_list")).text
    assert "¿Puedo volver al trabajo después de la MISS?" in faqs
    assert "Minimally Invasive Spine Surgery" not in faqs
    guide = spanish_patient.get(reverse("education:warning_sign_guide")).text
    assert "Sangrado fuerte de la herida" in guide
    assert "Heavy bleeding" not in guide
    my_page = spanish_patient.get(reverse("care:my_page")).text
    assert "Cirugía de columna mínimamente invasiva (MISS)" in my_page
    assert "Disponible solo en inglés" not in my_page


def test_the_demo_estimate_is_explained_in_spanish(spanish_patient):
    """Tom's example from the article: two operations under Medicare, deductible already met."""
    query = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}
    html = spanish_patient.get(reverse("estimates:estimate"), query).text
    assert "Usted pagaría unos <strong>$495.38</strong>" in html  # one operation: the second procedure at half
    assert "Usted paga el otro 20% (su coseguro)." in html
    assert "Esto es un estimado, no una factura." in html
    assert "Fusión de la espalda baja" in html  # the procedure's Spanish plain name
    gfe = spanish_patient.post(reverse("estimates:good_faith_estimate"), query).text
    assert "Estimación de buena fe" in gfe
    assert "1-800-985-3059" in gfe
    assert "You could be charged more" not in gfe

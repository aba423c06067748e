"""A surgeon's search words are stored per language (generated columns, education migration 0035):
every write of the surgeon's text changes what search finds at once, in both languages, whatever
writes it; a Spanish reader's words and snippet come from the Spanish fields, each blank one read
as its English field; and the statement no longer works a surgeon's words out on every search."""

import pytest
from django.db import connection

from education.models import Surgeon
from education.search import search
from tests.factories import SurgeonFactory


@pytest.fixture
def surgeon(db):
    return SurgeonFactory(
        name="Dr. Ana Ortiz",
        title="Spine surgeon",
        specialties="Scoliosis in adults",
        bio="Dr. Ortiz fixes curved spines.",
        title_es="Cirujana de columna",
        specialties_es="Escoliosis en adultos",
        bio_es="La doctora Ortiz corrige columnas curvas.",
    )


def surgeons(query, language="en"):
    return [result.title for result in search(query, language).surgeons]


def test_saving_new_words_finds_them_and_not_the_old_ones(surgeon):
    assert surgeons("scoliosis") == ["Dr. Ana Ortiz"]
    surgeon.specialties = "Neck pain and arthritis"
    surgeon.save()
    assert surgeons("arthritis") == ["Dr. Ana Ortiz"]
    assert surgeons("scoliosis") == []


def test_an_update_without_save_changes_the_words_too(surgeon):
    Surgeon.objects.filter(pk=surgeon.pk).update(bio="She also treats sports injuries.")
    assert surgeons("sports injuries") == ["Dr. Ana Ortiz"]
    assert surgeons("curved") == []


def test_spanish_words_and_snippet_follow_the_spanish_fields_and_fall_back_to_english(surgeon):
    found = search("escoliosis", "es").surgeons
    assert [result.title for result in found] == ["Dr. Ana Ortiz"]
    assert "Cirujana de columna" in found[0].snippet
    assert surgeons("scoliosis", "es") == []  # the English field is not read while a Spanish one is written
    surgeon.title_es = surgeon.specialties_es = surgeon.bio_es = ""
    surgeon.save()
    found = search("curved", "es").surgeons
    assert [result.title for result in found] == ["Dr. Ana Ortiz"]
    assert "Spine surgeon" in found[0].snippet
    # The name is a word of both languages.
    assert surgeons("Ortiz", "es") == surgeons("Ortiz") == ["Dr. Ana Ortiz"]


def test_the_stored_words_are_those_worked_out_on_the_fly(surgeon):
    def words(title, specialties, bio):
        return " || ' ' || ".join(f"COALESCE({field}, '')" for field in ("name", title, specialties, bio))

    english = words("title", "specialties", "bio")
    spanish = words(*(f"COALESCE(NULLIF({field}_es, ''), {field})" for field in ("title", "specialties", "bio")))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT search_vector_en = to_tsvector('english', {english}),"  # noqa: S608 (test SQL of literals)
            f" search_vector_es = to_tsvector('spanish', {spanish}) FROM education_surgeon WHERE id = %s",
            [surgeon.pk],
        )
        assert cursor.fetchone() == (True, True)


def test_the_statement_reads_the_stored_words(surgeon, django_assert_num_queries):
    search("spine")  # the process's lexicon, built once
    with django_assert_num_queries(1) as captured:
        assert surgeons("scoliosis") == ["Dr. Ana Ortiz"]
    statement = captured.captured_queries[0]["sql"]
    assert "education_surgeon WHERE search_vector_en @@" in statement
    assert "to_tsvector(" not in statement


def test_words_an_editor_saves_in_the_admin_are_found_by_a_spanish_patient(
    client, superuser, verified_login, patient_client, surgeon
):
    """The path a person takes: the surgeon's admin form as a browser posts it, then the patient's
    search page in Spanish."""
    from django.urls import reverse

    from tests.admin_forms import posted_form
    from tests.test_spanish import switch

    verified_login(client, superuser)
    url = reverse("admin:education_surgeon_change", args=[surgeon.pk])
    form = posted_form(client.get(url).text, "surgeon_form", specialties_es="Fracturas por osteoporosis")
    assert client.post(url, form).status_code == 302

    switch(patient_client, "es")
    page = patient_client.get(reverse("education:search"), {"q": "osteoporosis"})
    assert [result.title for result in page.context_data["results"].surgeons] == ["Dr. Ana Ortiz"]
    assert "Cirujana de columna" in page.text  # the Spanish title, as the result's text
    page = patient_client.get(reverse("education:search"), {"q": "escoliosis"})
    assert page.context_data["results"].surgeons == []

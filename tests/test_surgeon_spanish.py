"""Surgeon profiles in Spanish: Spanish readers see the Spanish fields, or the English ones marked as English."""

from django.urls import reverse

from tests.factories import SurgeonFactory, surgeon_cares_for
from tests.test_spanish import switch


def spanish_surgeon():
    return SurgeonFactory(
        name="Dr. Ana Ruiz",
        title="Spine surgeon",
        title_es="Cirujana de columna",
        specialties="Neck surgery",
        specialties_es="Cirugía del cuello",
        bio="I operate on the neck.",
        bio_es="Opero el cuello.",
    )


def test_a_spanish_reader_sees_the_spanish_profile(patient_client):
    surgeon = spanish_surgeon()
    switch(patient_client, "es")
    html = patient_client.get(surgeon.get_absolute_url()).text
    assert '<p class="lead" lang="es">Cirujana de columna</p>' in html
    assert '<span lang="es">Cirugía del cuello</span>' in html
    assert '<div lang="es"><p>Opero el cuello.</p></div>' in html
    assert "I operate on the neck." not in html
    assert "Disponible solo en inglés" not in html


def test_an_english_reader_sees_the_english_profile(patient_client):
    surgeon = spanish_surgeon()
    html = patient_client.get(surgeon.get_absolute_url()).text
    assert '<p class="lead" lang="en">Spine surgeon</p>' in html
    assert "I operate on the neck." in html
    assert "Opero el cuello." not in html


def test_a_profile_not_yet_translated_is_shown_in_english_and_marked_so(patient_client):
    surgeon = SurgeonFactory(title="Spine surgeon", bio="I operate on the neck.")
    switch(patient_client, "es")
    html = patient_client.get(surgeon.get_absolute_url()).text
    assert '<div lang="en"><p>I operate on the neck.</p></div>' in html
    assert '<p class="lead" lang="en">Spine surgeon</p>' in html
    assert "Disponible solo en inglés" in html


def test_the_surgeon_list_and_my_care_team_use_the_spanish_title(patient_client, patient):
    surgeon = spanish_surgeon()
    surgeon_cares_for(patient=patient, surgeon=surgeon)
    switch(patient_client, "es")
    assert (
        '<p class="mb-1" lang="es">Cirujana de columna</p>'
        in patient_client.get(reverse("education:surgeon_list")).text
    )
    assert '<span lang="es">Cirujana de columna</span>' in patient_client.get(reverse("care:my_page")).text


def test_care_team_notes_are_marked_as_english_for_a_spanish_reader(patient_client, patient):
    from tests.factories import AssignmentFactory

    AssignmentFactory(patient=patient, note="Bring your questions.")
    switch(patient_client, "es")
    html = patient_client.get(reverse("care:my_page")).text
    assert '<span lang="en">Bring your questions.</span>' in html


def test_the_admin_shows_the_spanish_fields_in_their_own_group(client, superuser, verified_login):
    surgeon = spanish_surgeon()
    verified_login(client, superuser)
    html = client.get(reverse("admin:education_surgeon_change", args=[surgeon.pk])).text
    assert "In Spanish" in html
    for field in ("title_es", "specialties_es", "bio_es"):
        assert f'name="{field}"' in html

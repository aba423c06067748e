"""Editors keep the lay-word list for search in the admin; patients cannot reach it."""

from django.urls import reverse

from education.models import SearchSynonym

ADD = reverse("admin:education_searchsynonym_add")


def test_an_editor_adds_synonyms(client, editor, verified_login):
    verified_login(client, editor)
    response = client.post(ADD, {"language": "en", "words": "tummy, stomach"})
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(words="tummy, stomach").exists()
    assert SearchSynonym.objects.get(words="tummy, stomach").phrases() == ["tummy", "stomach"]


def test_a_single_word_is_refused_with_what_to_do(client, editor, verified_login):
    verified_login(client, editor)
    response = client.post(ADD, {"language": "en", "words": "tummy"})
    assert response.status_code == 200
    assert "Give at least two words or phrases, separated by commas." in response.text
    assert not SearchSynonym.objects.filter(words="tummy").exists()


def test_a_patient_cannot_open_the_list(patient_client):
    response = patient_client.get(reverse("admin:education_searchsynonym_changelist"))
    assert response.status_code == 302


def test_the_migration_seeds_lay_words_in_both_languages(db):
    assert SearchSynonym.objects.filter(language="en", words__contains="fever").exists()
    assert SearchSynonym.objects.filter(language="es", words__contains="fiebre").exists()

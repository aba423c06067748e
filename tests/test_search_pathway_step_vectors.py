"""A pathway step's search words are stored per language (generated columns, care migration 0013):
every write of the step's text changes what search finds at once, in both languages, whatever
writes it, and the stored words are those search worked out on the fly before."""

from django.db import connection

from care.models import PathwayStep
from education.search import search


def step_titles(query, language="en"):
    return [result.title for result in search(query, language).answers if result.type == "step"]


def test_saving_new_words_finds_them_and_not_the_old_ones(drive_step):
    assert step_titles("drive home") == ["Ask someone to drive you home"]
    drive_step.title = "Pack a bag for the hospital"
    drive_step.instructions = "Bring slippers and a list of your medicines."
    drive_step.save()
    assert step_titles("slippers medicines") == ["Pack a bag for the hospital"]
    assert step_titles("drive home") == []


def test_an_update_without_save_changes_the_words_too(drive_step):
    PathwayStep.objects.filter(pk=drive_step.pk).update(instructions="Stop smoking two weeks before.")
    assert step_titles("smoking") == ["Ask someone to drive you home"]
    assert step_titles("ride") == []


def test_spanish_words_follow_the_spanish_fields_and_fall_back_to_english(drive_step):
    assert step_titles("manejar", "es") == ["Pida a alguien que lo lleve a casa"]
    drive_step.title_es = "Prepare una maleta"
    drive_step.instructions_es = "Traiga pantuflas."
    drive_step.save()
    assert step_titles("pantuflas", "es") == ["Prepare una maleta"]
    assert step_titles("manejar", "es") == []
    # Blank Spanish fields: the step is found by its English words, read with the Spanish dictionary.
    drive_step.title_es = drive_step.instructions_es = ""
    drive_step.save()
    assert step_titles("ride", "es") == ["Ask someone to drive you home"]


def test_the_stored_words_are_those_worked_out_on_the_fly(drive_step):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector_en = setweight(to_tsvector('english', title), 'A')"
            " || setweight(to_tsvector('english', instructions), 'C'),"
            " search_vector_es = setweight(to_tsvector('spanish', COALESCE(NULLIF(title_es, ''), title)), 'A')"
            " || setweight(to_tsvector('spanish', COALESCE(NULLIF(instructions_es, ''), instructions)), 'C')"
            " FROM care_pathwaystep WHERE id = %s",
            [drive_step.pk],
        )
        assert cursor.fetchone() == (True, True)

"""The demo MISS pathway says what a spine surgeon and an anaesthetist would sign, in English and Spanish:
each step on its day, each time-critical instruction tied to the date the patient's own doctors give."""

import pytest

from care.demo import DEMO_PATHWAY_STEPS, DEMO_SURGERY_IN_DAYS

STEPS = {
    title: (days, title_es, words, words_es) for days, _kind, title, title_es, words, words_es in DEMO_PATHWAY_STEPS
}


def test_the_steps_fall_on_their_days():
    days = {title: step[0] for title, step in STEPS.items()}
    assert days["Stop smoking and nicotine now"] == -28
    assert days["Check your medicine stop dates"] == -14
    assert days["Follow your eating and drinking instructions"] == -1
    assert days["Know the warning signs before you go home"] == 0
    assert -min(days.values()) <= DEMO_SURGERY_IN_DAYS  # the demo patient is not overdue the day it loads


def test_medicine_stop_dates_cover_each_timing_and_the_prescriber():
    _days, _es, words, words_es = STEPS["Check your medicine stop dates"]
    for phrase in ("1 to 3 days", "about 5 days", "warfarin and clopidogrel", "7 to 10 days", "SGLT2",
                   "3 to 4 days", "the doctor who prescribes it gives you", "Never stop a heart or stent medicine",
                   "NSAIDs", "supplements", "weight-loss shots"):  # fmt: skip
        assert phrase in words, phrase
    for phrase in ("(medicinas para diluir la sangre)", "antiplaquetarios", "de 1 a 3 días", "unos 5 días",
                   "de 7 a 10 días", "SGLT2", "el médico que se la receta", "corazón o para un stent"):  # fmt: skip
        assert phrase in words_es, phrase


def test_fasting_step_is_about_the_clinics_instructions_not_midnight():
    _days, title_es, words, words_es = STEPS["Follow your eating and drinking instructions"]
    assert "midnight" not in words
    assert "medianoche" not in words_es
    assert "Clear drinks" in words
    assert "sip of water" in words
    assert "bebidas claras" in words_es
    assert "sorbo de agua" in words_es


@pytest.mark.parametrize(
    ("phrase", "phrase_es"), [("1-800-QUIT-NOW", "1-855-DÉJELO-YA"), ("four weeks", "cuatro semanas")]
)
def test_smoking_step_gives_the_quit_lines(phrase, phrase_es):
    _days, _es, words, words_es = STEPS["Stop smoking and nicotine now"]
    assert phrase in words
    assert phrase_es in words_es


def test_warning_sign_step_is_on_the_day_you_go_home_and_names_911():
    _days, _es, words, words_es = STEPS["Know the warning signs before you go home"]
    assert "911" in words
    assert "911" in words_es


def test_the_ride_home_step_speaks_to_men_and_women_in_spanish():
    _days, title_es, _words, words_es = STEPS["Ask someone to drive you home"]
    assert "lo/la lleve" in title_es
    assert "lo/la lleve" in words_es

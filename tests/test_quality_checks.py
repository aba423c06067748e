"""The content checks a reviewer sees: passages each check must flag and must leave alone, in English and Spanish.

Pure functions, no database: education/quality.py."""

import pytest
from django.utils import translation

from education import quality
from education.quality import ArticleText, FAQText, SectionText, WarningSignText


@pytest.fixture(autouse=True)
def in_english():
    """Labels in the report are translated when shown; these tests read them in English."""
    with translation.override("en"):
        yield


CERVICAL_63040 = "Laminotomy with nerve root decompression, re-exploration, one level, cervical"
SCHEDULE = {
    "63030": "Minimally Invasive Lumbar Discectomy (Tubular/Microdiscectomy)",
    "22612": "Minimally Invasive Lumbar Fusion (Posterior/Posterolateral)",
    "63040": CERVICAL_63040,
}


def article(language="en", body="", signs=(), faqs=(), summary="A short plain summary for the test."):
    return ArticleText(
        title="Test article",
        language=language,
        summary=summary,
        sections=(SectionText(kind="overview", heading="Overview", body=body),) if body else (),
        warning_signs=tuple(signs),
        faqs=tuple(faqs),
    )


def clinic(text, group=""):
    return WarningSignText(urgency=quality.CALL_CLINIC, text=text, group=group)


def emergency(text, group=""):
    return WarningSignText(urgency=quality.EMERGENCY, text=text, group=group)


def terms(text, language="en", glossary=()):
    return [t.term.lower() for t in quality.unexplained_terms(article(language, body=text), list(glossary))]


# ---------------------------------------------------------------- reading level


def test_a_sentence_over_20_words_is_listed_for_the_editor_to_split():
    long = (
        "Most people who have this operation go home on the same day and can walk around the house and "
        "do light chores within a week or two."
    )
    part = quality.part_grade("Recovery", f"You heal fast. {long} Then you see your surgeon.", "en")
    assert part.long_sentences == (long,)


def test_short_sentences_and_list_items_are_not_listed():
    text = "You heal fast.\n\n- Walk every day\n- Do not lift heavy things\n- Call us with any worry"
    assert quality.part_grade("Recovery", text, "en").long_sentences == ()


def test_a_section_above_grade_8_is_a_warning_and_a_plain_one_is_not():
    hard = (
        "Notwithstanding considerable intraoperative technological sophistication, postoperative "
        "rehabilitation necessitates multidisciplinary collaboration."
    )
    report = quality.article_check(article(body=hard))
    assert [part.where for part in report.grades_above_target] == ["Overview"]
    assert report.warning_count == 1
    plain = quality.article_check(article(body="You go home the same day. You walk a little more each day."))
    assert plain.grades_above_target == []


def test_spanish_is_graded_with_the_spanish_formula_and_its_long_sentences_listed():
    plain = "Usted se va a casa el mismo día. Camine un poco más cada día. Llame si tiene fiebre."
    assert quality.article_check(article("es", body=plain)).grades_above_target == []
    long = (
        "La mayoría de las personas que se hacen esta operación se van a casa el mismo día y pueden caminar "
        "por la casa en una semana."
    )
    assert quality.part_grade("Recuperación", f"Sana rápido. {long}", "es").long_sentences == (long,)


def test_every_part_a_patient_reads_gets_a_grade():
    text = ArticleText(
        title="T",
        language="en",
        summary="A short summary you can read.",
        sections=(SectionText("overview", "Overview", "You heal fast. You walk soon."),),
        figures=(quality.FigureText("A drawing of the spine", "It shows the bones."),),
        warning_signs=(clinic("A fever over 101 degrees"), emergency("Heavy bleeding from the wound")),
        faqs=(FAQText("Will it hurt?", "A little. Medicine helps."),),
    )
    wheres = [part.where for part in quality.reading_level(text)]
    assert wheres == [
        "Summary at the top",
        "Overview",
        "Figure: A drawing of the spine",
        "Warning signs: call the clinic",
        "Warning signs: emergency",
        "Questions and answers",
    ]


# ---------------------------------------------------------------- unexplained terms


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The surgeon uses tubular tools.", "tubular"),
        ("The screws are cannulated.", "cannulated"),
        ("You may need a bone graft.", "bone graft"),
        ("Tell us if you have sleep apnea.", "sleep apnea"),
        ("You will have a CT scan.", "ct scan"),
        ("Your MRI shows the nerves.", "mri"),
        ("A torn ligament can hurt.", "ligament"),
    ],
)
def test_a_medical_word_used_without_explanation_is_flagged(text, term):
    assert term in terms(text)


@pytest.mark.parametrize(
    "text",
    [
        "The surgeon works through a narrow tube (tubular surgery).",
        "The surgeon uses tubular (tube-shaped) tools.",
        "A ligament is a band that holds two bones together.",
        "The screws are hollow, so-called cannulated screws, and a wire guides them.",
        "The bones are held by hollow screws, called cannulated screws.",
        "We act on facts, and the doctor will talk about it.",  # 'ct' inside words, lower case: no acronym
    ],
)
def test_a_medical_word_explained_in_its_sentence_is_not_flagged(text):
    assert terms(text) == []


def test_a_word_in_the_glossary_is_not_flagged_in_any_plural():
    assert terms("You may need bone grafts.", glossary=["Bone graft"]) == []
    assert terms("You may need a bone graft.", glossary=["Graft", "bone graft"]) == []


def test_only_the_first_use_needs_the_explanation():
    assert terms("An MRI (a scan with a magnet) shows the nerves. Your MRI is ready in a day.") == []
    assert terms("Your MRI is ready in a day. An MRI (a scan with a magnet) shows the nerves.") == ["mri"]


def test_a_question_counts_as_explained_by_its_answer():
    faq = FAQText("What does augmented reality do?", "Augmented reality (AR) lays a picture over the view.")
    assert quality.unexplained_terms(article(faqs=[faq]), []) == []


def test_billing_names_on_cost_lines_are_left_to_the_procedure_check():
    assert terms("- CPT 22558 – Minimally Invasive Anterior Lumbar Interbody Fusion (ALIF)/OLIF/XLIF: $368.50") == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("El cirujano usa herramientas tubulares.", "tubulares"),
        ("Puede necesitar un injerto de hueso.", "injerto de hueso"),
        ("Dígale si tiene apnea del sueño.", "apnea del sueño"),
        ("Un ligamento roto puede doler.", "ligamento"),
        ("Le harán una tomografía mañana.", "tomografía"),
    ],
)
def test_a_spanish_medical_word_used_without_explanation_is_flagged(text, term):
    assert term in terms(text, "es")


@pytest.mark.parametrize(
    "text",
    [
        "El cirujano trabaja por un tubo angosto (cirugía tubular).",
        "Un ligamento es una banda que une dos huesos.",
        "Los tornillos son huecos, llamados canulados por los cirujanos.",
        "Una tomografía (una serie de radiografías) muestra los huesos.",
    ],
)
def test_a_spanish_medical_word_explained_in_its_sentence_is_not_flagged(text):
    assert terms(text, "es") == []


def test_a_spanish_word_in_the_spanish_glossary_is_not_flagged():
    assert terms("Puede necesitar injertos de hueso.", "es", glossary=["Injerto de hueso"]) == []


def test_each_unexplained_term_links_to_a_prefilled_glossary_form():
    (term,) = quality.unexplained_terms(article(body="Your MRI shows the nerves."), [])
    assert term.add_to_glossary_url == "/admin/education/glossaryterm/add/?term=MRI&slug=mri&language=en"
    (spanish,) = quality.unexplained_terms(article("es", body="Un ligamento roto duele."), [])
    assert spanish.add_to_glossary_url.endswith("?term=Ligamento&slug=ligamento&language=es")


# ---------------------------------------------------------------- red-flag triage


def flagged(signs, language="en"):
    return [flag.sign for flag in quality.red_flags(article(language, signs=signs))]


@pytest.mark.parametrize(
    "sign",
    [
        clinic("Numbness in the groin or between the legs"),
        clinic("More numbness, or numbness around the genitals"),
        clinic("New loss of bladder or bowel control"),
        clinic("Trouble passing urine"),
        clinic("Sudden weakness in both legs"),
        clinic("Not being able to feel or move your fingers or toes"),
        clinic("Chest pain"),
        clinic("Trouble breathing"),
        clinic("Feeling confused"),
        clinic("Face drooping on one side", group="Suspected stroke"),
    ],
)
def test_an_emergency_symptom_under_call_the_clinic_is_flagged(sign):
    assert flagged([sign]) == [quality._sign_text(sign)]


@pytest.mark.parametrize(
    "text",
    [
        "A temperature over 101 degrees Fahrenheit",
        "More pain or soreness near the cut",
        "More numbness in the leg that hurt before surgery",
        "Trouble sleeping",
        "Pain medicine that is not helping enough",
        "Very bad constipation",
    ],
)
def test_an_ordinary_call_the_clinic_sign_is_not_flagged(text):
    assert flagged([clinic(text)]) == []


def test_emergency_symptoms_already_under_the_emergency_room_are_not_flagged():
    assert flagged([emergency("Chest pain"), emergency("Trouble breathing", group="Suspected blood clot")]) == []


@pytest.mark.parametrize(
    "sign",
    [
        clinic("Entumecimiento en la ingle o en los genitales"),
        clinic("Pérdida nueva del control de la vejiga o del intestino"),
        clinic("Problemas para orinar"),
        clinic("Debilidad repentina en las piernas"),
        clinic("No poder sentir o mover los dedos de las manos o de los pies"),
        clinic("Dolor fuerte en el pecho"),
        clinic("Dificultad para respirar"),
        clinic("Confusión"),
        clinic("La cara se cae de un lado", group="Sospecha de derrame cerebral"),
    ],
)
def test_a_spanish_emergency_symptom_under_call_the_clinic_is_flagged(sign):
    assert flagged([sign], "es") == [quality._sign_text(sign)]


@pytest.mark.parametrize(
    "text",
    [
        "Una temperatura de más de 101 grados Fahrenheit",
        "Más dolor cerca del corte",
        "Más entumecimiento en la pierna",
        "Problemas para dormir",
    ],
)
def test_an_ordinary_spanish_call_the_clinic_sign_is_not_flagged(text):
    assert flagged([clinic(text)], "es") == []


def test_spanish_emergency_symptoms_under_the_emergency_room_are_not_flagged():
    assert flagged([emergency("Dolor en el pecho"), emergency("Dificultad para respirar")], "es") == []


# ---------------------------------------------------------------- procedure names


def names(text, language="en", schedule=SCHEDULE):
    report = quality.procedure_names(article(language, body=text), schedule)
    return [(p.cpt, p.name_in_text, p.schedule_name) for p in report]


def test_a_code_named_for_another_part_of_the_spine_is_flagged():
    text = "- CPT 63040 – Minimally Invasive Thoracic Discectomy: $335.83"
    assert names(text) == [("63040", "Minimally Invasive Thoracic Discectomy", CERVICAL_63040)]


def test_a_code_named_as_another_operation_is_flagged():
    assert names("He had a lumbar fusion (CPT 63030).") == [("63030", "He had a lumbar fusion", SCHEDULE["63030"])]


def test_a_code_reworded_in_plain_words_is_not_flagged():
    text = (
        "- CPT 63030 – Minimally Invasive Lumbar Discectomy (Tubular/Microdiscectomy): $225.06\n\n"
        "He had a lumbar discectomy (CPT 63030) and a lumbar fusion (CPT 22612)."
    )
    assert names(text) == []


def test_a_spanish_name_is_compared_with_the_english_schedule():
    flagged_line = "- Código CPT 63040 – Discectomía torácica mínimamente invasiva: $335.83"
    assert [cpt for cpt, *_ in names(flagged_line, "es")] == ["63040"]
    assert names("Le hicieron una discectomía lumbar (CPT 63030) y una fusión lumbar (CPT 22612).", "es") == []


def test_a_code_missing_from_the_schedule_is_flagged_and_nothing_without_a_schedule():
    assert names("- CPT 99999 – Something new: $10.00") == [("99999", "Something new", "")]
    assert names("- CPT 63040 – Minimally Invasive Thoracic Discectomy: $335.83", schedule={}) == []


# ---------------------------------------------------------------- PEMAT-P


def answers(**overrides):
    base = {item.number: quality.AGREE for item in quality.PEMAT_ITEMS}
    base.update({int(number.removeprefix("i")): answer for number, answer in overrides.items()})
    return base


def test_pemat_p_has_17_understandability_and_7_actionability_items():
    domains = [item.domain for item in quality.PEMAT_ITEMS]
    assert domains.count(quality.UNDERSTANDABILITY) == 17
    assert domains.count(quality.ACTIONABILITY) == 7
    assert {13, 14} & {item.number for item in quality.PEMAT_ITEMS} == set()  # audio and video only


def test_pemat_scores_are_agreed_items_over_items_that_apply():
    assert quality.pemat_scores(answers()) == (100, 100)
    five_disagree = {f"i{n}": quality.DISAGREE for n in (1, 2, 3, 4, 5)}
    # 12 of 17 = 70.59% -> 71 (half up); actionability: 3 of 5 once two items do not apply.
    understandability, actionability = quality.pemat_scores(
        answers(**five_disagree, i24="na", i25="na", i20="disagree", i21="disagree")
    )
    assert (understandability, actionability) == (71, 60)
    assert not quality.pemat_below_target(understandability)
    assert quality.pemat_below_target(actionability)


def test_pemat_with_nothing_that_applies_has_no_score():
    assert quality.pemat_score({}, quality.ACTIONABILITY) is None
    assert not quality.pemat_below_target(None)

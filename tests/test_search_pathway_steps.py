"""Published pathway steps are searchable (issue 31): a patient on the pathway opens their own dated
step; anyone else sees the step's words and is told to ask their care team whether it applies."""

from datetime import date

from django.urls import reverse

from care import services
from care.models import PatientStep
from education import search
from tests.factories import PatientFactory

NOTE = "Ask your care team whether this applies to you."


def step_results(client, query):
    response = client.get(reverse("education:search"), {"q": query})
    assert response.status_code == 200
    return response, [result for result in response.context_data["results"].answers if result.type == "step"]


def test_a_patient_on_the_pathway_finds_and_opens_their_own_step(client, patient, drive_step):
    pathway = services.pathway_enrol(patient=patient, template=drive_step.template, surgery_date=date(2026, 12, 30))
    own = PatientStep.objects.get(pathway=pathway, step=drive_step)
    client.force_login(patient)
    response, steps = step_results(client, "can I drive after surgery")
    assert [step.title for step in steps] == ["Ask someone to drive you home"]
    assert steps[0].url == f"{reverse('care:my_page')}#step-{own.pk}"
    assert steps[0] in response.context_data["results"].answers[:3]
    assert NOTE not in response.text
    # The step's own page sends them to their dated step too.
    page = client.get(reverse("care:pathway_step", args=[drive_step.pk]))
    assert page.status_code == 302
    assert page["Location"].endswith(f"#step-{own.pk}")


def test_a_patient_not_on_the_pathway_sees_the_step_with_ask_your_care_team(client, drive_step):
    client.force_login(PatientFactory())
    response, steps = step_results(client, "can I drive after surgery")
    assert steps[0].url == reverse("care:pathway_step", args=[drive_step.pk])
    assert NOTE in response.text
    page = client.get(steps[0].url)
    assert page.status_code == 200
    assert "You cannot drive after surgery." in page.text
    assert NOTE in page.text


def test_a_spanish_reader_finds_the_step_in_spanish_without_accents(client, drive_step):
    reader = PatientFactory(preferred_language="es")
    client.force_login(reader)
    response, steps = step_results(client, "cuando puedo manejar despues de la cirugia")
    assert [step.title for step in steps] == ["Pida a alguien que lo lleve a casa"]
    assert "Pregunte a su equipo de atención si esto le corresponde a usted." in response.text


def test_a_step_of_an_unpublished_pathway_is_never_found(client, drive_step):
    drive_step.template.status = "draft"
    drive_step.template.save()
    client.force_login(PatientFactory())
    assert step_results(client, "can I drive after surgery")[1] == []
    assert client.get(reverse("care:pathway_step", args=[drive_step.pk])).status_code == 404


def test_another_patient_on_the_same_pathway_opens_their_own_step_never_the_first_ones(client, patient, drive_step):
    surgery = date(2026, 12, 30)
    mine = services.pathway_enrol(patient=patient, template=drive_step.template, surgery_date=surgery)
    other = PatientFactory()
    theirs = services.pathway_enrol(patient=other, template=drive_step.template, surgery_date=surgery)
    own = PatientStep.objects.get(pathway=theirs, step=drive_step)
    client.force_login(other)
    response, steps = step_results(client, "can I drive after surgery")
    assert [step.url for step in steps] == [f"{reverse('care:my_page')}#step-{own.pk}"]
    assert f"#step-{PatientStep.objects.get(pathway=mine, step=drive_step).pk}" not in response.text


def test_steps_are_found_in_the_ranking_statement_not_one_of_their_own(patient, drive_step, django_assert_num_queries):
    """Issue 35, round 5: the steps are a branch of search's ranking statement, so a warm search that
    finds only a step sends that one statement (a step's snippet is made from its row); it sent two."""
    services.pathway_enrol(patient=patient, template=drive_step.template, surgery_date=date(2026, 12, 30))
    search.search("can I drive after surgery", "en", user=patient)  # the lexicon, once per content version
    with django_assert_num_queries(1) as captured:
        results = search.search("can I drive after surgery", "en", user=patient)
    assert [result.title for result in results.answers if result.type == "step"] == ["Ask someone to drive you home"]
    assert "care_pathwaystep" in captured.captured_queries[0]["sql"]

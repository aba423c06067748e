from django.urls import reverse

from tests.conftest import WORKED_EXAMPLE


def test_the_page_reproduces_the_worked_example_with_table_chart_and_explanation(patient_client, schedule):
    response = patient_client.get(reverse("estimates:estimate"), WORKED_EXAMPLE)
    assert response.status_code == 200
    html = response.text
    assert "$495.38" in html  # one operation: $382.85 + 20% of $562.65
    assert "$112.53" in html  # 20% of half of $1,125.30
    assert "Full amount $1,125.30, paid at 50%." in html
    assert '<rect class="bar-medicare" x="0" width="80"' in html
    assert '<rect class="bar-patient" x="80" width="20"' in html
    assert "How we worked it out" in html
    assert "Save to my page" in html


def test_the_article_link_preselects_procedures(patient_client, schedule):
    html = patient_client.get(reverse("estimates:estimate"), {"procedure": ["63030"]}).text
    assert 'value="63030" class="form-check-input" id="id_procedure_0_0" checked' in html or (
        'value="63030"' in html and "checked" in html
    )
    assert "See the example from the article" in html


def test_form_errors_are_shown_by_their_fields_with_a_400(patient_client, schedule):
    response = patient_client.get(reverse("estimates:estimate"), {"coverage": "medicare", "deductible_remaining": "-3"})
    assert response.status_code == 400
    assert "Choose at least one procedure." in response.text
    assert "Enter 0 or more." in response.text


def test_procedures_are_offered_by_plain_name_grouped_by_region(patient_client, schedule):
    html = patient_client.get(reverse("estimates:estimate")).text
    assert "Lower back disc surgery (CPT 63030)" in html
    assert "Lower back (lumbar spine)" in html


def test_a_procedure_without_a_spanish_name_is_marked_english_for_a_spanish_reader(patient_client, schedule):
    from estimates.models import Procedure

    Procedure.objects.filter(cpt_code="63030").update(plain_name_es="Cirugía de disco en la espalda baja")
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    html = patient_client.get(reverse("estimates:estimate")).text
    assert "Cirugía de disco en la espalda baja (CPT 63030)" in html
    assert (
        '<span lang="en">Lower back fusion</span> (CPT 22612) '
        '<span class="badge text-bg-warning">Disponible solo en inglés</span>'
    ) in html


def test_the_page_takes_a_fixed_number_of_queries(patient_client, schedule, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        patient_client.get(reverse("estimates:estimate"), WORKED_EXAMPLE)


def test_no_active_schedule_says_to_call_billing(patient_client, schedule):
    schedule.is_active = False
    schedule.save()
    html = patient_client.get(reverse("estimates:estimate")).text
    assert "Please call billing" in html


def test_without_a_script_every_amount_field_is_there_and_says_which_insurance_it_is_for(patient_client, schedule):
    html = patient_client.get(reverse("estimates:estimate")).text
    assert 'data-coverages="medicare medicare_supplement medicare_secondary"' in html
    assert 'data-coverages="no_fault"' in html
    for hint in [
        "Only for Medicare.",
        "Only for a Medicare supplement plan.",
        "Only for a secondary plan",
        "Only for a car",
    ]:
        assert hint in html
    assert (
        " hidden" not in html.split("estimate-form")[1].split("</form>")[0]
    )  # the server hides nothing; the script only shows and hides
    assert '<script src="/static/js/estimate.js" defer></script>' in html
    assert "<script>" not in html  # no inline script (the Content Security Policy forbids them)

"""From an article, the calculator opens with nothing ticked and the article's procedures
listed first; the other procedures follow by region from head to tail."""

import re
from datetime import date

from django.urls import reverse

from estimates.models import Fee
from portal.choices import BodyRegion
from tests.factories import ProcedureFactory


def add_neck_and_mid_back(schedule):
    for code, name, region in [
        ("63020", "Neck disc surgery", BodyRegion.CERVICAL),
        ("63040", "Mid-back", BodyRegion.THORACIC),
    ]:
        Fee.objects.create(
            schedule=schedule,
            procedure=ProcedureFactory(cpt_code=code, plain_name=name, body_region=region),
            medicare_approved="1000.00",
        )


def test_suggested_procedures_come_first_and_nothing_is_ticked(patient_client, schedule):
    add_neck_and_mid_back(schedule)
    response = patient_client.get(reverse("estimates:estimate"), {"suggest": ["22612", "63030"]})
    assert response.status_code == 200
    html = response.text
    assert "checked" not in re.sub(r'<input type="radio"[^>]*>', "", html)  # no procedure ticked
    suggested = html.index("Suggested for what you were reading")
    assert suggested < html.index("Lower back fusion (CPT 22612)") < html.index("Lower back disc surgery (CPT 63030)")
    assert html.index("Lower back disc surgery (CPT 63030)") < html.index("Neck (cervical spine)")
    assert len(re.findall(r'<input type="checkbox"[^>]*value="63030"', html)) == 1  # not again under its region
    assert '<input type="hidden" name="suggest" value="22612">' in html  # kept when the form is sent


def test_suggestions_are_kept_after_the_estimate_is_worked_out(patient_client, schedule):
    html = patient_client.get(
        reverse("estimates:estimate"),
        {"suggest": "63030", "procedure": "63030", "coverage": "medicare", "deductible_remaining": "0"},
    ).text
    assert "$225.06" in html
    assert html.index("Suggested for what you were reading") < html.index("Lower back disc surgery (CPT 63030)")


def test_bad_or_unknown_suggestions_are_ignored(patient_client, schedule):
    response = patient_client.get(reverse("estimates:estimate"), {"suggest": ["<b>", "99999", "6303"]})
    assert response.status_code == 200
    assert "Suggested for what you were reading" not in response.text


def test_regions_are_listed_from_head_to_tail(patient_client, schedule):
    add_neck_and_mid_back(schedule)
    html = patient_client.get(reverse("estimates:estimate")).text
    neck, mid, lower = (html.index(label) for label in ["Neck (cervical", "Upper and mid back", "Lower back (lumbar"])
    assert neck < mid < lower


def test_the_page_with_suggestions_takes_a_fixed_number_of_queries(
    patient_client, schedule, django_assert_max_num_queries
):
    add_neck_and_mid_back(schedule)
    with django_assert_max_num_queries(6):
        patient_client.get(reverse("estimates:estimate"), {"suggest": ["63030", "22612", "63020"]})


def test_a_procedure_with_an_unknown_region_is_listed_last_not_a_500(patient_client, schedule):
    from estimates.models import Procedure

    Procedure.objects.filter(cpt_code="22612").update(body_region="")
    response = patient_client.get(reverse("estimates:estimate"))
    assert response.status_code == 200
    assert response.text.index("(CPT 63030)") < response.text.index("(CPT 22612)")


def test_the_operation_the_care_team_planned_comes_first_for_that_patient_only(
    client, patient, other_patient, schedule
):
    from care import services as care_services
    from care.models import PathwayProcedure
    from tests.factories import PathwayTemplateFactory

    add_neck_and_mid_back(schedule)
    pathway = care_services.pathway_enrol(
        patient=patient, template=PathwayTemplateFactory(status="published"), surgery_date=date(2027, 1, 15)
    )
    PathwayProcedure.objects.create(pathway=pathway, procedure=schedule.fees.get(procedure__cpt_code="22612").procedure)

    client.force_login(patient)
    html = client.get(reverse("estimates:estimate")).text
    assert "checked" not in re.sub(r'<input type="radio"[^>]*>', "", html)  # suggested, never ticked
    assert html.index("Planned for you by your care team") < html.index("Lower back fusion (CPT 22612)")
    assert html.index("Lower back fusion (CPT 22612)") < html.index("Neck (cervical spine)")
    # Working it out keeps the heading; an article's suggestions still win when the patient came from one.
    sent = client.get(
        reverse("estimates:estimate"),
        {"suggest": "22612", "planned": "1", "procedure": "22612", "coverage": "medicare", "deductible_remaining": "0"},
    ).text
    assert "Planned for you by your care team" in sent
    from_article = client.get(reverse("estimates:estimate"), {"suggest": "63030"}).text
    assert "Suggested for what you were reading" in from_article

    client.force_login(other_patient)  # another patient's plan is not theirs
    assert "Planned for you by your care team" not in client.get(reverse("estimates:estimate")).text

"""Steps changed in a pathway template can be applied to patients already on it: staff see what would
change, choose whom, and confirm; done steps stay done, steps not done yet move to their new day."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from care import services
from care.models import PatientStep
from tests.factories import PathwayStepFactory, PathwayTemplateFactory, PatientFactory

SURGERY = date(2027, 3, 1)


@pytest.fixture
def on_pathway(db):
    template = PathwayTemplateFactory()
    done = PathwayStepFactory(template=template, days_from_surgery=-10, title="Tests done")
    waiting = PathwayStepFactory(template=template, days_from_surgery=-7, title="Stop blood thinners")
    first, second = PatientFactory(), PatientFactory()
    pathways = [services.pathway_enrol(patient=p, template=template, surgery_date=SURGERY) for p in (first, second)]
    PatientStep.objects.filter(step=done).update(done_at=timezone.now())
    # The reviewer changes the template after both patients joined.
    done.days_from_surgery, waiting.days_from_surgery = -12, -14
    done.save()
    waiting.save()
    new = PathwayStepFactory(template=template, days_from_surgery=-28, title="Stop smoking and nicotine now")
    return template, pathways, new


def post_action(client, template, **extra):
    return client.post(
        reverse("admin:care_pathwaytemplate_changelist"),
        {"action": "apply_to_patients", "_selected_action": [template.pk], **extra},
    )


def test_staff_see_what_would_change_before_confirming(client, reviewer, on_pathway, verified_login):
    template, pathways, _new = on_pathway
    verified_login(client, reviewer)
    response = post_action(client, template)
    assert response.status_code == 200
    assert "Stop smoking and nicotine now" in response.text
    assert "Stop blood thinners" in response.text  # moves from 22 to 15 February
    assert "Tests done" not in response.text  # done: it stays as it was
    assert all(pathway.steps.count() == 2 for pathway in pathways)  # nothing changed yet


def test_confirming_applies_to_the_chosen_patients_only_and_done_steps_stay_done(
    client, reviewer, on_pathway, verified_login
):
    template, (chosen, other), new = on_pathway
    verified_login(client, reviewer)
    response = post_action(client, template, apply="1", pathway=[chosen.pk])
    assert response.status_code == 302
    steps = {s.step.title: s for s in chosen.steps.select_related("step")}
    assert steps["Stop smoking and nicotine now"].due_date == date(2027, 2, 1)
    assert steps["Stop blood thinners"].due_date == date(2027, 2, 15)
    assert steps["Tests done"].due_date == date(2027, 2, 19)
    assert steps["Tests done"].done_at is not None
    assert not other.steps.filter(step=new).exists()
    assert other.steps.get(step__title="Stop blood thinners").due_date == date(2027, 2, 22)


def test_editors_cannot_apply_changes(client, editor, on_pathway, verified_login):
    template, (chosen, _other), new = on_pathway
    verified_login(client, editor)
    post_action(client, template, apply="1", pathway=[chosen.pk])
    assert not chosen.steps.filter(step=new).exists()


def test_applying_twice_changes_nothing_more(on_pathway):
    _template, (chosen, _other), _new = on_pathway
    assert services.pathway_apply_template(pathway=chosen)
    assert not services.pathway_apply_template(pathway=chosen)
    assert chosen.steps.count() == 3


def test_a_reviewer_sees_and_changes_only_their_care_teams_patients(client, on_pathway, verified_login):
    """Need to know (issue 29): patients of other care teams are neither listed nor changed."""
    from tests.factories import CareTeamFactory, team_member

    template, (mine, theirs), new = on_pathway
    team = CareTeamFactory(name="Spine")
    team.patients.create(patient=mine.patient)
    verified_login(client, team_member(team=team, role="Medical reviewer"))
    response = post_action(client, template)
    assert [change.pathway for change in response.context["changes"]] == [mine]
    assert str(theirs.patient) not in response.text
    post_action(client, template, apply="1", pathway=[mine.pk, theirs.pk])
    assert mine.steps.filter(step=new).exists()
    assert not theirs.steps.filter(step=new).exists()

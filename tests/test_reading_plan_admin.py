import csv
import io

from django.urls import reverse

from care.models import Assignment, ReadingPlan
from tests.factories import ArticleFactory, AssignmentFactory


def test_bulk_action_assigns_a_plan_to_selected_patients(client, reviewer, patient, other_patient, verified_login):
    plan = ReadingPlan.objects.create(name="Before your fusion")
    plan.items.create(article=ArticleFactory(title="Getting ready"), order=1)
    verified_login(client, reviewer)
    url = reverse("admin:accounts_user_changelist")
    selected = [patient.pk, other_patient.pk]
    page = client.post(url, {"action": "assign_reading_plan", "_selected_action": selected})
    assert "Assign a reading plan" in page.text
    client.post(
        url,
        {
            "action": "assign_reading_plan",
            "_selected_action": selected,
            "apply": "1",
            "plan": plan.pk,
            "due": "before_surgery",
            "note": "Please read this week.",
        },
    )
    assert Assignment.objects.filter(plan=plan, due="before_surgery").count() == 2


def test_completion_report_exports_csv(client, reviewer, patient, verified_login):
    AssignmentFactory(patient=patient, article__title="Recovery guide")
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:care_assignment_changelist"),
        {"action": "export_csv", "_selected_action": list(Assignment.objects.values_list("pk", flat=True))},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["patient", "email", "plan", "article", "state", "assigned", "opened", "finished"]
    assert rows[1][1:5] == [patient.email, "", "Recovery guide", "new"]


def test_editors_cannot_see_patients_assignments(client, editor, verified_login):
    verified_login(client, editor)
    assert client.get(reverse("admin:care_assignment_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_reviewers_cannot_make_anyone_staff_or_superuser(client, reviewer, patient, verified_login):
    verified_login(client, reviewer)
    html = client.get(reverse("admin:accounts_user_change", args=[patient.pk])).text
    assert 'name="is_superuser"' not in html
    assert 'name="groups"' not in html

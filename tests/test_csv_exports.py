"""Every CSV export goes through one writer that never lets a spreadsheet run a cell as a formula."""

import csv
import io

import pytest
from django.urls import reverse

from care.models import Assignment, ReadingPlan
from estimates.models import Procedure
from portal.audit.models import AuditEvent
from portal.csv_safe import SafeWriter, safe_cell
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","Click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_a_leading_apostrophe(start):
    assert safe_cell(start + "1+1") == "'" + start + "1+1"


def test_plain_text_and_numbers_are_written_as_they_are():
    assert safe_cell("Ana") == "Ana"
    assert safe_cell(-5) == -5
    assert safe_cell(None) == ""
    stream = io.StringIO()
    SafeWriter(stream).writerow(["a", "=1", 2])
    assert stream.getvalue() == "a,'=1,2\r\n"


def test_assignments_export_quotes_plan_names_patient_names_and_titles(client, reviewer, patient, verified_login):
    patient.first_name, patient.last_name = "@SUM(A1:A9)", "-2+3"
    patient.save()
    plan = ReadingPlan.objects.create(name=FORMULA)
    AssignmentFactory(patient=patient, plan=plan, article__title="+cmd|' /C calc'!A0")
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:care_assignment_changelist"),
        {"action": "export_csv", "_selected_action": list(Assignment.objects.values_list("pk", flat=True))},
    )
    row = list(csv.reader(io.StringIO(response.content.decode())))[1]
    assert row[0] == "'@SUM(A1:A9) -2+3"
    assert row[2] == "'" + FORMULA
    assert row[3] == "'+cmd|' /C calc'!A0"


def test_fee_export_quotes_names_starting_with_a_tab(client, billing, verified_login, schedule):
    Procedure.objects.filter(cpt_code="63030").update(official_name="\t=1+1")
    verified_login(client, billing)
    response = client.post(
        reverse("admin:estimates_feeschedule_changelist"), {"action": "export_csv", "_selected_action": [schedule.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[3] for row in rows if row[2] == "63030"] == ["'\t'=1+1"]  # split on tabs, = starts a cell


def test_every_export_is_recorded_with_who_and_how_many_rows(client, billing, verified_login, schedule):
    verified_login(client, billing)
    client.post(
        reverse("admin:estimates_feeschedule_changelist"), {"action": "export_csv", "_selected_action": [schedule.pk]}
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.CSV_EXPORTED)
    assert (event.actor_email, event.detail) == (billing.email, {"export": "fees", "rows": 2})

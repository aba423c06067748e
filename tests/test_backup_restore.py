"""The backup and restore commands round-trip the demo data with nothing lost."""

from io import StringIO

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from care import services as care_services
from care.models import Assignment, Bookmark, PatientQuestion
from education import demo as education_demo
from education.models import Article
from portal import backups
from portal.accounts.models import User
from portal.audit.models import AuditEvent


def snapshot() -> dict[str, list]:
    """Every row of every table (pg_dump keeps everything), foreign keys by natural key where the target has one."""
    rows = {}
    for model in apps.get_models():
        query = model._default_manager.order_by("pk")
        rows[model._meta.label_lower] = serializers.serialize("python", query, use_natural_foreign_keys=True)
    return rows


@pytest.fixture
def demo_data(settings, patient_client):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    patient = User.objects.get(email="patient@example.com")
    article = Article.all_objects.get(slug=education_demo.DEMO_SLUG)
    assignment = Assignment.objects.get(patient=patient, article=article)  # from the demo reading plan
    care_services.assignment_finish(assignment=assignment)
    Bookmark.objects.create(patient=patient, article=article)
    PatientQuestion.objects.create(patient=patient, assignment=assignment, text="Can I drive after two weeks?")
    TOTPDevice.objects.create(user=User.objects.get(email="editor@example.com"), name="Phone", confirmed=True)
    assert AuditEvent.objects.count() >= 3
    assert article.revisions.exists()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_every_row(demo_data, tmp_path):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 100
    path = tmp_path / f"portal{backups.suffix()}"
    call_command("backup", str(path), stderr=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.all_objects.exists()
    call_command("restore", str(path), "--yes", stderr=StringIO())
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert changed == []
    assert User.objects.get(email="patient@example.com").check_password("demo-patient-pass")


@pytest.mark.django_db
def test_restore_asks_for_confirmation_and_a_real_file(tmp_path):
    with pytest.raises(CommandError, match="There is no backup"):
        call_command("restore", str(tmp_path / f"missing{backups.suffix()}"), "--yes")
    path = tmp_path / f"portal{backups.suffix()}"
    path.write_text("")
    with pytest.raises(CommandError, match="Run again with --yes"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_a_backup_file_must_be_named_for_its_tool(tmp_path):
    wrong = ".xml"
    with pytest.raises(CommandError, match=f"name the backup file with {backups.suffix()}"):
        call_command("backup", str(tmp_path / f"portal{wrong}"), stderr=StringIO())

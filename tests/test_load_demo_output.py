"""`make run` ends with "log in with a demo account above" (issue 34): load_demo prints its summary,
then the demo logins last; the reminder tasks that run as the data commits print nothing."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command

from portal.management.commands.load_demo import DEMO_ACCOUNTS
from tests.conftest import restore_migration_data


@pytest.fixture(scope="module", autouse=True)
def _restore_after_the_transactional_test(django_db_setup, django_db_blocker):
    """The transactional test empties every table when it ends; put back what migrations made."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.mark.django_db(transaction=True)  # the reminders run when load_demo's data commits
def test_the_logins_are_the_last_lines_and_no_task_line_is_printed(settings, capsys, caplog):
    settings.DEBUG = True
    settings.CARE_QUIET_HOURS = (0, 0)
    settings.CARE_REMINDER_HOUR = 0  # every reminder due today is due now
    out = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("load_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    logins = lines[-len(DEMO_ACCOUNTS) :]
    assert lines[-len(DEMO_ACCOUNTS) - 1] == "Demo accounts (development only):"
    assert [line.split()[-2:] for line in logins] == [[email, password] for email, *_, password in DEMO_ACCOUNTS]
    assert lines[0].startswith("Loaded ")
    assert any(line.startswith("Ran ") and "reminder tasks" in line for line in lines)
    assert not [r for r in caplog.records if r.name.startswith("django_tasks") and r.levelno < logging.WARNING]
    captured = capsys.readouterr()
    assert "Task id=" not in captured.out + captured.err

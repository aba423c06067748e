import io
import logging
from contextlib import contextmanager, redirect_stdout

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks.signals import task_finished

from care import demo as care_demo
from education import demo as education_demo
from estimates import demo as estimates_demo
from outcomes import demo as outcomes_demo
from portal.accounts.models import User
from portal.accounts.roles import Role

# Demo accounts for a developer's machine only. The passwords are printed,
# never used anywhere else, and the command refuses to run with DEBUG off.
DEMO_ACCOUNTS = [
    # email, first name, last name, role, password
    ("patient@example.com", "Pat", "Rivera", Role.PATIENT, "demo-patient-pass"),
    ("patient2@example.com", "Sam", "Lee", Role.PATIENT, "demo-patient2-pass"),
    ("editor@example.com", "Erin", "Editor", Role.EDITOR, "demo-editor-pass1"),
    ("reviewer@example.com", "Vedant", "Vaksha", Role.MEDICAL_REVIEWER, "demo-reviewer-pass"),
    ("billing@example.com", "Bill", "Ing", Role.BILLING, "demo-billing-pass1"),
    # The demo surgeon's care team (issue 29): they see only the team's patients.
    ("nurse@example.com", "Nora", "Reyes", Role.CARE_TEAM, "demo-nurse-pass1"),
    ("coordinator@example.com", "Cole", "Park", Role.CARE_TEAM, "demo-coordinator-pass"),
    # Pat's caregiver (issue 32): a patient-side account Pat shared their page with.
    ("caregiver@example.com", "Chris", "Rivera", Role.PATIENT, "demo-caregiver-pass"),
]
DEMO_TEAM_STAFF = [("nurse@example.com", "nurse"), ("coordinator@example.com", "coordinator")]


# The demo reviewer is the demo article's surgeon, so publishing records him.
DEMO_REVIEWER = "reviewer@example.com"
DEMO_PATIENT = "patient@example.com"
DEMO_CAREGIVER = "caregiver@example.com"  # not a patient of the clinic: not in its care team


class Command(BaseCommand):
    help = "Load the demo content and demo accounts. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Load content only, no demo accounts.")

    def handle(self, *args, no_accounts=False, **options):
        if not no_accounts and not settings.DEBUG:
            raise CommandError(
                "Demo accounts have known passwords, so they are only made with DJANGO_DEBUG=true. "
                "Use --no-accounts to load the content alone."
            )
        # Reminders due today run when the data commits; in development each prints an email and
        # two task lines. They stay quiet here so the summary, then the logins, are the last words.
        tasks = []
        with _quiet_tasks(tasks), transaction.atomic():
            logins = [] if no_accounts else self._load_accounts()
            summary = self._load_content(no_accounts=no_accounts)
        for line in summary:
            self.stdout.write(line)
        if tasks:
            self.stdout.write(f"Ran {len(tasks)} reminder tasks due today (development emails, not shown here).")
        if logins:
            self.stdout.write("Demo accounts (development only):")
            for line in logins:
                self.stdout.write(line)

    def _load_content(self, *, no_accounts: bool) -> list[str]:
        summary = []
        if loaded := estimates_demo.demo_load():
            summary.append(f"Loaded {loaded}.")
        # The glossary first: the articles' content checks, counted on import, read it.
        added = education_demo.glossary_load()
        if added:
            summary.append(f"Loaded {added} glossary terms.")
        reviewer = "" if no_accounts else DEMO_REVIEWER
        for loaded in education_demo.demo_load(reviewer_email=reviewer):
            summary.append(f"Loaded {loaded}.")
        if not no_accounts and (plan := care_demo.reading_plan_load(patient_email=DEMO_PATIENT)):
            summary.append(f"Loaded {plan}.")
        if not no_accounts and (
            pathway := care_demo.pathway_load(patient_email=DEMO_PATIENT, reviewer_email=DEMO_REVIEWER)
        ):
            summary.append(f"Loaded {pathway}.")
        if not no_accounts and (questionnaires := outcomes_demo.schedule_load(patient_email=DEMO_PATIENT)):
            summary.append(f"Loaded {questionnaires}.")
        if not no_accounts and (
            teams := care_demo.care_teams_load(
                patient_emails=[
                    account[0]
                    for account in DEMO_ACCOUNTS
                    if account[3] == Role.PATIENT and account[0] != DEMO_CAREGIVER
                ],
                staff=DEMO_TEAM_STAFF,
            )
        ):
            summary.append(f"Loaded {teams}.")
        if not no_accounts and (
            shared := care_demo.caregiver_load(patient_email=DEMO_PATIENT, caregiver_email=DEMO_CAREGIVER)
        ):
            summary.append(f"Loaded {shared}.")
        return summary

    def _load_accounts(self) -> list[str]:
        lines = []
        for email, first_name, last_name, role, password in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={"first_name": first_name, "last_name": last_name, "is_staff": role != Role.PATIENT},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
            if user.is_staff:
                # Staff set up two-step login only from an invitation link; demo staff get an app
                # already, whose codes `make demo-totp EMAIL=...` prints.
                TOTPDevice.objects.get_or_create(user=user, defaults={"name": "Demo authenticator", "confirmed": True})
            lines.append(f"  {role:<17} {email:<24} {password}")
        return lines


@contextmanager
def _quiet_tasks(finished: list):
    """Count the tasks that run, hide their log lines and the emails the console backend prints."""

    def count(sender, task_result, **kwargs):
        finished.append(task_result.id)

    task_logger = logging.getLogger("django_tasks")
    level = task_logger.level
    task_logger.setLevel(logging.WARNING)
    task_finished.connect(count, dispatch_uid="load_demo_count")
    try:
        with redirect_stdout(io.StringIO()):
            yield
    finally:
        task_finished.disconnect(dispatch_uid="load_demo_count")
        task_logger.setLevel(level)

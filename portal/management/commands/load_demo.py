from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

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

    @transaction.atomic
    def handle(self, *args, no_accounts=False, **options):
        if not no_accounts:
            if not settings.DEBUG:
                raise CommandError(
                    "Demo accounts have known passwords, so they are only made with DJANGO_DEBUG=true. "
                    "Use --no-accounts to load the content alone."
                )
            self._load_accounts()
        if loaded := estimates_demo.demo_load():
            self.stdout.write(f"Loaded {loaded}.")
        # The glossary first: the articles' content checks, counted on import, read it.
        added = education_demo.glossary_load()
        if added:
            self.stdout.write(f"Loaded {added} glossary terms.")
        reviewer = "" if no_accounts else DEMO_REVIEWER
        for loaded in education_demo.demo_load(reviewer_email=reviewer):
            self.stdout.write(f"Loaded {loaded}.")
        if not no_accounts and (plan := care_demo.reading_plan_load(patient_email=DEMO_PATIENT)):
            self.stdout.write(f"Loaded {plan}.")
        if not no_accounts and (
            pathway := care_demo.pathway_load(patient_email=DEMO_PATIENT, reviewer_email=DEMO_REVIEWER)
        ):
            self.stdout.write(f"Loaded {pathway}.")
        if not no_accounts and (questionnaires := outcomes_demo.schedule_load(patient_email=DEMO_PATIENT)):
            self.stdout.write(f"Loaded {questionnaires}.")
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
            self.stdout.write(f"Loaded {teams}.")
        if not no_accounts and (
            shared := care_demo.caregiver_load(patient_email=DEMO_PATIENT, caregiver_email=DEMO_CAREGIVER)
        ):
            self.stdout.write(f"Loaded {shared}.")

    def _load_accounts(self):
        self.stdout.write("Demo accounts (development only):")
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
                # already, whose codes `manage.py demo_totp EMAIL` prints.
                TOTPDevice.objects.get_or_create(user=user, defaults={"name": "Demo authenticator", "confirmed": True})
            self.stdout.write(f"  {role:<17} {email:<24} {password}")

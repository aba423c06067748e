from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.accounts.identity import normalize_email
from portal.accounts.models import User
from portal.accounts.services import invitation_link, two_factor_reset
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


class Command(BaseCommand):
    help = (
        "Reset a person's password and two-step login and print a one-time link to set both again. "
        "For the first superuser (made with createsuperuser), or when no superuser can use the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--base-url", required=True, help="The portal's address, e.g. https://portal.example.org")

    def handle(self, *args, email, base_url, **options):
        user = User.objects.filter(email=normalize_email(email), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the email {email}.")
        with transaction.atomic():
            two_factor_reset(user=user)
            audit_record(action=AuditEvent.Action.INVITATION_SENT, target=user, detail={"reset": True, "via": "shell"})
        self.stdout.write(invitation_link(user=user, base_url=base_url))

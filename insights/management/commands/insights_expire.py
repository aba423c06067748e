from django.conf import settings
from django.core.management.base import BaseCommand

from insights.services import insights_expire


class Command(BaseCommand):
    help = (
        "Fold searches, section reads and helpful votes older than INSIGHTS_RETENTION_MONTHS into monthly "
        "counts, then delete them (run daily)."
    )

    def handle(self, *args, **options):
        deleted = insights_expire()
        months = settings.INSIGHTS_RETENTION_MONTHS
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(f"Older than {months} months: counted and deleted {summary}.")

from django.core.management.base import BaseCommand

from insights.services import events_flush
from portal.events import dropped_count


class Command(BaseCommand):
    help = "Write the buffered searches, section reads and helpful votes to the database (run every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="Events per transaction (default 1000).")

    def handle(self, *args, batch, **options):
        written = events_flush(batch=batch)
        self.stdout.write(f"Wrote {written} events.")
        if dropped_count():
            self.stdout.write(f"This process dropped {dropped_count()} events it could not store.")

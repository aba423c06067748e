from django.core.management.base import BaseCommand

from insights.summary import weekly_summary_send


class Command(BaseCommand):
    help = "Email editors and medical reviewers this week's content summary (at most once per person per week)."

    def handle(self, *args, **options):
        sent = weekly_summary_send()
        self.stdout.write(f"Sent {sent} weekly summaries.")

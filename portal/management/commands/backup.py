from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import backup


class Command(BaseCommand):
    help = "Back up the whole database to FILE (pg_dump custom format, named .dump)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            backup(file)
        except (RuntimeError, OSError, ValueError) as error:
            raise CommandError(f"The backup failed: {error}") from None
        self.stderr.write(f"Backed up to {file} ({file.stat().st_size:,} bytes).")

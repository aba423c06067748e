from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backups import restore


class Command(BaseCommand):
    help = "Replace everything in the database with a backup made by `backup` (pg_restore)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: every row now in the database is replaced.")

    def handle(self, *args, file, yes, **options):
        if not file.is_file():
            raise CommandError(f"There is no backup at {file}.")
        if not yes:
            raise CommandError("Restoring replaces every row in the database. Run again with --yes to go ahead.")
        try:
            restore(file)
        except (RuntimeError, OSError, ValueError) as error:
            raise CommandError(f"The restore failed and changed nothing: {error}") from None
        self.stderr.write(f"Restored from {file}.")

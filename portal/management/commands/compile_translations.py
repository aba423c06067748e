from django.core.management.base import BaseCommand, CommandError

from portal.translations import catalogue_compile, catalogue_problems, catalogues


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/django.po to .mo with polib (Django's compilemessages needs "
        "GNU gettext installed). --check also fails on untranslated or fuzzy entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if a catalogue is incomplete.")

    def handle(self, *args, check, **options):
        found = catalogues()
        if not found:
            raise CommandError("No django.po found under LOCALE_PATHS.")
        problems = []
        for po_path in found:
            if check:
                problems += [f"{po_path}: {problem}" for problem in catalogue_problems(po_path)]
            mo_path = catalogue_compile(po_path)
            self.stdout.write(f"Compiled {mo_path}")
        if problems:
            raise CommandError("Incomplete translations:\n" + "\n".join(problems))

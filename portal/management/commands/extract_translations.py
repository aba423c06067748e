import os

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.translations import catalogue_extract


class Command(BaseCommand):
    help = "Add new user-facing strings to locale/es/LC_MESSAGES/django.po (needs GNU gettext's xgettext)."

    def handle(self, *args, **options):
        os.chdir(settings.BASE_DIR)
        catalogue_extract("es")
        self.stdout.write("Updated locale/es/LC_MESSAGES/django.po: translate the new empty entries.")

import json

from django.core.management.base import BaseCommand, CommandError

from outcomes.services import InstrumentFileError, InstrumentInUse, instrument_load, validate_instrument


class Command(BaseCommand):
    help = "Load an outcome questionnaire (instrument) from a JSON file; refuses a malformed file, naming the field."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The instrument's JSON file.")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                raw = json.load(handle)
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}).") from error
        try:
            data = validate_instrument(raw)
        except InstrumentFileError as error:
            raise CommandError(f"{path}: {error}") from error
        try:
            instrument = instrument_load(data=data)
        except InstrumentInUse as error:
            raise CommandError(
                f"{path}: patients have answered “{error}”; its wording and scoring cannot change. "
                "Load it under a new code instead."
            ) from error
        self.stdout.write(f"Loaded {instrument.code}: {instrument.items.count()} items.")

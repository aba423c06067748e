import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from education import services
from education.importer import ImportFormatError, decode_upload, parse_article
from education.models import Article


class Command(BaseCommand):
    help = "Import an article from a page in the clinic's plain-text layout or Markdown (see README)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and report; write nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish, with the page's author as reviewer.")
        parser.add_argument(
            "--override-red-flag",
            default="",
            metavar="REASON",
            help="With --publish: publish even with an emergency sign under “call the clinic”, for this reason "
            "(recorded on the revision and audited).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--slug", default="", help="Web address name (default: made from the title).")
        parser.add_argument("--kind", choices=Article.Kind.values, default=Article.Kind.PROCEDURE)
        parser.add_argument("--language", choices=["en", "es"], default="en", help="The page's language.")
        parser.add_argument("--translation-of", default="", help="Slug of the English article this page translates.")

    def handle(self, *args, path, dry_run, publish, format, slug, kind, language, translation_of, **options):
        override = options["override_red_flag"].strip()
        if override and not publish:
            raise CommandError("--override-red-flag only goes with --publish.")
        original = None
        if translation_of:
            original = Article.all_objects.filter(slug=translation_of, language="en").first()
            if original is None:
                raise CommandError(f"No English article has the slug “{translation_of}”.")
        try:
            parsed = parse_article(decode_upload(path.read_bytes()), language=language)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except ImportFormatError as error:
            raise CommandError(f"{path}, {error}") from None
        if slug:
            parsed.slug = slug
        if format == "json":
            self.stdout.write(json.dumps(parsed.as_json(), indent=2, ensure_ascii=False))
        else:
            self._report(parsed)
        if dry_run:
            self.stderr.write("Dry run: nothing was written.")
            return
        try:
            result = services.article_import(
                parsed=parsed,
                kind=kind,
                publish=publish,
                language=language,
                translation_of=original,
                red_flag_override=override,
            )
        except services.RedFlagHold as error:
            raise CommandError(
                f'{error} Nothing was written. To publish anyway, add --override-red-flag "your reason".'
            ) from None
        except services.WorkflowError as error:
            raise CommandError(str(error)) from None
        verb = "Created" if result.created else "Updated"
        self.stderr.write(f"{verb} “{result.article.title}” ({result.article.get_status_display()}).")

    def _report(self, parsed):
        write = self.stdout.write
        write(f"Title: {parsed.title} (slug {parsed.slug})")
        write(
            f"Sections: {len(parsed.sections)}; figures: {len(parsed.figures)}; FAQs: {len(parsed.faqs)}; "
            f"warning signs: {len(parsed.warning_signs)}; procedures: {len(parsed.procedures)}"
        )
        write(f"Author: {parsed.author or '(none)'}")
        for repair in parsed.repairs:
            write(f"Repaired {repair}")

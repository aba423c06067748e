"""The message catalogues: compiled with polib, so no system gettext is needed to run the portal."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command

# What `makemessages` must not read: installed packages, build output and code patients never see.
MAKEMESSAGES_IGNORE = [".venv", "staticfiles", "tests", "loadtest", "scripts", "docs"]


def catalogues() -> list[Path]:
    """Every django.po under LOCALE_PATHS."""
    return sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/django.po"))


def catalogue_problems(po_path: Path) -> list[str]:
    """Entries a Spanish reader would see in English: untranslated or fuzzy (unchecked) ones."""
    catalogue = polib.pofile(str(po_path))
    problems = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    problems += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    # A plural entry needs every form the language has: gettext shows the English text for a missing one.
    forms = _plural_form_count(catalogue)
    problems += [
        f"missing plural forms: {entry.msgid!r}"
        for entry in catalogue
        if entry.msgid_plural and not entry.obsolete and sorted(entry.msgstr_plural) != list(range(forms))
    ]
    return problems


def _plural_form_count(catalogue: polib.POFile) -> int:
    header = catalogue.metadata.get("Plural-Forms", "")
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            return int(value)
    return 2


def catalogue_compile(po_path: Path) -> Path:
    """Write django.mo next to django.po (fuzzy entries are left out, as msgfmt does)."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


def catalogue_extract(language: str = "es") -> None:
    """Add new user-facing strings to the language's django.po (makemessages; needs GNU gettext).

    Run from the project folder: makemessages reads every file below the current directory."""
    call_command("makemessages", locale=[language], no_location=True, ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0)

"""The Spanish catalogue is complete, compiles without GNU gettext, and is what patients get."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from portal.translations import catalogue_compile, catalogue_extract, catalogue_problems

SPANISH_CATALOGUE = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"


def msgids(po_path: Path) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path)) if not entry.obsolete}


def test_every_spanish_entry_is_translated_and_checked():
    assert catalogue_problems(SPANISH_CATALOGUE) == []


def test_the_check_names_untranslated_and_fuzzy_entries(tmp_path):
    po_path = tmp_path / "django.po"
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Call 911", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Save", msgstr="Guardar", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Home", msgstr="Inicio"))
    catalogue.save(str(po_path))
    assert catalogue_problems(po_path) == ["untranslated: 'Call 911'", "fuzzy: 'Save'"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (.ci/run installs it)")
def test_makemessages_would_add_nothing(tmp_path, settings, monkeypatch):
    """A string marked for translation but missing from the catalogue fails here, with its text.

    makemessages writes into the project's own locale/ folder whatever LOCALE_PATHS says, so the
    catalogue is read after extraction and then put back exactly as it was.
    """
    before_text = SPANISH_CATALOGUE.read_bytes()
    before = tmp_path / "before.po"
    before.write_bytes(before_text)
    monkeypatch.chdir(settings.BASE_DIR)
    try:
        catalogue_extract("es")
        after = tmp_path / "after.po"
        after.write_bytes(SPANISH_CATALOGUE.read_bytes())
    finally:
        SPANISH_CATALOGUE.write_bytes(before_text)
    assert msgids(after) - msgids(before) == set()
    assert catalogue_problems(after) == []


def test_compiled_catalogue_translates_patient_text(tmp_path):
    mo_path = catalogue_compile(shutil.copy(SPANISH_CATALOGUE, tmp_path / "django.po"))
    compiled = polib.mofile(str(mo_path))
    assert compiled.find("Call 911").msgstr == "Llame al 911"
    assert len(compiled) == len(polib.pofile(str(SPANISH_CATALOGUE)).translated_entries())


def test_compile_command_checks_and_compiles(capsys):
    call_command("compile_translations", "--check")
    assert "Compiled" in capsys.readouterr().out
    assert SPANISH_CATALOGUE.with_suffix(".mo").stat().st_mtime >= SPANISH_CATALOGUE.stat().st_mtime


def test_the_portal_speaks_spanish_from_the_catalogue():
    with translation.override("es"):
        assert translation.gettext("Available in English only") == "Disponible solo en inglés"
        assert translation.ngettext("%(minutes)s minute read", "%(minutes)s minute read", 3) == (
            "%(minutes)s minutos de lectura"
        )


def test_the_check_names_plural_entries_missing_a_form(tmp_path):
    """Spanish has three plural forms in Django's rule; a missing one shows English to the reader."""
    po_path = tmp_path / "django.po"
    catalogue = polib.POFile()
    catalogue.metadata = {"Plural-Forms": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"}
    catalogue.append(
        polib.POEntry(msgid="%(n)s step", msgid_plural="%(n)s steps", msgstr_plural={0: "%(n)s paso", 1: "%(n)s pasos"})
    )
    catalogue.save(str(po_path))
    assert catalogue_problems(po_path) == ["missing plural forms: '%(n)s step'"]

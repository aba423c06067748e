"""import_article refuses binary, oversized and non-UTF-8 files with a clear message and writes nothing."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

REFUSED = [
    ("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not a text page. Save the page as plain text"),
    ("big.txt", b"Title\n" + b"word " * 210_000, "the limit is 1,000,000 (1 MB)"),
    ("latin1.txt", "Cirugía de columna\nResumen.\nOverview\nTexto.".encode("latin-1"), "line 1: the file is not UTF-8"),
    ("utf16.txt", "Keyhole Surgery\nOverview\nText.".encode("utf-16"), "binary file, not a text page"),
]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[name for name, _, _ in REFUSED])
def test_the_command_refuses_the_file_and_writes_nothing(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    before = row_counts()
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        call_command("import_article", str(path), "--publish", stdout=StringIO(), stderr=StringIO())
    assert str(path) in str(error.value)
    assert row_counts() == before

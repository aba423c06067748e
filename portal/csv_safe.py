"""The one CSV writer for every export in the portal.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in some
programs, a tab or carriage return) as a formula, so a reading plan named
`=HYPERLINK(...)` could send whoever opens the file to another site. Every
text cell that starts with one of those characters is written with a leading
apostrophe, which spreadsheets show as plain text. Numbers are written as they
are, so a negative amount stays a number.

A program that splits on semicolons (or tabs) instead of commas starts a new
cell after each one, so `Before surgery;=1+1` would hold a formula too: a
formula character after a separator (`;`, `,`, tab, or a line break, spaces
allowed between) also gets an apostrophe before it.

Use `csv_response` for an admin action or view that exports rows; it also
records who exported what in the audit trail.
"""

import csv
import re
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula character that starts a cell once the text is split on another separator.
_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n]\s*)([=+\-@])")


def safe_cell(value):
    """A cell a spreadsheet shows as text, never runs: text starting like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    value = _AFTER_SEPARATOR.sub(r"\1'\2", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell passed through `safe_cell`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> int:
        count = 0
        for row in rows:
            self.writerow(row)
            count += 1
        return count


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable], export: str) -> HttpResponse:
    """A CSV download written with SafeWriter, recorded in the audit trail.

    `export` names what was exported (e.g. "reading-completion"); the record
    keeps that and the number of rows, never the cells.
    """
    from portal.audit.models import AuditEvent
    from portal.audit.services import audit_record

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = SafeWriter(response)
    writer.writerow(header)
    count = writer.writerows(rows)
    audit_record(action=AuditEvent.Action.CSV_EXPORTED, detail={"export": export, "rows": count})
    return response

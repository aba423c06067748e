"""CSV of the outcomes summary. Cells are made safe for spreadsheets here: this branch has no shared
safe CSV writer yet (issue 15 adds one; use it at merge)."""

import csv

from django.http import HttpResponse


def csv_cell(value) -> str:
    """Text a spreadsheet will not run as a formula: a cell starting with = + - @ tab or CR gets a leading quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summary_csv(rows, *, filename: str = "outcomes-summary.csv") -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "questionnaire",
            "time point",
            "patients due",
            "answered",
            "completion %",
            "median change",
            "reached MCID",
            "compared",
            "MCID %",
        ]
    )
    for row in rows:
        writer.writerow(
            csv_cell(cell) if isinstance(cell, str) else ("" if cell is None else cell)
            for cell in (
                row.instrument.code,
                row.time_point,
                row.eligible,
                row.answered,
                row.completion_percent,
                row.median_change,
                row.reached_mcid,
                row.compared,
                row.mcid_percent,
            )
        )
    return response

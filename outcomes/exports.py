"""CSV of the outcomes summary, through the portal's one safe CSV writer (cells that start like a
formula are quoted, and the export is audited)."""

from portal.csv_safe import csv_response

HEADER = [
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


def summary_csv(rows, *, filename: str = "outcomes-summary.csv"):
    return csv_response(
        filename=filename,
        header=HEADER,
        rows=(
            (
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
            for row in rows
        ),
        export="outcomes-summary",
    )

"""Read a fee schedule from CSV. Pure: text in, rows or errors out; no database."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from estimates.calculator import money

REQUIRED_ONE_OF = ("medicare_approved", "patient_share")
# Facility amounts per setting: blank means Medicare does not pay for the procedure there.
FACILITY_COLUMNS = ("asc_amount", "hospital_outpatient_amount", "inpatient_amount")
FLAG_COLUMNS = ("add_on", "asc_exempt", "self_pay_reduced")
UNIT_COLUMNS = {"anesthesia_base_units": 30, "anesthesia_minutes": 1440}
OPPS_STATUSES = ("J1", "T", "S", "N")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}
PROCEDURE_COLUMNS = ("add_on", *UNIT_COLUMNS)
KNOWN_COLUMNS = {
    "cpt_code",
    "medicare_approved",
    "patient_share",
    "self_pay_price",
    "official_name",
    "plain_name",
    "plain_name_es",
    "body_region",
    *FACILITY_COLUMNS,
    *FLAG_COLUMNS,
    *UNIT_COLUMNS,
    "opps_status",
}
MAX_ROWS = 2000


@dataclass(frozen=True)
class FeeRow:
    line: int
    cpt_code: str
    medicare_approved: Decimal
    self_pay_price: Decimal | None
    official_name: str
    plain_name: str
    plain_name_es: str
    body_region: str
    # Only the optional columns the file has: a column left out leaves what is stored alone.
    fee_fields: dict = field(default_factory=dict)
    procedure_fields: dict = field(default_factory=dict)


def _amount(text: str, line: int, column: str, errors: list[str]) -> Decimal | None:
    cleaned = text.strip().replace("$", "").replace(",", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        errors.append(
            _("Line %(line)d: %(column)s “%(text)s” is not an amount like 1125.30.")
            % {"line": line, "column": column, "text": text[:20]}
        )
        return None
    if value < 0 or value > 1_000_000:
        errors.append(
            _("Line %(line)d: %(column)s must be between 0 and 1,000,000.") % {"line": line, "column": column}
        )
        return None
    return value


def _optional_columns(row: dict, columns: set[str], line: int, errors: list[str]) -> tuple[dict, dict]:
    """The facility, anesthesia and flag columns present in the file, each checked; problems go to `errors`."""
    fee, procedure = {}, {}
    for column in FACILITY_COLUMNS:
        if column in columns:
            amount = _amount(row.get(column, ""), line, column, errors)
            fee[column] = None if amount is None else money(amount)
    for column in FLAG_COLUMNS:
        if column in columns:
            text = row.get(column, "").lower()
            if text not in YES | NO:
                errors.append(
                    _("Line %(line)d: %(column)s must be yes or no, not “%(text)s”.")
                    % {"line": line, "column": column, "text": text[:10]}
                )
                continue
            (procedure if column in PROCEDURE_COLUMNS else fee)["is_add_on" if column == "add_on" else column] = (
                text in YES
            )
    for column, most in UNIT_COLUMNS.items():
        if column in columns:
            text = row.get(column, "")
            if not text:
                procedure[column] = None
            elif text.isdigit() and int(text) <= most:
                procedure[column] = int(text)
            else:
                errors.append(
                    _("Line %(line)d: %(column)s must be a whole number from 0 to %(most)d.")
                    % {"line": line, "column": column, "most": most}
                )
    if "opps_status" in columns:
        status = row.get("opps_status", "").upper()
        if status and status not in OPPS_STATUSES:
            errors.append(
                _("Line %(line)d: opps_status must be one of %(statuses)s, or blank.")
                % {"line": line, "statuses": ", ".join(OPPS_STATUSES)}
            )
        fee["opps_status"] = status
    return fee, procedure


def parse_fee_csv(text: str, *, coinsurance_rate: Decimal, regions: set[str]) -> tuple[list[FeeRow], list[str]]:
    """Every row, or every problem with its line number (then nothing should be written)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {name.strip() for name in (reader.fieldnames or [])}
    if "cpt_code" not in columns or not columns & set(REQUIRED_ONE_OF):
        return [], [_("Line 1: the header needs cpt_code and either medicare_approved or patient_share.")]
    unknown = columns - KNOWN_COLUMNS
    if unknown:
        return [], [_("Line 1: unknown columns: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    rows, errors, seen = [], [], set()
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            errors.append(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
            break
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        code = row.get("cpt_code", "")
        if not re.fullmatch(r"\d{5}", code):
            errors.append(
                _("Line %(line)d: “%(code)s” is not a 5-digit CPT code.") % {"line": number, "code": code[:10]}
            )
            continue
        if code in seen:
            errors.append(_("Line %(line)d: CPT %(code)s appears twice.") % {"line": number, "code": code})
            continue
        seen.add(code)
        errors_before = len(errors)
        approved = _amount(row.get("medicare_approved", ""), number, "medicare_approved", errors)
        share = _amount(row.get("patient_share", ""), number, "patient_share", errors)
        if approved is None and share is not None:
            approved = money(share / coinsurance_rate)
        if approved is None and len(errors) == errors_before:  # a bad amount was named already: one message each
            errors.append(_("Line %(line)d: give medicare_approved or patient_share.") % {"line": number})
        region = row.get("body_region", "") or "general"
        if region not in regions:
            errors.append(
                _("Line %(line)d: body_region must be one of %(regions)s.")
                % {"line": number, "regions": ", ".join(sorted(regions))}
            )
        self_pay = _amount(row.get("self_pay_price", ""), number, "self_pay_price", errors)
        fee_fields, procedure_fields = _optional_columns(row, columns, number, errors)
        if len(errors) != errors_before:
            continue
        rows.append(
            FeeRow(
                line=number,
                cpt_code=code,
                medicare_approved=money(approved),
                self_pay_price=self_pay,
                official_name=row.get("official_name", ""),
                plain_name=row.get("plain_name", ""),
                plain_name_es=row.get("plain_name_es", ""),
                body_region=region,
                fee_fields=fee_fields,
                procedure_fields=procedure_fields,
            )
        )
    if not rows and not errors:
        errors.append(_("The file has a header but no rows."))
    return rows, errors

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from care.admin_scope import PatientScopedAdminMixin
from estimates import selectors
from estimates.csv_import import parse_fee_csv
from estimates.models import Fee, FeeSchedule, Procedure, SavedEstimate
from estimates.services import FeeImportError, schedule_activate, schedule_import_problems, schedule_import_rows
from portal.admin_history import GuardedHistoryAdmin, ReadOnlyAdminMixin
from portal.audit.admin import PatientDataAdminMixin
from portal.audit.models import AuditEvent
from portal.choices import BodyRegion
from portal.csv_safe import csv_response

MAX_CSV_BYTES = 1_000_000


def _line_number(message: str) -> int:
    """The line a problem is on ("Line 3: …", "Línea 3: …"); problems about the whole file come first."""
    found = re.search(r"\d+", message)
    return int(found.group()) if found else 0


@admin.register(Procedure)
class ProcedureAdmin(GuardedHistoryAdmin):
    list_display = ("cpt_code", "plain_name", "official_name", "body_region", "approach", "is_add_on")
    list_filter = ("body_region", "approach", "is_add_on")
    search_fields = ("cpt_code", "plain_name", "official_name")
    ordering = ("cpt_code",)


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0
    autocomplete_fields = ("procedure",)
    fields = (
        "procedure",
        "medicare_approved",
        "patient_share",
        "self_pay_price",
        "self_pay_reduced",
        "asc_amount",
        "hospital_outpatient_amount",
        "inpatient_amount",
        "opps_status",
        "asc_exempt",
    )
    readonly_fields = ("patient_share",)

    # xgettext:no-python-format
    @admin.display(description=_("patient's 20% share"))
    def patient_share(self, fee):
        if fee.pk is None:
            return "–"
        return f"${fee.medicare_approved * fee.schedule.coinsurance_rate:,.2f}"


class FeeCSVForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: cpt_code, and medicare_approved or patient_share; optional self_pay_price, "
            "official_name, plain_name, plain_name_es, body_region, asc_amount, hospital_outpatient_amount, "
            "inpatient_amount (blank: Medicare does not pay for it there), opps_status (J1, T, S or N), "
            "asc_exempt, add_on, self_pay_reduced (yes or no), anesthesia_base_units, anesthesia_minutes. "
            "You see every row before anything is written."
        ),
    )


class FeeCSVConfirmForm(forms.Form):
    """The checked file, carried from the preview to the write (checked again before writing)."""

    csv_text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_CSV_BYTES, strip=False)


def _read_upload(upload) -> str | None:
    """The upload as text, or None when it is not UTF-8 or is larger than 1 MB."""
    data = upload.read(MAX_CSV_BYTES + 1)
    try:
        return data.decode("utf-8-sig") if len(data) <= MAX_CSV_BYTES else None
    except UnicodeDecodeError:
        return None


@admin.register(FeeSchedule)
class FeeScheduleAdmin(GuardedHistoryAdmin):
    inlines = [FeeInline]
    # The import link comes second so it stays in view on a 1280 px screen.
    list_display = (
        "name",
        "import_link",
        "year",
        "effective_date",
        "is_active",
        "part_b_deductible",
        "coinsurance_rate",
        "facility_amounts_are_demo",
    )
    list_filter = ("is_active", "year")
    readonly_fields = ("is_active",)
    actions = ["activate", "export_csv"]
    fieldsets = (
        (None, {"fields": ("name", "year", "effective_date", "is_active")}),
        (_("Medicare terms"), {"fields": ("part_b_deductible", "coinsurance_rate", "part_a_deductible")}),
        (
            _("Facility, anesthesia and Medicare Advantage"),
            {
                "fields": ("anesthesia_conversion_factor", "ma_moop_limit", "facility_amounts_are_demo"),
                "description": _(
                    "While “demo amounts” is ticked, patients are told the facility and anesthesia amounts are "
                    "demo amounts, not Medicare's published figures."
                ),
            },
        ),
        (_("Advanced"), {"classes": ("collapse",), "fields": ("source_note",)}),
    )

    def get_urls(self):
        return [
            path(
                "<int:pk>/import-csv/", self.admin_site.admin_view(self.import_csv), name="estimates_feeschedule_import"
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("CSV"))
    def import_link(self, schedule):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:estimates_feeschedule_import", args=[schedule.pk]), _("Import fees")
        )

    def import_csv(self, request, pk):
        """Upload, then a preview of every row, then write: nothing is written until the preview is confirmed."""
        schedule = get_object_or_404(FeeSchedule, pk=pk)
        if not self.has_change_permission(request, schedule):
            raise PermissionDenied
        confirming = request.method == "POST" and "csv_text" in request.POST
        form = FeeCSVForm(None if confirming else request.POST or None, request.FILES or None)
        confirm = FeeCSVConfirmForm(request.POST if confirming else None)
        errors: list[str] = []
        preview: list[dict] = []
        text = None
        if confirming and confirm.is_valid():
            text = confirm.cleaned_data["csv_text"]
        elif confirming:
            errors = [str(_("The file must be a CSV in UTF-8, at most 1 MB. Save it again as “CSV UTF-8”."))]
        elif request.method == "POST" and form.is_valid():
            text = _read_upload(form.cleaned_data["file"])
            if text is None:
                errors = [str(_("The file must be a CSV in UTF-8, at most 1 MB. Save it again as “CSV UTF-8”."))]
        if text is not None:
            rows, errors = parse_fee_csv(
                text, coinsurance_rate=schedule.coinsurance_rate, regions=set(BodyRegion.values)
            )
            # Every bad line at once, in file order: the parser's and those the database shows up.
            errors = sorted(errors + schedule_import_problems(rows=rows), key=_line_number)
            if not errors and not confirming:
                preview = selectors.import_preview(schedule, rows)
                confirm = FeeCSVConfirmForm(initial={"csv_text": text})
            elif not errors:
                try:
                    count, created = schedule_import_rows(schedule=schedule, rows=rows)
                except FeeImportError as error:
                    errors = error.problems
                else:
                    self.message_user(
                        request,
                        _("Imported %(count)d fees (%(created)d new procedures) into %(schedule)s.")
                        % {"count": count, "created": created, "schedule": schedule},
                        messages.SUCCESS,
                    )
                    return redirect("admin:estimates_feeschedule_change", schedule.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import fees into %(schedule)s") % {"schedule": schedule},
            "form": form,
            "confirm": confirm,
            "preview": preview,
            "errors": errors,
            "schedule": schedule,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/estimates/import_csv.html", context, status=400 if errors else 200)

    def save_model(self, request, obj, form, change):
        # Which schedule is active changes only through the action below. Reverting to an old
        # version that was active would otherwise make two active schedules (refused by the database).
        if change:
            currently_active = FeeSchedule.objects.filter(pk=obj.pk, is_active=True).exists()
            if obj.is_active and not currently_active:
                self.message_user(
                    request,
                    _(
                        "The old version was the active schedule, but reverting does not change which schedule "
                        "the calculator uses. To use this one, select it and choose “Make the selected schedule "
                        "the active one”."
                    ),
                    messages.WARNING,
                )
            obj.is_active = currently_active
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Make the selected schedule the active one"), permissions=["change"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one schedule to make active."), messages.ERROR)
            return
        schedule_activate(schedule=queryset.get())
        self.message_user(
            request, _("The calculator now uses %(schedule)s.") % {"schedule": queryset.get()}, messages.SUCCESS
        )

    @admin.action(description=_("Export the selected schedules' fees as CSV"))
    def export_csv(self, request, queryset):
        fees = Fee.objects.filter(schedule__in=queryset).select_related("schedule", "procedure")
        rows = (
            [
                fee.schedule.name,
                fee.schedule.year,
                fee.procedure.cpt_code,
                fee.procedure.official_name,
                fee.procedure.plain_name,
                fee.procedure.body_region,
                fee.medicare_approved,
                f"{fee.medicare_approved * fee.schedule.coinsurance_rate:.2f}",
                fee.self_pay_price or "",
            ]
            for fee in fees.order_by("schedule__year", "procedure__cpt_code")
        )
        header = [
            "schedule",
            "year",
            "cpt_code",
            "official_name",
            "plain_name",
            "body_region",
            "medicare_approved",
            "patient_share",
            "self_pay_price",
        ]
        return csv_response(filename="fees.csv", header=header, rows=rows, export="fees")


@admin.register(SavedEstimate)
class SavedEstimateAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Patients' saved estimates: read-only, for superusers (no role is given these); each opening is audited."""

    audit_actions = {"view": AuditEvent.Action.PATIENT_DATA_VIEWED}

    list_display = ("patient", "coverage", "total_patient_pays", "fee_schedule", "created_at")
    list_filter = ("coverage",)
    readonly_fields = ("patient", "fee_schedule", "coverage", "inputs", "result", "total_patient_pays", "created_at")

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care import selectors as care_selectors
from care.admin_scope import PatientScopedAdminMixin
from education.models import Surgeon
from outcomes import exports, selectors
from outcomes.models import Answer, Instrument, Item, Option, Response, ScheduledInstrument
from portal.audit.admin import PatientDataAdminMixin
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


def _answered(instrument) -> bool:
    return instrument is not None and instrument.pk is not None and instrument.responses.exists()


class AnsweredIsReadOnly:
    """Once patients have answered an instrument its wording and scoring are part of their answers: read-only.

    On the instrument's own page and on its items (`obj` is the instrument, or an item of it)."""

    def _locked(self, obj) -> bool:
        return obj is not None and _answered(obj if isinstance(obj, Instrument) else obj.instrument)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


class ItemInline(AnsweredIsReadOnly, admin.StackedInline):
    model = Item
    extra = 0
    show_change_link = True
    fields = ("order", "code", "text", "text_es", "reversed")

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)


@admin.register(Instrument)
class InstrumentAdmin(AnsweredIsReadOnly, admin.ModelAdmin):
    """Questionnaires, loaded with `manage.py load_instrument`; read-only once answered."""

    list_display = ("code", "name", "scoring_rule", "direction", "languages")
    search_fields = ("code", "name")
    inlines = [ItemInline]
    fieldsets = [
        (None, {"fields": ("code", "name", "name_es", "short_name", "short_name_es", "languages", "licence_note")}),
        (
            _("Scoring"),
            {
                "fields": (
                    "scoring_rule",
                    "max_missing",
                    "score_min",
                    "score_max",
                    "direction",
                    "mcid_absolute",
                    "mcid_percent",
                    "mcid_baseline",
                )
            },
        ),
    ]


class OptionInline(AnsweredIsReadOnly, admin.TabularInline):
    model = Option
    extra = 0
    fields = ("order", "value", "label", "label_es")

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)


@admin.register(Item)
class ItemAdmin(AnsweredIsReadOnly, admin.ModelAdmin):
    list_display = ("instrument", "order", "code", "reversed")
    list_filter = ("instrument",)
    list_select_related = ("instrument",)
    inlines = [OptionInline]
    actions = None  # no bulk delete: each item is deleted from its own page, where an answered one is locked

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "instrument":
            # A new item goes only into a questionnaire nobody has answered (Item.clean says so too).
            kwargs["queryset"] = Instrument.objects.filter(responses__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return False  # reached from its questionnaire


@admin.register(ScheduledInstrument)
class ScheduledInstrumentAdmin(admin.ModelAdmin):
    """When a pathway asks each questionnaire, in days from the surgery."""

    list_display = ("template", "instrument", "time_point", "days_from_surgery", "days_before", "days_after")
    list_filter = ("template", "time_point")
    list_select_related = ("template", "instrument")


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("item", "option")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, admin.ModelAdmin):
    """Patients' answers: read-only for staff (only the patient answers). Every read is audited."""

    audit_read_action = AuditEvent.Action.OUTCOME_SCORES_VIEWED
    audit_detail_page = "answers"

    list_display = ("patient", "instrument", "time_point", "status", "answered_on", "score")
    list_filter = ("instrument", "time_point", "status")
    list_select_related = ("patient", "instrument")
    search_fields = ("patient__email", "patient__last_name")
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        summary = self.admin_site.admin_view(self.summary_view)
        return [path("summary/", summary, name="outcomes_response_summary"), *super().get_urls()]

    def summary_view(self, request):
        """Outcomes per surgeon and per procedure: answered, completion, median change, share reaching the MCID."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = SummaryFilterForm(request.GET or None)
        valid = form.is_valid() if request.GET else True
        surgeon = form.cleaned_data.get("surgeon") if valid and request.GET else None
        procedure = form.cleaned_data.get("procedure") if valid and request.GET else None
        rows = (
            selectors.outcomes_summary(
                viewer=request.user,
                today=timezone.localdate(),
                surgeon_id=surgeon.pk if surgeon else None,
                cpt_code=procedure.cpt_code if procedure else "",
            )
            if valid
            else []
        )
        wants_csv = request.GET.get("format") == "csv"
        audit_record(
            action=SCORES_VIEWED,
            detail={
                "page": "summary",
                "surgeon": surgeon.pk if surgeon else None,
                "cpt": procedure.cpt_code if procedure else "",
                "format": "csv" if wants_csv else "html",
            },
        )
        if wants_csv and valid:
            return exports.summary_csv(rows)
        query = request.GET.copy()
        query["format"] = "csv"
        context = {
            **self.admin_site.each_context(request),
            "title": _("Outcomes by surgeon and procedure"),
            "form": form,
            "rows": rows,
            "csv_query": query.urlencode(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/outcomes/summary.html", context, status=200 if valid else 400)


SCORES_VIEWED = AuditEvent.Action.OUTCOME_SCORES_VIEWED


class SummaryFilterForm(forms.Form):
    surgeon = forms.ModelChoiceField(queryset=Surgeon.objects.order_by("name"), required=False, label=_("Surgeon"))
    procedure = forms.ModelChoiceField(
        queryset=care_selectors.procedures().order_by("cpt_code"), required=False, label=_("Procedure (CPT)")
    )
    format = forms.CharField(required=False, widget=forms.HiddenInput)

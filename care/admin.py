from urllib.parse import urlencode

from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from care import caregivers, fhir, selectors, services
from care.admin_scope import NeedToKnowObjectMixin, PatientScopedAdminMixin, PatientScopedInlineMixin
from care.models import (
    Assignment,
    CaregiverGrant,
    CarePreference,
    CareTeam,
    CareTeamPatient,
    CareTeamStaff,
    EducationRecord,
    PathwayProcedure,
    PathwayStep,
    PathwayTemplate,
    PatientPathway,
    PatientQuestion,
    PatientStep,
    ReadingPlan,
    ReadingPlanItem,
)
from education.admin import PublishedContentChoicesMixin
from portal.accounts.admin import UserAdmin
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.admin_history import GuardedHistoryAdmin, ReadOnlyAdminMixin
from portal.audit.admin import PatientDataAdminMixin
from portal.audit.models import AuditEvent
from portal.choices import Language
from portal.csv_safe import csv_response

ASSIGNMENT_AUDIT = {
    "add": AuditEvent.Action.ASSIGNMENT_CREATED,
    "change": AuditEvent.Action.ASSIGNMENT_CHANGED,
    "delete": AuditEvent.Action.ASSIGNMENT_DELETED,
}


class ReadingPlanItemInline(PublishedContentChoicesMixin, SortableTabularInline):
    model = ReadingPlanItem
    extra = 1
    autocomplete_fields = ("article",)


@admin.register(ReadingPlan)
class ReadingPlanAdmin(SortableAdminBase, admin.ModelAdmin):
    inlines = [ReadingPlanItemInline]
    list_display = ("name", "article_count", "patients_assigned", "percent_finished", "report_link")
    search_fields = ("name",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("items", distinct=True),
                patients_assigned=Count("assignments__patient", distinct=True),
                assigned_total=Count("assignments", distinct=True),
                finished_total=Count("assignments", filter=Q(assignments__finished_at__isnull=False), distinct=True),
            )
        )

    @admin.display(description=_("articles"))
    def article_count(self, plan):
        return plan.article_count

    @admin.display(description=_("patients"))
    def patients_assigned(self, plan):
        return plan.patients_assigned

    @admin.display(description=_("finished"))
    def percent_finished(self, plan):
        return f"{round(100 * plan.finished_total / plan.assigned_total)}%" if plan.assigned_total else "–"

    @admin.display(description=_("completion report"))
    def report_link(self, plan):
        url = reverse("admin:care_assignment_changelist") + f"?plan__id__exact={plan.pk}"
        return format_html('<a href="{}">{}</a>', url, _("By patient"))


class AssignmentStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Assignment.State.choices

    def queryset(self, request, queryset):
        if self.value() == Assignment.State.FINISHED:
            return queryset.filter(finished_at__isnull=False)
        if self.value() == Assignment.State.OPENED:
            return queryset.filter(opened_at__isnull=False, finished_at__isnull=True)
        if self.value() == Assignment.State.NEW:
            return queryset.filter(opened_at__isnull=True)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(
    PublishedContentChoicesMixin, PatientScopedAdminMixin, PatientDataAdminMixin, GuardedHistoryAdmin
):
    """The completion report: filter by plan or search a patient, then export as CSV."""

    audit_actions = ASSIGNMENT_AUDIT

    list_display = ("patient", "article", "plan", "state_display", "due", "due_date", "opened_at", "finished_at")
    list_filter = ("plan", AssignmentStateFilter, "due")
    search_fields = ("patient__email", "patient__first_name", "patient__last_name", "article__title")
    list_select_related = ("patient", "article", "plan")
    autocomplete_fields = ("patient", "article")
    readonly_fields = ("assigned_by", "assigned_at", "opened_at", "finished_at", "acted_by")
    actions = ["export_csv"]

    @admin.display(description=_("state"))
    def state_display(self, assignment):
        return assignment.get_state_display()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.assigned_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Export the selected rows as CSV"))
    def export_csv(self, request, queryset):
        rows = (
            [
                a.patient.get_full_name(),
                a.patient.email,
                a.plan.name if a.plan else "",
                a.article.title,
                a.state,
                a.assigned_at.isoformat(),
                a.opened_at.isoformat() if a.opened_at else "",
                a.finished_at.isoformat() if a.finished_at else "",
            ]
            for a in queryset.select_related("patient", "article", "plan")
        )
        return csv_response(
            filename="reading-completion.csv",
            header=["patient", "email", "plan", "article", "state", "assigned", "opened", "finished"],
            rows=rows,
            export="reading-completion",
        )


@admin.register(PatientQuestion)
class PatientQuestionAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, admin.ModelAdmin):
    # Opening a patient's question is audited, like opening their record.
    audit_actions = {"view": AuditEvent.Action.PATIENT_DATA_VIEWED}

    list_display = ("created_at", "patient", "article", "text", "answered")
    # By article: the content insights link here (issue 34).
    list_filter = ("answered", ("assignment__article", admin.RelatedOnlyFieldListFilter))
    list_editable = ("answered",)
    search_fields = ("patient__email", "patient__last_name", "text")
    readonly_fields = ("patient", "assignment", "topic", "text", "created_at", "sent_by")
    list_select_related = ("patient", "assignment__article")

    @admin.display(description=_("sent by"))
    def sent_by(self, question):
        # A caregiver's question says so (issue 32); the patient's own says nothing more.
        if question.acted_by_id:
            return _("done by %(name)s, caregiver") % {"name": question.acted_by}
        return _("the patient")

    @admin.display(description=_("article"))
    def article(self, question):
        return question.assignment.article if question.assignment_id else question.topic

    def has_add_permission(self, request):
        return False  # questions come from patients only


# On the patient's own admin page: their assigned reading and their surgeons.
class AssignmentInline(PublishedContentChoicesMixin, admin.TabularInline):
    model = Assignment
    fk_name = "patient"
    extra = 1
    fields = (
        "article",
        "plan",
        "due",
        "due_date",
        "note",
        "note_language",
        "state_display",
        "opened_at",
        "finished_at",
        "acted_by",
    )
    readonly_fields = ("state_display", "opened_at", "finished_at", "acted_by")
    autocomplete_fields = ("article",)

    @admin.display(description=_("state"))
    def state_display(self, assignment):
        return assignment.get_state_display() if assignment.pk else "–"


class PatientCareTeamsInline(admin.TabularInline):
    """A patient's care teams on their page. Staff add the patient to their own teams only (audited)."""

    model = CareTeamPatient
    fk_name = "patient"
    extra = 0
    fields = ("team", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")
    verbose_name = _("care team")
    verbose_name_plural = _("care teams")

    def get_queryset(self, request):
        # Other teams' links stay out of reach: staff neither see nor remove them.
        return super().get_queryset(request).filter(team__in=selectors.care_teams_of(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "team":
            kwargs["queryset"] = selectors.care_teams_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssignPlanForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Reading plan"), queryset=ReadingPlan.objects.all())
    due = forms.ChoiceField(label=_("When to read it"), choices=Assignment.Due.choices, required=False)
    due_date = forms.DateField(
        label=_("Read by (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note to the patient (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note_language = forms.ChoiceField(
        label=_("The note is written in"), choices=Language.choices, initial=Language.ENGLISH, required=False
    )


@admin.action(description=_("Assign a reading plan to the selected patients"))
def assign_reading_plan(modeladmin, request, queryset):
    patients = queryset.filter(groups__name=Role.PATIENT)
    form = AssignPlanForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        count = 0
        for patient in patients:
            count += len(services.plan_assign(assigned_by=request.user, patient=patient, **form.cleaned_data))
        modeladmin.message_user(
            request,
            ngettext("Assigned %(count)d article.", "Assigned %(count)d articles.", count) % {"count": count},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Assign a reading plan"),
        "form": form,
        "patients": patients,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/care/assign_plan.html", context)


CARE_TEAM_PATIENT_AUDIT = {
    "add": AuditEvent.Action.CARE_TEAM_PATIENT_ADDED,
    "delete": AuditEvent.Action.CARE_TEAM_PATIENT_REMOVED,
}
CARE_TEAM_STAFF_AUDIT = dict.fromkeys(("add", "change", "delete"), AuditEvent.Action.CARE_TEAM_STAFF_CHANGED)

UserAdmin.inlines = [*UserAdmin.inlines, AssignmentInline, PatientCareTeamsInline]
UserAdmin.audit_inline_actions = {
    **UserAdmin.audit_inline_actions,
    "care.assignment": ASSIGNMENT_AUDIT,
    "care.careteampatient": CARE_TEAM_PATIENT_AUDIT,
}
UserAdmin.actions = [*UserAdmin.actions, assign_reading_plan]


# Pathways ------------------------------------------------------------------------------------
class PathwayStepInline(PublishedContentChoicesMixin, admin.StackedInline):
    model = PathwayStep
    extra = 1
    fields = (
        ("days_from_surgery", "kind", "order"),
        "article",
        ("title", "title_es"),
        ("instructions", "instructions_es"),
    )
    autocomplete_fields = ("article",)


@admin.register(PathwayTemplate)
class PathwayTemplateAdmin(GuardedHistoryAdmin):
    """Editors write pathways and submit them; medical reviewers publish. A published pathway
    can then be changed by medical reviewers only (patients on it keep their dated steps)."""

    inlines = [PathwayStepInline]
    list_display = ("name", "status", "reviewed_by", "reviewed_on")
    list_filter = ("status",)
    search_fields = ("name", "name_es")
    fields = ("name", "name_es", "status", "reviewed_by", "reviewed_on")
    readonly_fields = ("status", "reviewed_by", "reviewed_on")
    actions = ["submit_for_review", "publish", "apply_to_patients"]

    def has_publish_permission(self, request):
        return request.user.has_perm("care.publish_pathwaytemplate")

    @admin.action(
        description=_("Apply step changes to patients already on it (medical reviewers)"), permissions=["publish"]
    )
    def apply_to_patients(self, request, queryset):
        """Confirm first: staff see, per patient, the steps to add and the dates to move, and choose whom."""
        templates = list(queryset.filter(status=PathwayTemplate.Status.PUBLISHED))
        if len(templates) != 1:
            self.message_user(request, _("Choose one published pathway."), messages.ERROR)
            return None
        template = templates[0]
        # Only the patients of the reviewer's care teams are listed and changed (need to know, issue 29).
        pathways = selectors.scope_to_patients(template.patients.all(), request.user)
        pathways = pathways.select_related("patient", "template").order_by("surgery_date", "pk")
        changes = [c for c in (services.pathway_template_changes(pathway=p) for p in pathways) if c]
        if not changes:
            self.message_user(request, _("Every patient on “%(name)s” already has its steps.") % {"name": template})
            return None
        if request.POST.get("apply"):
            chosen = set(request.POST.getlist("pathway"))
            done = 0
            for change in changes:
                if str(change.pathway.pk) in chosen:
                    services.pathway_apply_template(pathway=change.pathway, user=request.user)
                    done += 1
            if not done:
                self.message_user(request, _("No patient was chosen: nothing changed."), messages.WARNING)
                return None
            self.message_user(
                request,
                ngettext(
                    "The new steps now apply to %(count)d patient. Done steps stayed done.",
                    "The new steps now apply to %(count)d patients. Done steps stayed done.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Apply step changes of “%(name)s”") % {"name": template},
            "template": template,
            "changes": changes,
            "selected": [template.pk],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/care/pathway_apply_changes.html", context)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.status == PathwayTemplate.Status.PUBLISHED
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Submit for medical review"))
    def submit_for_review(self, request, queryset):
        for template in queryset:
            services.pathway_submit_for_review(template=template)
        self.message_user(request, _("Sent for review."), messages.SUCCESS)

    @admin.action(description=_("Publish (medical reviewers)"), permissions=["publish"])
    def publish(self, request, queryset):
        for template in queryset:
            try:
                services.pathway_publish(template=template, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{template}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(request, _("Published “%(name)s”.") % {"name": template}, messages.SUCCESS)


class PatientPathwayForm(forms.ModelForm):
    # Asked only when the pathway's first steps would already be due (issue 34).
    due_steps = forms.ChoiceField(
        label=_("Steps already due"),
        choices=services.DueSteps.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    due_steps_note = forms.CharField(
        label=_("Note (needed to mark them done)"),
        max_length=300,
        required=False,
        help_text=_("e.g. “Done at the pre-surgery visit on Monday”."),
    )

    class Meta:
        model = PatientPathway
        fields = ("patient", "template", "surgery_date")
        widgets = {"surgery_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps_already_due = []
        if "template" in self.fields:
            self.fields["template"].queryset = PathwayTemplate.objects.filter(status=PathwayTemplate.Status.PUBLISHED)
        if "patient" in self.fields:
            self.fields["patient"].queryset = self.fields["patient"].queryset.filter(groups__name=Role.PATIENT)

    def clean(self):
        cleaned = super().clean()
        template, surgery_date = cleaned.get("template"), cleaned.get("surgery_date")
        if self.instance.pk is not None or template is None or surgery_date is None:
            return cleaned
        self.steps_already_due = services.pathway_due_steps(template=template, surgery_date=surgery_date)
        count = len(self.steps_already_due)
        choice = cleaned.get("due_steps")
        if count and not choice:
            raise ValidationError(_("Some steps are already due. Choose below what to do with them, then save again."))
        if count and choice == services.DueSteps.DONE and not cleaned.get("due_steps_note", "").strip():
            self.add_error("due_steps_note", _("Write a short note on how the steps were done, then save again."))
        return cleaned


class PatientStepInline(admin.TabularInline):
    model = PatientStep
    template = "admin/care/edit_inline/steps_tabular.html"
    extra = 0
    fields = ("due", "step", "done", "acted_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("due"))
    def due(self, patient_step):
        return date_format(patient_step.due_date, "D j M")

    @admin.display(description=_("done"))
    def done(self, patient_step):
        if patient_step.done_at is None:
            return "–"
        done_on = date_format(timezone.localtime(patient_step.done_at), "D j M")
        if patient_step.done_note:
            return _("%(date)s, by the care team: %(note)s") % {"date": done_on, "note": patient_step.done_note}
        return done_on


@admin.register(PatientPathway)
class PatientPathwayAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, GuardedHistoryAdmin):
    """Put a patient on a pathway with the planned surgery date; change the date to move every step."""

    form = PatientPathwayForm
    change_list_template = "admin/care/patientpathway/change_list.html"
    change_form_template = "admin/care/patientpathway/change_form.html"
    inlines = [PatientStepInline]
    list_display = ("patient", "template", "surgery_date", "added_by")
    list_filter = ("template",)
    search_fields = ("patient__email", "patient__first_name", "patient__last_name")
    list_select_related = ("patient", "template", "added_by")
    autocomplete_fields = ("patient",)
    date_hierarchy = "surgery_date"

    def get_readonly_fields(self, request, obj=None):
        return ("patient", "template") if obj else ()

    def get_fields(self, request, obj=None):
        # The question about steps already due is drawn by the form's template, only when it is asked.
        return ("patient", "template", "surgery_date")

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["steps_already_due"] = getattr(context["adminform"].form, "steps_already_due", [])
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        behind = self.audited_view(self.behind_view, page="behind before surgery")
        return [path("behind/", behind, name="care_patientpathway_behind"), *super().get_urls()]

    def behind_view(self, request):
        """Who is behind before surgery: surgery in the next 21 days, sortable, as a page or CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        sort = request.GET.get("sort", "")
        descending = request.GET.get("order") == "desc"
        rows = selectors.behind_before_surgery(viewer=request.user, sort=sort, descending=descending)
        if request.GET.get("format") == "csv":
            request.audit_recorded = True  # csv_response records the export
            return behind_csv(rows)
        columns = [
            ("patient", _("Patient")),
            ("surgery", _("Surgery")),
            ("overdue", _("Overdue steps")),
            ("not_understood", _("Questions not yet understood")),
            ("questions", _("Open questions to the care team")),
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Who is behind before surgery"),
            "rows": rows,
            "columns": [
                (key, label, "desc" if key == sort and not descending else "asc", key == sort) for key, label in columns
            ],
            "window": selectors.BEHIND_WINDOW_DAYS,
            "csv_query": urlencode({**request.GET.dict(), "format": "csv"}),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/care/behind.html", context)

    def save_model(self, request, obj, form, change):
        if change:
            new_date = obj.surgery_date
            obj.surgery_date = PatientPathway.objects.get(pk=obj.pk).surgery_date
            services.pathway_move_surgery(pathway=obj, surgery_date=new_date)
        else:
            enrolled = services.pathway_enrol(
                patient=obj.patient,
                template=obj.template,
                surgery_date=obj.surgery_date,
                added_by=request.user,
                due_steps=form.cleaned_data.get("due_steps") or services.DueSteps.KEEP,
                note=form.cleaned_data.get("due_steps_note", ""),
            )
            obj.pk = enrolled.pk
            obj._state.adding = False


@admin.register(EducationRecord)
class EducationRecordAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who was taught what, when, in which language, how, and the response. Read-only.
    One patient's records download as FHIR R4B JSON for the hospital's EHR."""

    def get_urls(self):
        fhir_view = self.audited_view(self.fhir_view, page="FHIR bundle")
        return [path("fhir/<int:patient_id>/", fhir_view, name="care_educationrecord_fhir"), *super().get_urls()]

    def fhir_view(self, request, patient_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Only a patient of the staff member's care teams (everyone for a superuser); else 404.
        patients = selectors.patients_visible_to(request.user).filter(groups__name=Role.PATIENT)
        patient = get_object_or_404(patients, pk=patient_id)
        request.audit_target = patient
        return fhir.bundle_response(patient=patient)

    @admin.display(description=_("FHIR"))
    def fhir_link(self, record):
        url = reverse("admin:care_educationrecord_fhir", args=[record.patient_id])
        return format_html('<a href="{}">{}</a>', url, _("This patient's records as FHIR"))

    list_display = ("created_at", "patient", "topic", "question_text", "response", "language", "method", "fhir_link")
    list_filter = ("response", "language")
    search_fields = ("patient__email", "patient__last_name", "topic")
    list_select_related = ("patient",)
    date_hierarchy = "created_at"


def behind_csv(rows) -> HttpResponse:
    return csv_response(
        filename="behind-before-surgery.csv",
        header=["patient", "email", "pathway", "surgery", "overdue steps", "not understood", "open questions"],
        rows=(
            (
                row.pathway.patient.get_full_name(),
                row.pathway.patient.email,
                row.pathway.template.name,
                row.pathway.surgery_date.isoformat(),
                row.overdue_steps,
                row.not_understood,
                row.open_questions,
            )
            for row in rows
        ),
        export="behind-before-surgery",
    )


@admin.register(CarePreference)
class CarePreferenceAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, admin.ModelAdmin):
    """What each patient chose on My page (reminders); the patient changes it, staff see it."""

    list_display = ("patient", "email_reminders")
    list_filter = ("email_reminders",)
    search_fields = ("patient__email",)
    list_select_related = ("patient",)
    readonly_fields = ("patient", "email_reminders")

    def has_add_permission(self, request):
        return False


@admin.register(PathwayProcedure)
class PathwayProcedureAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, admin.ModelAdmin):
    list_display = ("pathway", "procedure")
    list_select_related = ("pathway__patient", "pathway__template", "procedure")
    autocomplete_fields = ("procedure",)


# Care teams and need to know (issue 29) --------------------------------------------------------
class CareTeamStaffInline(admin.TabularInline):
    """Who works on the team. Only superusers add, change or remove staff."""

    model = CareTeamStaff
    extra = 0
    fields = ("user", "role")
    autocomplete_fields = ("user",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class CareTeamPatientInline(PatientScopedInlineMixin, admin.TabularInline):
    """The team's patients. Its staff add patients they may already see (a new patient: add them
    from “Add user” with this team); a patient of no team of theirs is not found."""

    model = CareTeamPatient
    fk_name = "team"
    extra = 0
    fields = ("patient", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")
    autocomplete_fields = ("patient",)


@admin.register(CareTeam)
class CareTeamAdmin(NeedToKnowObjectMixin, PatientDataAdminMixin, admin.ModelAdmin):
    """Superusers create teams and add staff; a team's staff add their patients (audited)."""

    audit_inline_actions = {
        "care.careteampatient": CARE_TEAM_PATIENT_AUDIT,
        "care.careteamstaff": CARE_TEAM_STAFF_AUDIT,
    }
    audit_detail_page = "care team"

    inlines = [CareTeamStaffInline, CareTeamPatientInline]
    list_display = ("name", "surgeon", "staff_count", "patient_count")
    search_fields = ("name",)
    autocomplete_fields = ("surgeon",)

    def get_queryset(self, request):
        teams = super().get_queryset(request).filter(pk__in=selectors.care_teams_of(request.user).values("pk"))
        return teams.annotate(
            staff_total=Count("staff", distinct=True), patient_total=Count("patients", distinct=True)
        ).select_related("surgeon")

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("name", "surgeon")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("staff"))
    def staff_count(self, team):
        return team.staff_total

    @admin.display(description=_("patients"))
    def patient_count(self, team):
        return team.patient_total

    def save_formset(self, request, form, formset, change):
        _added_by(request, formset)
        super().save_formset(request, form, formset, change)


def _added_by(request, formset):
    """Patients put in a team record who did it."""
    if formset.model is CareTeamPatient:
        for inline_form in formset.forms:
            if inline_form.instance.pk is None:
                inline_form.instance.added_by = request.user


class CareTeamUserAdmin(PatientScopedAdminMixin, UserAdmin):
    """The person admin, narrowed to the patients of the staff member's care teams (superusers:
    everyone). A patient added by a team member joins the team they choose, so they stay in sight."""

    patient_field = "pk"

    def _care_team_field(self, request) -> forms.ModelChoiceField:
        teams = selectors.care_teams_of(request.user)
        return forms.ModelChoiceField(
            label=_("Care team"),
            queryset=teams,
            required=not request.user.is_superuser,
            initial=teams.first() if teams.count() == 1 else None,
            help_text=_("For a patient: the care team that looks after them. Staff see only their teams' patients."),
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and "form" not in kwargs:
            kwargs["form"] = type(
                "CareTeamUserAddForm", (self.add_form,), {"care_team": self._care_team_field(request)}
            )
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            first = dict(fieldsets[0][1], fields=(*fieldsets[0][1]["fields"], "care_team"))
            fieldsets = ((fieldsets[0][0], first), *fieldsets[1:])
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        team = form.cleaned_data.get("care_team") if not change else None
        if team is not None and form.cleaned_data.get("role") == Role.PATIENT:
            services.care_team_add_patient(team=team, patient=obj, added_by=request.user)

    def save_formset(self, request, form, formset, change):
        _added_by(request, formset)
        super().save_formset(request, form, formset, change)


admin.site.unregister(User)
admin.site.register(User, CareTeamUserAdmin)


# Caregiver access (issue 32): staff on the patient's care team see the patient's caregivers and may
# end a grant with a reason. Scoped like every patient-data admin (issue 29), every read audited.
CAREGIVER_FIELDS = (
    "patient",
    "name",
    "email",
    "caregiver",
    "may_tick_steps_and_mark_read",
    "may_ask_questions",
    "may_see_estimates",
    "send_reminders_to_caregiver",
    "created_at",
    "accepted_at",
    "expires_at",
    "revoked_at",
    "revoked_by",
    "revoke_reason",
)


class CaregiverGrantInline(admin.TabularInline):
    """On the patient's admin page: who may help them (read-only; end one from its own page)."""

    model = CaregiverGrant
    fk_name = "patient"
    fields = ("name", "email", "status_display", "scopes_display", "expires_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("caregiver")
    verbose_name_plural = _("caregivers the patient shares with")

    @admin.display(description=_("status"))
    def status_display(self, grant):
        return grant.status

    @admin.display(description=_("may also"))
    def scopes_display(self, grant):
        return caregiver_scopes_text(grant)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def caregiver_scopes_text(grant) -> str:
    chosen = [label for scope, label in CaregiverGrant.Scope.choices if grant.allows(scope)]
    return "; ".join(str(label) for label in chosen) or str(_("read only"))


class EndCaregiverAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the access ends"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Goes to the audit trail. Say it plainly, e.g. “The patient asked us by phone”."),
    )


@admin.action(description=_("End the selected caregivers' access (with a reason)"), permissions=["change"])
def end_caregiver_access(modeladmin, request, queryset):
    grants = list(queryset.filter(revoked_at__isnull=True).select_related("patient"))
    form = EndCaregiverAccessForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        ended = sum(
            caregivers.grant_revoke(grant=grant, by=request.user, reason=form.cleaned_data["reason"])
            for grant in grants
        )
        modeladmin.message_user(
            request,
            ngettext("Ended %(count)d caregiver's access.", "Ended %(count)d caregivers' access.", ended)
            % {"count": ended},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("End caregiver access"),
        "form": form,
        "grants": grants,
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/care/end_caregiver_access.html", context)


@admin.register(CaregiverGrant)
class CaregiverGrantAdmin(PatientScopedAdminMixin, PatientDataAdminMixin, admin.ModelAdmin):
    """Read-only but for one action: end the access, with a reason (audited)."""

    list_display = ("patient", "name", "email", "status_display", "expires_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("patient__email", "patient__last_name", "name", "email")
    list_select_related = ("patient",)
    fields = CAREGIVER_FIELDS
    readonly_fields = CAREGIVER_FIELDS
    actions = [end_caregiver_access]

    @admin.display(description=_("status"))
    def status_display(self, grant):
        return grant.status

    def has_add_permission(self, request):
        return False  # only the patient invites

    def has_delete_permission(self, request, obj=None):
        return False  # ended, never deleted: the record says who could see what


UserAdmin.inlines = [*UserAdmin.inlines, CaregiverGrantInline]

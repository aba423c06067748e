from django.contrib import admin

from portal.admin_history import ReadOnlyAdminMixin
from portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Superusers read and filter the audit trail; nobody adds, changes or deletes it."""

    list_display = ("created_at", "action", "actor_email", "ip_address", "target_type", "target_label")
    list_filter = ("action", "target_type", "created_at")
    search_fields = ("actor_email", "target_label", "target_id", "=ip_address")
    date_hierarchy = "created_at"
    list_per_page = 100
    fields = list_display[:3] + ("actor_id", "ip_address", "target_type", "target_id", "target_label", "detail")
    readonly_fields = fields
    actions = None

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class AuditedAdminMixin:
    """Records admin views, additions, changes and deletions of a model in the audit trail.

    `audit_actions` maps "view", "add", "change" and "delete" to AuditEvent
    actions (leave one out to record nothing for it); `audit_inline_actions`
    does the same for inline rows, keyed by the inline model's "app.model".
    Only field names are recorded, never their values.
    """

    audit_actions: dict[str, str] = {}
    audit_inline_actions: dict[str, dict[str, str]] = {}

    def _audit(self, kind, obj, detail=None, actions=None):
        action = (self.audit_actions if actions is None else actions).get(kind)
        if action:
            from portal.audit.services import audit_record

            audit_record(action=action, target=obj, detail=detail)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = response.context_data.get("original") if hasattr(response, "context_data") else None
            if obj is not None:
                self._audit("view", obj)
        return response

    def log_addition(self, request, obj, message):
        self._audit("add", obj, {"changes": message})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit("change", obj, {"changes": message})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit("delete", obj)
        return super().log_deletions(request, queryset)

    def save_formset(self, request, form, formset, change):
        actions = self.audit_inline_actions.get(formset.model._meta.label_lower)
        if actions:  # deletions first, while the rows still have their ids
            for deleted in formset.deleted_forms:
                if deleted.instance.pk is not None:
                    self._audit("delete", deleted.instance, actions=actions)
        super().save_formset(request, form, formset, change)
        if not actions:
            return
        for obj in formset.new_objects:
            self._audit("add", obj, actions=actions)
        for obj, changed_fields in formset.changed_objects:
            self._audit("change", obj, {"changes": changed_fields}, actions=actions)


class PatientDataAdminMixin(AuditedAdminMixin):
    """Every staff read of patient data through this admin writes one audit event (issue 28).

    Put it first in the bases of any ModelAdmin whose pages show patient data.
    It records:
    - the list: the filters used and the number of rows shown, never the rows
      (nor the search words, which may be a name);
    - a record's page (the "view" of `audit_actions`, by default
      PATIENT_DATA_READ; `audit_detail_page` names it);
    - its history list and each old version (simple-history);
    - any extra admin page wrapped with `self.audited_view(view, page=...)`
      in `get_urls` (FHIR bundles, reports).
    CSV exports are recorded by `portal.csv_safe.csv_response`. Only answers
    that showed the data (200 to a GET) are recorded. Issue 29's "who may this
    staff member see" selector narrows `get_queryset`; the counts follow it.
    """

    audit_read_action: str = AuditEvent.Action.PATIENT_DATA_READ
    audit_detail_page = "detail"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit_actions = {"view": self.audit_read_action, **self.audit_actions}

    def audit_read(self, request, *, page: str, target=None, **detail):
        """The one way a read of patient data is recorded; views outside the standard ones call it."""
        from portal.audit.services import audit_record

        audit_record(
            action=self.audit_actions.get("view", self.audit_read_action),
            target=target,
            request=request,
            detail={"page": page, "model": self.model._meta.label_lower, **detail},
        )

    @staticmethod
    def _shown(request, response) -> bool:
        return request.method in ("GET", "HEAD") and response.status_code == 200

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if self._shown(request, response) else None
        if changelist is not None:
            filters = {
                key: value
                for key, value in request.GET.items()
                if key not in ("q", "p", "o", "e", "_changelist_filters", "_to_field", "_popup")
            }
            self.audit_read(
                request,
                page="list",
                filters=filters,
                words_typed=bool(request.GET.get("q")),  # not the words: they may be a name
                count=len(changelist.result_list),
                matching=changelist.result_count,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super(AuditedAdminMixin, self).change_view(request, object_id, form_url, extra_context)
        if self._shown(request, response):
            obj = response.context_data.get("original") if hasattr(response, "context_data") else None
            if obj is not None:
                self._audit("view", obj, {"page": self.audit_detail_page})
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if self._shown(request, response):
            obj = getattr(response, "context_data", {}).get("object")
            self.audit_read(request, page="history", target=obj if isinstance(obj, self.model) else None)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if self._shown(request, response):
            obj = getattr(response, "context_data", {}).get("original")
            target = obj if isinstance(obj, self.model) else None
            self.audit_read(request, page="history version", target=target, version=str(version_id))
        return response

    def audited_view(self, view, *, page: str):
        """An extra admin page (FHIR bundle, report) wrapped so each answer that shows data is recorded.

        The wrapped view may set `request.audit_target` to name the patient or record shown.
        """

        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if self._shown(request, response) and not getattr(request, "audit_recorded", False):
                self.audit_read(request, page=page, target=getattr(request, "audit_target", None), **kwargs)
            return response

        return self.admin_site.admin_view(wrapped)

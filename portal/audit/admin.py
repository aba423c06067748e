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

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


class ReadOnlyAdminMixin:
    """Records nobody adds, changes or deletes in the admin (the audit trail, patients' own data,
    parts edited elsewhere): they can only be looked at."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """simple-history's "Revert" saves for anyone who may merely view the model. Here a revert
    needs change permission on the object, is refused where the model sets
    `history_revert_allowed = False` (content that changes only through review), and is audited."""

    history_revert_allowed = True

    def revert_disabled(self, request, obj=None):
        if not self.history_revert_allowed or not self.has_change_permission(request, obj):
            return True
        return super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = None
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or self.revert_disabled(request, obj):
                raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if obj is not None and response.status_code == 302:
            audit_record(action=AuditEvent.Action.CONTENT_REVERTED, target=obj, detail={"history_id": version_id})
        return response
